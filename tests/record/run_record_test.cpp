// The gramstudio-run document: what the CLI and the window write beside a run's images.
#include "catch_checks.h"

#include <filesystem>

#include "engine/errors.h"
#include "record/run_record.h"
#include "record/sha256.h"
#include "test_paths.h"

TEST_CASE("describe_file records the absolute normalised path and the file's SHA-256", "[record]") {
    const std::string image = test_paths::image("starry_night.jpg");
    const record::InputRecord input = record::describe_file(image);
    CHECK(std::filesystem::path(input.path).is_absolute());
    CHECK(input.path == std::filesystem::absolute(image).lexically_normal().string());
    CHECK(input.sha256 == record::sha256_file(image));
    CHECK(input.sha256.size() == 64);
    CHECK_THROWS_WITH(record::describe_file("/nonexistent/photo.jpg"), Catch::Contains("/nonexistent/photo.jpg"));
}

TEST_CASE("The run record's document holds the format, inputs, parameters and each snapshot's losses", "[record]") {
    record::RunRecord run;
    run.params.style_weight = 300.0;
    run.content = {"/photos/cat.png", std::string(64, 'a')};
    run.style = {"", ""};  // pasted into the window: no file
    run.weights = {"/models/vgg19.safetensors", std::string(64, 'b')};
    run.height = 43;
    run.width = 64;
    engine::LossBreakdown losses;
    losses.total = 6.0;
    losses.content = 1.0;
    losses.style = 2.0;
    losses.tv = 3.0;
    losses.style_per_layer = {{"conv1_1", 2.0}};
    run.snapshots.push_back({150, "cat_starry_0150.png", {losses}});
    run.status = "saved";

    const nlohmann::json document = nlohmann::json::parse(record::sidecar_text(run));
    CHECK(document.at("format") == "gramstudio-run");
    CHECK(document.at("format_version") == 1);
    CHECK(document.at("params").at("style_weight") == 300.0);
    CHECK(document.at("content").at("path") == "/photos/cat.png");
    CHECK(document.at("style").at("path") == "");
    CHECK(document.at("size") == nlohmann::json::array({43, 64}));
    CHECK(document.at("snapshots").size() == 1);
    CHECK(document.at("snapshots")[0].at("iteration") == 150);
    CHECK(document.at("snapshots")[0].at("losses")[0].at("tv") == 3.0);
    CHECK(document.at("snapshots")[0].at("losses")[0].at("style_per_layer").at("conv1_1") == 2.0);
    CHECK(document.at("status") == "saved");
    CHECK_FALSE(document.contains("replayed_from"));
}
