// Per-region styles with the real gramstudio-cli at 64 px: --style-mask files, the masks kept
// beside the record and replayed after the originals changed, and the errors.
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/image_io.h"
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

namespace {

// A grey mask file: the left `left_of` fraction of its width at `left`, the rest at `right`.
std::string write_mask(const TempDir& dir, const std::string& name, int left, int right, double left_of = 0.5) {
    engine::RgbImage image{40, 30, {}};
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const auto v = static_cast<std::uint8_t>(x < left_of * image.width ? left : right);
            image.pixels.insert(image.pixels.end(), {v, v, v});
        }
    const std::string path = dir / name;
    engine::save_png(image, path);
    return path;
}

}  // namespace

TEST_CASE("Two styles in two masked halves run, keep their masks beside the record and replay byte for byte",
          "[cli][e2e][regions]") {
    TempDir dir;
    const auto left = write_mask(dir, "left.png", 255, 0), right = write_mask(dir, "right.png", 0, 255);
    const auto regions = run_cli(with(cli_test::small_run_args(dir, "regions.png"), {"--style", test_paths::image("grass.png"), "--style-mask",
                                                                 left, "--style-mask", right, "--snapshot-every", "6",
                                                                 "--snapshot-dir", dir / "run"}));
    INFO(regions.err);
    REQUIRE(regions.exit_code == 0);
    const json record = json::parse(read_file(dir / "run/run.json"));
    CHECK(record.at("format_version") == 4);
    REQUIRE(record.at("styles").size() == 2);
    for (int i = 0; i < 2; ++i) {
        const auto& mask = record.at("styles")[i].at("mask");
        INFO(mask.dump());
        CHECK(mask.at("file") == std::filesystem::path(i == 0 ? left : right).lexically_normal().string());
        const std::string copy = dir / ("run/" + mask.at("copy").get<std::string>());
        REQUIRE(std::filesystem::exists(copy));
        CHECK(mask.at("sha256") == record::sha256_file(copy));
    }
    // The masks change the picture: the same two styles blended everywhere differ.
    const auto blended = run_cli(with(cli_test::small_run_args(dir, "blend.png"), {"--style", test_paths::image("grass.png")}));
    REQUIRE(blended.exit_code == 0);
    CHECK(read_file(dir / "blend.png") != read_file(dir / "regions.png"));

    // The original masks swapped and then deleted: the replay reads the copies and paints the same.
    std::filesystem::rename(left, dir / "tmp.png");
    std::filesystem::rename(right, left);
    std::filesystem::remove(dir / "tmp.png");
    const auto replayed = run_cli({"--replay", dir / "run/run.json", "--out", dir / "again.png", "--quiet"});
    INFO(replayed.err);
    REQUIRE(replayed.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "regions.png"));

    // A copy changed since: the replay refuses it, naming the file.
    const std::string copy = dir / ("run/" + record.at("styles")[0].at("mask").at("copy").get<std::string>());
    std::filesystem::copy_file(left, copy, std::filesystem::copy_options::overwrite_existing);  // the right half's mask
    const auto changed = run_cli({"--replay", dir / "run/run.json", "--out", dir / "changed.png", "--quiet"});
    CHECK(changed.exit_code == 3);
    CHECK_THAT(changed.err, Contains(copy));
    CHECK_THAT(changed.err, Contains("changed since"));
    CHECK_FALSE(std::filesystem::exists(dir / "changed.png"));
}

TEST_CASE("One style under a white mask gives the unmasked result byte for byte", "[cli][e2e][regions]") {
    TempDir dir;
    const auto white = write_mask(dir, "white.png", 255, 255);
    const auto plain = run_cli(cli_test::small_run_args(dir, "plain.png"));
    const auto masked = run_cli(with(cli_test::small_run_args(dir, "masked.png"), {"--style-mask", white}));
    INFO(plain.err << masked.err);
    REQUIRE(plain.exit_code == 0);
    REQUIRE(masked.exit_code == 0);
    CHECK(read_file(dir / "plain.png") == read_file(dir / "masked.png"));
}

TEST_CASE("Masks the CLI refuses: a count that differs, an unreadable file, an all-black mask", "[cli][e2e][regions]") {
    TempDir dir;
    const auto white = write_mask(dir, "white.png", 255, 255);
    const auto two = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style-mask", white, "--style-mask", white}));
    CHECK(two.exit_code == 2);
    CHECK_THAT(two.err, Contains("--style-mask given 2 times for 1 style"));

    std::ofstream(dir / "broken.png") << "not an image";
    const auto broken = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style-mask", dir / "broken.png"}));
    CHECK(broken.exit_code == 3);
    CHECK_THAT(broken.err, Contains(dir / "broken.png"));

    const auto black = write_mask(dir, "black.png", 0, 0);
    const auto empty = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style-mask", black}));
    CHECK(empty.exit_code == 3);
    CHECK_THAT(empty.err, Contains(black));
    CHECK_THAT(empty.err, Contains("selects no pixel"));

    const auto missing = run_cli(with(cli_test::small_run_args(dir, "x.png"), {"--style-mask", dir / "nowhere.png"}));
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Contains(dir / "nowhere.png"));
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));

    // The mask may not be overwritten by the result.
    const auto onto_mask = run_cli({"--content", test_paths::image("building.jpg"), "--style",
                                    test_paths::image("starry_night.jpg"), "--style-mask", white, "--out", white,
                                    "--size", "64", "--iters", "2", "--quiet"});
    CHECK(onto_mask.exit_code == 4);
    CHECK_THAT(onto_mask.err, Contains("mask of style 1"));
}
