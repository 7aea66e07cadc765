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
    run.styles = {{"", ""}};  // pasted into the window: no file
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
    CHECK(document.at("format_version") == 4);
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

TEST_CASE("A branch's record carries its start image, start iteration, parent link and snapshot checksums",
          "[record]") {
    record::RunRecord run;
    run.init_image = {"/runs/a/iter_0020.png", std::string(64, 'c')};
    run.start_iteration = 20;
    run.parent = {"/runs/a/run.json", std::string(64, 'd'), 20};
    run.snapshots.push_back({30, "iter_0030.png", {}, std::string(64, 'e')});
    const nlohmann::json document = nlohmann::json::parse(record::sidecar_text(run));
    CHECK(document.at("init_image").at("path") == "/runs/a/iter_0020.png");
    CHECK(document.at("start_iteration") == 20);
    CHECK(document.at("parent") == nlohmann::json({{"run", "/runs/a/run.json"}, {"sha256", std::string(64, 'd')},
                                                   {"iteration", 20}}));
    CHECK(record::format_version(document, "x.json") == 4);
    const auto snapshots = record::snapshots_from_json(document, "x.json");
    REQUIRE(snapshots.size() == 1);
    CHECK(snapshots[0].iteration == 30);
    CHECK(snapshots[0].file == "iter_0030.png");
    CHECK(snapshots[0].sha256 == std::string(64, 'e'));

    // A plain run has none of the three keys.
    const nlohmann::json plain = nlohmann::json::parse(record::sidecar_text(record::RunRecord{}));
    CHECK_FALSE(plain.contains("init_image"));
    CHECK_FALSE(plain.contains("start_iteration"));
    CHECK_FALSE(plain.contains("parent"));
}

TEST_CASE("Reading a record refuses another format, a newer version and broken snapshot lists", "[record]") {
    using nlohmann::json;
    CHECK(record::format_version(json{{"style_weight", 3}}, "p.json") == 0);  // a bare parameters file
    CHECK(record::format_version(json{{"format", "gramstudio-run"}, {"format_version", 1}}, "v1.json") == 1);
    CHECK(record::format_version(json{{"format", "gramstudio-run"}, {"format_version", 3}}, "v3.json") == 3);
    CHECK_THROWS_WITH(record::format_version(json{{"format", "gramstudio-run"}, {"format_version", 5}}, "new.json"),
                      Catch::Contains("new.json") && Catch::Contains("newer") && Catch::Contains("version 5") &&
                          Catch::Contains("up to 4"));
    CHECK_THROWS_WITH(record::format_version(json{{"format", "other"}}, "o.json"),
                      Catch::Contains("o.json") && Catch::Contains("not a gramstudio-run record"));
    CHECK_THROWS_WITH(record::format_version(json{{"format", "gramstudio-run"}, {"format_version", "2"}}, "s.json"),
                      Catch::Contains("s.json") && Catch::Contains("format_version"));
    CHECK_THROWS_WITH(record::snapshots_from_json(json{{"snapshots", json::array({json{{"file", "a.png"}}})}}, "b.json"),
                      Catch::Contains("b.json") && Catch::Contains("iteration"));
    CHECK(record::snapshots_from_json(json::object(), "none.json").empty());
}

TEST_CASE("Several styles are recorded with their normalized blend, and every version's styles read back", "[record][blend]") {
    using nlohmann::json;
    record::RunRecord run;
    run.styles = {{"/p/starry.jpg", std::string(64, 'a')}, {"/p/grass.png", std::string(64, 'b')}};
    run.params.style_blend = {3.0, 1.0};
    const json document = json::parse(record::sidecar_text(run));
    CHECK(document.at("styles") == json::array({json{{"file", "/p/starry.jpg"}, {"sha256", std::string(64, 'a')}, {"blend", 0.75}},
                                                json{{"file", "/p/grass.png"}, {"sha256", std::string(64, 'b')}, {"blend", 0.25}}}));
    CHECK(document.at("style").at("path") == "/p/starry.jpg");  // the first, as versions 1 and 2 name it
    const auto styles = record::styles_from_json(document, "x.json");
    REQUIRE(styles.size() == 2);
    CHECK(styles[1].path == "/p/grass.png");
    CHECK(styles[1].sha256 == std::string(64, 'b'));

    // Version 2: the one "style".
    const json v2 = {{"style", {{"path", "/p/s.png"}, {"sha256", "cc"}}}};
    REQUIRE(record::styles_from_json(v2, "v2.json").size() == 1);
    CHECK(record::styles_from_json(v2, "v2.json")[0].sha256 == "cc");
    CHECK(record::styles_from_json(json::object(), "none.json").empty());
    CHECK_THROWS_WITH(record::styles_from_json(json{{"styles", "a.png"}}, "b.json"),
                      Catch::Contains("b.json") && Catch::Contains("not a list"));
    CHECK_THROWS_WITH(record::styles_from_json(json{{"styles", json::array({json{{"sha256", "x"}}})}}, "c.json"),
                      Catch::Contains("c.json") && Catch::Contains("without a file name"));
}

TEST_CASE("Style masks are recorded beside each style and read back, and a partial or unsafe list is refused",
          "[record][regions]") {
    using nlohmann::json;
    record::RunRecord run;
    run.styles = {{"/art/a.jpg", std::string(64, 'a')}, {"/art/b.jpg", std::string(64, 'b')}};
    run.style_masks = {{"/masks/a.png", "style_mask_1_0123456789ab.png", std::string(64, 'c')},
                       {"", "style_mask_2_ba9876543210.png", std::string(64, 'd')}};
    const json document = json::parse(record::sidecar_text(run));
    CHECK(document.at("styles")[0].at("mask") ==
          json({{"file", "/masks/a.png"}, {"copy", "style_mask_1_0123456789ab.png"}, {"sha256", std::string(64, 'c')}}));
    const auto masks = record::style_masks_from_json(document, "r.json");
    REQUIRE(masks.size() == 2);
    CHECK(masks[1].copy == "style_mask_2_ba9876543210.png");
    CHECK(masks[1].source.empty());
    CHECK(masks[0].sha256 == std::string(64, 'c'));
    // Without masks: none, and no "mask" key.
    record::RunRecord plain;
    plain.styles = run.styles;
    const json without = json::parse(record::sidecar_text(plain));
    CHECK_FALSE(without.at("styles")[0].contains("mask"));
    CHECK(record::style_masks_from_json(without, "r.json").empty());

    json partial = document;
    partial["styles"][1].erase("mask");
    CHECK_THROWS_WITH(record::style_masks_from_json(partial, "p.json"),
                      Catch::Contains("p.json") && Catch::Contains("1 of 2 styles have a mask"));
    json escaping = document;
    escaping["styles"][0]["mask"]["copy"] = "../elsewhere.png";
    CHECK_THROWS_WITH(record::style_masks_from_json(escaping, "e.json"),
                      Catch::Contains("e.json") && Catch::Contains("a file name beside the record"));
}
