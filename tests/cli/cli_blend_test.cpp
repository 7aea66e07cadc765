// Several styles with the real gramstudio-cli at 64 px: two paintings blended with a style scale
// and the w2 loss, the record's "styles", replay, blend 1,0 against the single style, and errors.
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "process.h"
#include "record/sha256.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::read_file;
using cli_test::with;
using cli_test::run_cli;
using cli_test::TempDir;
using nlohmann::json;


TEST_CASE("Two blended styles with a scale and w2 run, are recorded and replay byte for byte", "[cli][e2e][blend]") {
    TempDir dir;
    const auto blended = run_cli(with(cli_test::small_run_args(dir, "blend.png"), {"--style", test_paths::image("grass.png"), "--style-blend",
                                                               "3,1", "--style-scale", "0.5", "--style-loss", "w2",
                                                               "--snapshot-every", "6", "--snapshot-dir", dir / "run"}));
    INFO(blended.err);
    REQUIRE(blended.exit_code == 0);
    const json summary = json::parse(blended.last_line());
    REQUIRE(summary.at("styles").size() == 2);
    CHECK(summary.at("styles")[0].at("blend") == 0.75);
    CHECK(summary.at("styles")[1].at("blend") == 0.25);
    CHECK(summary.at("styles")[1].at("sha256") == record::sha256_file(test_paths::image("grass.png")));
    CHECK(summary.at("style_size")[0].get<int>() <= 32);  // half the result's longest side
    CHECK(summary.at("loss").at("total").get<double>() < summary.at("initial_loss").at("total").get<double>());

    const json record = json::parse(read_file(dir / "run/run.json"));
    CHECK(record.at("params").at("style_blend") == json::array({3.0, 1.0}));
    CHECK(record.at("params").at("style_loss") == "w2");
    CHECK(record.at("styles")[1].at("file") == std::filesystem::path(test_paths::image("grass.png")).lexically_normal().string());

    const auto replayed = run_cli({"--replay", dir / "run/run.json", "--out", dir / "again.png", "--quiet"});
    INFO(replayed.err);
    REQUIRE(replayed.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "blend.png"));

    // The blend changes the picture: the same run with the painting alone differs.
    const auto alone = run_cli(with(cli_test::small_run_args(dir, "alone.png"), {"--style-scale", "0.5", "--style-loss", "w2"}));
    REQUIRE(alone.exit_code == 0);
    CHECK(read_file(dir / "alone.png") != read_file(dir / "blend.png"));
}

TEST_CASE("Blend weights 1,0 give the single style's result byte for byte", "[cli][e2e][blend]") {
    TempDir dir;
    const auto single = run_cli(cli_test::small_run_args(dir, "single.png"));
    const auto blended = run_cli(with(cli_test::small_run_args(dir, "blend.png"), {"--style", test_paths::image("grass.png"), "--style-blend", "1,0"}));
    INFO(single.err << blended.err);
    REQUIRE(single.exit_code == 0);
    REQUIRE(blended.exit_code == 0);
    CHECK(read_file(dir / "single.png") == read_file(dir / "blend.png"));
}

TEST_CASE("Style lists the CLI refuses: a count mismatch, a fifth style, an unreadable painting", "[cli][e2e][blend]") {
    TempDir dir;
    const auto mismatch = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style-blend", "1,2"}));
    CHECK(mismatch.exit_code == 2);
    CHECK_THAT(mismatch.err, Contains("--style-blend has 2 weights for 1 style"));
    const std::string s = test_paths::image("grass.png");
    const auto five = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style", s, "--style", s, "--style", s, "--style", s}));
    CHECK(five.exit_code == 2);
    CHECK_THAT(five.err, Contains("at most 4"));
    std::ofstream(dir / "broken.png") << "not an image";
    const auto broken = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style", dir / "broken.png"}));
    CHECK(broken.exit_code == 3);
    CHECK_THAT(broken.err, Contains(dir / "broken.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));
}
