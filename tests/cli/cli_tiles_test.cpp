// --max-memory with the real gramstudio-cli: a run larger than the limit computed in tiles, the
// tiles in the summary and the record, and limits that cannot work refused with the reason.
#include "catch_checks.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::read_file;
using cli_test::run_cli;
using cli_test::TempDir;
using cli_test::with;
using nlohmann::json;

TEST_CASE("A 1024 px run under a 1G limit is computed in tiles and says so", "[cli][e2e][tiles]") {
    // Whole, a 1024 px run needs about 2 GiB; under 1G (the process holding about 0.3 of it) its
    // one scale goes in tiles.
    TempDir dir;
    auto args = cli_test::small_run_args(dir, "tiled.png");
    args = with(args, {"--size", "1024", "--iters", "1", "--max-memory", "1G", "--snapshot-every", "1",
                       "--snapshot-dir", dir / "run"});
    const auto tiled = run_cli(args);
    INFO(tiled.err);
    REQUIRE(tiled.exit_code == 0);
    const json summary = json::parse(tiled.last_line());
    REQUIRE(summary.at("scale_tiles").size() == 1);
    CHECK(summary.at("scale_tiles")[0].get<int>() > 1);
    CHECK(summary.at("max_memory") == "1G");
    // The seam measure at the tiles' boundaries, with the photo's at the same lines beside it
    // (after one step the result is still the photo: the same).
    const json& seams = summary.at("seams");
    CHECK(seams.at("boundaries").get<int>() > 0);
    CHECK(seams.at("ratio").get<double>() == Approx(seams.at("photo_ratio").get<double>()).epsilon(0.05));
    const json record = json::parse(read_file(dir / "run/run.json"));
    CHECK(record.at("result").at("scale_tiles") == summary.at("scale_tiles"));
}

TEST_CASE("Memory limits that cannot work are refused with the reason", "[cli][e2e][tiles]") {
    TempDir dir;
    const auto unreadable = run_cli(with(cli_test::small_run_args(dir, "a.png"), {"--max-memory", "lots"}));
    CHECK(unreadable.exit_code != 0);
    CHECK_THAT(unreadable.err, Contains("--max-memory: 'lots' is not a memory size such as 2G, 1500M"));
    const auto tiny = run_cli(with(cli_test::small_run_args(dir, "b.png"), {"--max-memory", "10M"}));
    CHECK(tiny.exit_code != 0);
    CHECK_THAT(tiny.err, Contains("too small for any run"));
    // Above the parser's floor but below what the process holds once the weights are loaded.
    const auto held = run_cli(with(cli_test::small_run_args(dir, "c.png"), {"--max-memory", "64M"}));
    CHECK(held.exit_code != 0);
    CHECK_THAT(held.err, Contains("is below what this process holds already"));
    CHECK_FALSE(std::filesystem::exists(dir / "c.png"));
}
