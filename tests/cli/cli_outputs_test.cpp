// Nothing of the user's is lost: outputs that are inputs, two outputs that are one file, and a
// snapshot folder that holds another run, each refused by the real binary (exit 4) before any
// work, with the inputs byte for byte as they were.
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::file_exists;
using cli_test::read_file;
using cli_test::run_cli;
using cli_test::TempDir;
namespace fs = std::filesystem;

namespace {

// A copy of the sample photo and painting in `dir`, so a failure cannot touch the shared ones.
struct Inputs {
    explicit Inputs(const TempDir& dir) : content(dir / "photo.jpg"), style(dir / "painting.jpg") {
        fs::copy_file(test_paths::image("building.jpg"), content);
        fs::copy_file(test_paths::image("starry_night.jpg"), style);
        content_bytes = read_file(content);
        style_bytes = read_file(style);
    }
    bool untouched() const { return read_file(content) == content_bytes && read_file(style) == style_bytes; }
    std::string content, style, content_bytes, style_bytes;
};

std::vector<std::string> run_args(const Inputs& in, const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"--content", in.content, "--style", in.style, "--out", out,
                                  "--size", "32", "--iters", "2", "--threads", "2", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

TEST_CASE("an --out that is one of the inputs is refused with exit 4, by identity not spelling", "[cli][outputs]") {
    TempDir dir;
    Inputs in(dir);
    fs::copy_file(in.content, dir / "photo.png");  // --out must name a .png: a PNG photo
    in.content = dir / "photo.png";
    fs::create_directory(dir / "sub");
    fs::create_symlink(in.content, dir / "link-to-photo.png");
    fs::create_hard_link(in.style, dir / "hard-link-to-painting.png");
    struct Case {
        std::string out, names;
    };
    // Each --out names an input: spelt another way, through a symbolic link, through a hard link.
    for (const Case& c : {Case{dir / "sub/../photo.png", "the content image"},
                          Case{dir / "link-to-photo.png", "the content image"},
                          Case{dir / "hard-link-to-painting.png", "the style image"}}) {
        INFO(c.out);
        const auto result = run_cli(run_args(in, c.out, {}));
        CHECK(result.exit_code == 4);
        CHECK_THAT(result.err, Contains("gramstudio-cli: output error: --out") && Contains(c.names) &&
                                   Contains("the run would replace it"));
    }
    CHECK(in.untouched());
    CHECK(fs::is_symlink(dir / "link-to-photo.png"));
    CHECK(read_file(dir / "hard-link-to-painting.png") == in.style_bytes);
}

TEST_CASE("a compare variant, the sidecar or the timelapse naming an input is refused too", "[cli][outputs]") {
    TempDir dir;
    const Inputs in(dir);
    fs::copy_file(in.content, dir / "r_full.png");  // the content is also what --out r.png's full variant is called
    auto args = run_args(in, dir / "r.png", {"--compare", "diag"});
    args[1] = dir / "r_full.png";
    auto result = run_cli(args);
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains("compare variant") && Contains("the content image"));
    CHECK(read_file(dir / "r_full.png") == in.content_bytes);

    result = run_cli(run_args(in, dir / "r.png", {"--sidecar", in.style}));
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains("--sidecar") && Contains("the style image"));

    // Two outputs that are one file: one would overwrite the other.
    result = run_cli(run_args(in, dir / "r.png", {"--sidecar", dir / "r.png"}));
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains("--sidecar") && Contains("--out") && Contains("one would overwrite the other"));
    CHECK(in.untouched());
    CHECK_FALSE(file_exists(dir / "r.png"));
}

TEST_CASE("a snapshot folder holding another run is refused, and --overwrite replaces exactly that run", "[cli][outputs]") {
    TempDir dir;
    const Inputs in(dir);
    const std::string snaps = dir / "snaps";
    // The earlier run: 4 iterations, a snapshot every 1.
    auto first = run_cli(run_args(in, dir / "first.png", {"--iters", "4", "--snapshot-every", "1", "--snapshot-dir", snaps}));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    std::ofstream(snaps + "/notes.txt") << "the user's own file";
    const std::string record = read_file(snaps + "/run.json");
    const std::string snapshot4 = read_file(snaps + "/iter_0004.png");

    // Without --overwrite: refused before any work, the earlier run byte for byte as it was.
    auto again = run_args(in, dir / "second.png", {"--iters", "2", "--snapshot-every", "1", "--snapshot-dir", snaps});
    const auto refused = run_cli(again);
    CHECK(refused.exit_code == 4);
    CHECK_THAT(refused.err, Contains("holds another run's record") && Contains("4 snapshots") && Contains("--overwrite"));
    CHECK(read_file(snaps + "/run.json") == record);
    CHECK(read_file(snaps + "/iter_0004.png") == snapshot4);
    CHECK_FALSE(file_exists(dir / "second.png"));

    // With --overwrite: the earlier run's snapshots 3 and 4 would otherwise stay beside the new
    // run's 1 and 2; they are gone, and the user's own file is kept.
    again.push_back("--overwrite");
    const auto replaced = run_cli(again);
    INFO(replaced.err);
    REQUIRE(replaced.exit_code == 0);
    CHECK(file_exists(snaps + "/iter_0001.png"));
    CHECK(file_exists(snaps + "/iter_0002.png"));
    CHECK_FALSE(file_exists(snaps + "/iter_0003.png"));
    CHECK_FALSE(file_exists(snaps + "/iter_0004.png"));
    CHECK(read_file(snaps + "/notes.txt") == "the user's own file");
    const auto sidecar = nlohmann::json::parse(read_file(snaps + "/run.json"));
    CHECK(sidecar.at("params").at("iterations") == 2);
    CHECK(sidecar.at("snapshots").size() == 2);
    CHECK(file_exists(dir / "first.png"));  // the earlier run's result is the user's: kept
}

TEST_CASE("a folder with a run.json that is not a run record is never cleared", "[cli][outputs]") {
    TempDir dir;
    const Inputs in(dir);
    fs::create_directory(dir / "snaps");
    std::ofstream(dir / "snaps/run.json") << R"({"my": "own file"})";
    const auto result = run_cli(run_args(in, dir / "r.png", {"--snapshot-every", "1", "--snapshot-dir", dir / "snaps",
                                                             "--overwrite"}));
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains("is not a Gram Studio run record"));
    CHECK(read_file(dir / "snaps/run.json") == R"({"my": "own file"})");
}
