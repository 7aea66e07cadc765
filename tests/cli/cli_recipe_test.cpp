// --recipe with the real gramstudio-cli: the layers the weights lack are left out and said (stderr
// and --json), the recorded parameters replay without the recipe.
#include "catch_checks.h"

#include <nlohmann/json.hpp>

#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::read_file;
using cli_test::run_cli;
using cli_test::TempDir;
using nlohmann::json;

TEST_CASE("A recipe naming layers the weights lack runs on the layers they have, says which, and replays",
          "[cli][e2e][recipe]") {
    TempDir dir;
    const auto run = run_cli({"--content", test_paths::image("building.jpg"), "--style", test_paths::image("starry_night.jpg"),
                              "--out", dir / "g.png", "--size", "48", "--iters", "8", "--threads", "2", "--recipe",
                              "gatys2015", "--json", "--snapshot-dir", dir / "run", "--snapshot-every", "8"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.err, Contains("Recipe gatys2015: the weights lack conv4_1, conv5_1 (left out)"));
    const json summary = json::parse(run.last_line());
    CHECK(summary.at("recipe").at("name") == "gatys2015");
    CHECK_THAT(summary.at("recipe").at("layers_note").get<std::string>(), Contains("conv4_2 (content layer"));
    const json record = json::parse(read_file(dir / "run/run.json"));
    CHECK(record.at("params").at("init") == "noise");
    CHECK(record.at("params").at("style_layers").size() == 3);  // as run: conv1_1, conv2_1, conv3_1

    const auto again = run_cli({"--replay", dir / "run/run.json", "--out", dir / "again.png", "--quiet"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "g.png"));

    const auto unknown = run_cli({"--content", test_paths::image("building.jpg"), "--style",
                                  test_paths::image("starry_night.jpg"), "--out", dir / "x.png", "--recipe", "nope"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Contains("unknown recipe 'nope'"));
}
