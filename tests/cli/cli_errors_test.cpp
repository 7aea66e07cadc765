// Exit codes and messages of the real binary for bad options, inputs and outputs; help texts.
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::file_exists;
using cli_test::run_cli;
using cli_test::TempDir;

namespace {

std::vector<std::string> tiny_run(const TempDir& dir, std::vector<std::string> extra) {
    std::vector<std::string> args{"--content", test_paths::image("building.jpg"), "--style",
                                  test_paths::image("starry_night.jpg"), "--out", dir / "out.png", "--size", "32",
                                  "--iters", "1", "--threads", "2", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

TEST_CASE("an unknown flag exits 2 naming it", "[cli][errors]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--frobnicate"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("--frobnicate"));
    CHECK_FALSE(file_exists(dir / "out.png"));
}

TEST_CASE("a --size of 0 exits 2 naming --size and its range", "[cli][errors]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--size", "0"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("--size") && Contains("16") && Contains("4096"));
}

TEST_CASE("a run whose loss diverges exits 2 and keeps the last good image", "[cli][errors]") {
    TempDir dir;
    // Adam (L-BFGS would retry shorter steps instead of diverging).
    const auto result = run_cli(tiny_run(dir, {"--size", "64", "--iters", "30", "--optimizer", "adam", "--lr", "100", "--json"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("diverged") && Contains("learning rate 100") && Contains("Lower the learning rate"));
    CHECK(file_exists(dir / "out.png"));
    CHECK_THAT(result.out, Contains("\"status\":\"numeric fault\""));
}

TEST_CASE("a bad choice exits 2 listing the allowed values", "[cli][errors]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--optimizer", "newton"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("--optimizer") && Contains("lbfgs, adam, sgd"));
}

TEST_CASE("a missing content image exits 3 naming it", "[cli][errors]") {
    TempDir dir;
    auto args = tiny_run(dir, {});
    args[1] = dir / "no-such-photo.jpg";
    const auto result = run_cli(args);
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Contains(dir / "no-such-photo.jpg"));
    CHECK_FALSE(file_exists(dir / "out.png"));
}

TEST_CASE("corrupt weights exit 3 naming the file", "[cli][errors]") {
    TempDir dir;
    std::ofstream(dir / "bad.safetensors") << "this is not a safetensors file at all";
    const auto result = run_cli(tiny_run(dir, {"--weights", dir / "bad.safetensors"}));
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Contains(dir / "bad.safetensors"));
    CHECK_FALSE(file_exists(dir / "out.png"));
}

TEST_CASE("an unwritable --out exits 4 before the run and leaves no file", "[cli][errors]") {
    TempDir dir;
    std::ofstream(dir / "a-file") << "x";
    auto args = tiny_run(dir, {});
    args[5] = dir / "a-file/out.png";
    const auto result = run_cli(args);
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains(dir / "a-file"));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);  // only a-file
}

TEST_CASE("the --help flag of every command exits 0 and explains the options", "[cli][errors]") {
    const auto run_help = run_cli({"--help"});
    CHECK(run_help.exit_code == 0);
    for (const char* flag : {"--content", "--style-loss", "--compare", "--snapshot-every", "--replay", "--json"})
        CHECK_THAT(run_help.out, Contains(flag));
    const auto layers_help = run_cli({"layers", "--help"});
    CHECK(layers_help.exit_code == 0);
    CHECK_THAT(layers_help.out, Contains("--weights"));
    const auto fetch_help = run_cli({"fetch-weights", "--help"});
    CHECK(fetch_help.exit_code == 0);
    CHECK_THAT(fetch_help.out, Contains("--url") && Contains("--dest"));
    CHECK(run_cli({"layers", "--bogus"}).exit_code == 2);
}

TEST_CASE("layers lists what the shared weights provide", "[cli][errors]") {
    const auto result = run_cli({"layers"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("caffe_bgr_255") && Contains("conv1_1") && Contains("conv3_4") &&
                               Contains("256 filters") && Contains("(8 of 16)") &&
                               Contains("default content layer: conv3_2"));
    CHECK_THAT(result.out, !Contains("conv4_1"));
}
