// Starting a run from an image: --init-image, and --branch RUN.json --at N (a new run from an
// earlier run's snapshot, its iterations numbered from N, the parent link recorded), with the
// real gramstudio-cli at 64 px.
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/image_io.h"
#include "process.h"
#include "record/run_record.h"
#include "record/sha256.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::read_file;
using cli_test::run_cli;
using cli_test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> parent_run(const TempDir& dir) {
    return {"--content", test_paths::image("building.jpg"), "--style", test_paths::image("starry_night.jpg"),
            "--out", dir / "parent.png", "--size", "64", "--iters", "30", "--threads", "2", "--quiet",
            "--snapshot-every", "10", "--snapshot-dir", dir / "a"};
}

json read_json(const std::string& path) { return json::parse(read_file(path)); }

void write_json(const std::string& path, const json& document) { std::ofstream(path) << document.dump(2); }

}  // namespace

TEST_CASE("A branch at a snapshot starts near the parent's loss there, numbers on from it and links its parent",
          "[cli][e2e][branch]") {
    TempDir dir;
    // Without the bleed: a branch from a snapshot (the picture) mirrors a new bleed around it, so
    // under the bleed its first loss is not yet the parent's (an open gap, README Padding).
    auto args = parent_run(dir);
    args.insert(args.end(), {"--padding", "reflect"});
    const auto parent = run_cli(args);
    INFO(parent.err);
    REQUIRE(parent.exit_code == 0);
    const json parent_record = read_json(dir / "a/run.json");
    REQUIRE(parent_record.at("snapshots").size() == 3);
    const json& at_10 = parent_record.at("snapshots")[0];
    CHECK(at_10.at("sha256") == record::sha256_file(dir / "a/iter_0010.png"));

    const auto branch = run_cli({"--branch", dir / "a/run.json", "--at", "10", "--out", dir / "branch.png",
                                 "--snapshot-every", "10", "--snapshot-dir", dir / "b", "--json", "--quiet"});
    INFO(branch.err);
    REQUIRE(branch.exit_code == 0);
    const json summary = json::parse(branch.last_line());
    CHECK(summary.at("start_iteration") == 10);
    CHECK(summary.at("iterations") == 30);
    const double parent_loss = at_10.at("losses")[0].at("total").get<double>();
    const double start_loss = summary.at("initial_loss").at("total").get<double>();
    CHECK(start_loss == Approx(parent_loss).epsilon(0.05));
    CHECK(summary.at("loss").at("total").get<double>() < 0.95 * start_loss);

    const json record = read_json(dir / "b/run.json");
    CHECK(record.at("format_version") == record::kFormatVersion);
    CHECK(record.at("start_iteration") == 10);
    CHECK(record.at("parent").at("run") == fs::path(dir / "a/run.json").lexically_normal().string());
    CHECK(record.at("parent").at("sha256") == record::sha256_file(dir / "a/run.json"));
    CHECK(record.at("parent").at("iteration") == 10);
    CHECK(record.at("init_image").at("sha256") == at_10.at("sha256"));
    CHECK_FALSE(record.contains("replayed_from"));
    REQUIRE(record.at("snapshots").size() == 2);  // numbered on from 10
    CHECK(record.at("snapshots")[0].at("iteration") == 20);
    CHECK(record.at("snapshots")[1].at("iteration") == 30);
    CHECK(record.at("params") == parent_record.at("params"));  // the parent's parameters, none overridden

    // The branch's own record replays it byte for byte (from the same snapshot of the parent).
    const auto again = run_cli({"--replay", dir / "b/run.json", "--out", dir / "again.png", "--quiet"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "branch.png"));

    // A flag beside --branch overrides the parent's value.
    const auto lighter = run_cli({"--branch", dir / "a/run.json", "--at", "20", "--style-weight", "300", "--out",
                                  dir / "lighter.png", "--sidecar", dir / "lighter.json", "--quiet"});
    INFO(lighter.err);
    REQUIRE(lighter.exit_code == 0);
    CHECK(read_json(dir / "lighter.json").at("params").at("style_weight") == 300.0);
}

TEST_CASE("A branch refuses an iteration that is no snapshot, a changed or missing snapshot and a newer record",
          "[cli][e2e][branch]") {
    TempDir dir;
    REQUIRE(run_cli(parent_run(dir)).exit_code == 0);
    const auto not_a_snapshot = run_cli({"--branch", dir / "a/run.json", "--at", "15", "--out", dir / "x.png"});
    CHECK(not_a_snapshot.exit_code == 2);
    CHECK_THAT(not_a_snapshot.err, Contains("--at 15") && Contains("10, 20, 30"));
    const auto past_the_end = run_cli({"--branch", dir / "a/run.json", "--at", "30", "--out", dir / "x.png"});
    CHECK(past_the_end.exit_code == 2);
    CHECK_THAT(past_the_end.err, Contains("--iters 30") && Contains("give more than 30"));
    const auto without_at = run_cli({"--branch", dir / "a/run.json", "--out", dir / "x.png"});
    CHECK(without_at.exit_code == 2);
    CHECK_THAT(without_at.err, Contains("--at N"));

    json newer = read_json(dir / "a/run.json");
    newer["format_version"] = record::kFormatVersion + 1;
    write_json(dir / "newer.json", newer);
    const auto from_newer = run_cli({"--branch", dir / "newer.json", "--at", "10", "--out", dir / "x.png"});
    CHECK(from_newer.exit_code == 3);
    CHECK_THAT(from_newer.err, Contains(dir / "newer.json") && Contains("newer"));

    // Another picture where iteration 20's snapshot was: refused, exit 3, naming it.
    fs::copy_file(dir / "a/iter_0010.png", dir / "a/iter_0020.png", fs::copy_options::overwrite_existing);
    const auto changed = run_cli({"--branch", dir / "a/run.json", "--at", "20", "--out", dir / "x.png"});
    CHECK(changed.exit_code == 3);
    CHECK_THAT(changed.err, Contains("iter_0020.png") && Contains("changed"));
    fs::remove(dir / "a/iter_0030.png");
    const auto missing = run_cli({"--branch", dir / "a/run.json", "--at", "30", "--iters", "40", "--out", dir / "x.png"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Contains("iter_0030.png"));
    CHECK_FALSE(fs::exists(dir / "x.png"));
}

TEST_CASE("A compare run's snapshots are one file per variant, and a branch starts from the variant chosen",
          "[cli][e2e][branch]") {
    TempDir dir;
    auto args = parent_run(dir);
    args.insert(args.end(), {"--compare", "diag", "--iters", "10", "--timelapse", dir / "both.avi"});
    const auto parent = run_cli(args);
    INFO(parent.err);
    REQUIRE(parent.exit_code == 0);
    // Named as the window names them, each the size of the result (not both side by side).
    const engine::RgbImage full = engine::load_image(dir / "a/iter_0010_full.png");
    const engine::RgbImage diag = engine::load_image(dir / "a/iter_0010_diag.png");
    CHECK(full.width == 64);
    CHECK(diag.width == 64);
    CHECK(full.pixels != diag.pixels);
    CHECK_FALSE(fs::exists(dir / "a/iter_0010.png"));
    CHECK(fs::file_size(dir / "both.avi") > 0);
    const json snapshot = read_json(dir / "a/run.json").at("snapshots").at(0);
    CHECK(snapshot.at("file") == "iter_0010_full.png");
    REQUIRE(snapshot.at("variants").size() == 2);
    CHECK(snapshot.at("variants")[1].at("name") == "diag");
    CHECK(snapshot.at("variants")[1].at("file") == "iter_0010_diag.png");
    CHECK(snapshot.at("variants")[1].at("sha256") == record::sha256_file(dir / "a/iter_0010_diag.png"));

    // --variant diag: the branch starts from exactly the diag picture (its first frame's loss
    // differs from the full one's start), and records that file as its start.
    const auto from_diag = run_cli({"--branch", dir / "a/run.json", "--at", "10", "--variant", "diag", "--iters", "12",
                                    "--out", dir / "d.png", "--sidecar", dir / "d.json", "--quiet", "--json"});
    INFO(from_diag.err);
    REQUIRE(from_diag.exit_code == 0);
    const json diag_start = read_json(dir / "d.json").at("init_image");
    CHECK(fs::path(diag_start.at("path").get<std::string>()).filename() == "iter_0010_diag.png");
    CHECK(diag_start.at("sha256") == record::sha256_file(dir / "a/iter_0010_diag.png"));
    const auto from_main = run_cli({"--branch", dir / "a/run.json", "--at", "10", "--iters", "12", "--out", dir / "m.png",
                                    "--sidecar", dir / "m.json", "--quiet"});
    REQUIRE(from_main.exit_code == 0);
    CHECK(fs::path(read_json(dir / "m.json").at("init_image").at("path").get<std::string>()).filename() ==
          "iter_0010_full.png");

    // A variant the snapshot lacks: exit 2, listing those it has.
    const auto unknown = run_cli({"--branch", dir / "a/run.json", "--at", "10", "--variant", "w2", "--out", dir / "x.png"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Contains("--variant w2") && Contains("full, diag"));
    const auto alone = run_cli({"--variant", "diag", "--content", test_paths::image("building.jpg"), "--style",
                                test_paths::image("starry_night.jpg"), "--out", dir / "x.png"});
    CHECK(alone.exit_code == 2);
    CHECK_THAT(alone.err, Contains("--branch"));
    CHECK_FALSE(fs::exists(dir / "x.png"));

    // An older compare record (one side-by-side file per snapshot, no variants) is still refused.
    json older = read_json(dir / "a/run.json");
    for (auto& s : older.at("snapshots")) s.erase("variants");
    write_json(dir / "a/older.json", older);
    const auto from_older = run_cli({"--branch", dir / "a/older.json", "--at", "10", "--out", dir / "x.png"});
    CHECK(from_older.exit_code == 2);
    CHECK_THAT(from_older.err, Contains("side by side"));
}

TEST_CASE("An --init-image starts from any image, is recorded and replayed, and is never an output", "[cli][e2e][branch]") {
    TempDir dir;
    const std::string start = dir / "start.png";
    engine::save_png(engine::load_image(test_paths::image("fruits.jpg"), 100), start);  // another size
    const std::vector<std::string> common{"--content", test_paths::image("building.jpg"), "--style",
                                          test_paths::image("starry_night.jpg"), "--size", "64", "--iters", "5",
                                          "--threads", "2", "--quiet", "--json"};
    auto plain_args = common;
    plain_args.insert(plain_args.end(), {"--out", dir / "plain.png"});
    auto from_image_args = common;
    from_image_args.insert(from_image_args.end(),
                           {"--init-image", start, "--out", dir / "from_image.png", "--sidecar", dir / "s.json"});
    const auto plain = run_cli(plain_args), from_image = run_cli(from_image_args);
    INFO(plain.err << from_image.err);
    REQUIRE(plain.exit_code == 0);
    REQUIRE(from_image.exit_code == 0);
    // The content start has no content loss; the fruits start has plenty.
    CHECK(json::parse(plain.last_line()).at("initial_loss").at("content").get<double>() == Approx(0).margin(1e-9));
    CHECK(json::parse(from_image.last_line()).at("initial_loss").at("content").get<double>() > 0.1);
    const json record = read_json(dir / "s.json");
    CHECK(record.at("init_image").at("sha256") == record::sha256_file(start));
    CHECK_FALSE(record.contains("start_iteration"));
    CHECK_FALSE(record.contains("parent"));

    const auto again = run_cli({"--replay", dir / "s.json", "--out", dir / "again.png", "--quiet"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "from_image.png"));

    const std::string before = read_file(start);
    auto onto_itself = common;
    onto_itself.insert(onto_itself.end(), {"--init-image", start, "--out", start});
    const auto refused = run_cli(onto_itself);
    CHECK(refused.exit_code == 4);
    CHECK_THAT(refused.err, Contains("the start image"));
    CHECK(read_file(start) == before);
}

TEST_CASE("A version-1 record (before snapshot checksums) still replays and branches", "[cli][e2e][branch]") {
    TempDir dir;
    REQUIRE(run_cli(parent_run(dir)).exit_code == 0);
    json v1 = read_json(dir / "a/run.json");
    v1["format_version"] = 1;
    for (auto& snapshot : v1["snapshots"]) snapshot.erase("sha256");
    write_json(dir / "a/v1.json", v1);
    const auto replay = run_cli({"--replay", dir / "a/v1.json", "--out", dir / "again.png", "--quiet"});
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    CHECK(read_file(dir / "again.png") == read_file(dir / "parent.png"));
    const auto branch = run_cli({"--branch", dir / "a/v1.json", "--at", "20", "--out", dir / "b.png", "--quiet"});
    INFO(branch.err);
    CHECK(branch.exit_code == 0);
}
