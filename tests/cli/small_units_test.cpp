// Progress text, output names, Content-Range parsing and subcommand flags.
#include "catch_checks.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "download/http_fetch.h"
#include "cli/output_paths.h"
#include "cli/progress.h"
#include "record/snapshot_names.h"
#include "engine/errors.h"
#include "process.h"

using Catch::Contains;

namespace {

engine::Frame progress_frame(int iteration, int total, double elapsed) {
    engine::Frame frame;
    frame.iteration = iteration;
    frame.total_iterations = total;
    frame.elapsed_seconds = elapsed;
    frame.losses.push_back({12.5, 2, 10, 0.5, {}});
    return frame;
}

}  // namespace

TEST_CASE("a progress line shows iteration, losses, speed and ETA", "[cli][progress]") {
    cli::RateMeter rate;
    // Start-up (loading, the first evaluation) made the first iteration end at 20 s; the next
    // three took 0.5 s each: 2 it/s, 26 iterations left = 13 s.
    for (int i = 1; i <= 4; ++i) rate.add(i, 20 + 0.5 * (i - 1));
    const std::string line = cli::format_progress(progress_frame(4, 30, 21.5), rate);
    CHECK_THAT(line, Contains("it 4/30") && Contains("loss 12.5") && Contains("content 2") && Contains("style 10") &&
                         Contains("tv 0.5") && Contains("2 it/s") && Contains("ETA 0:13"));
    CHECK_THAT(cli::format_progress(progress_frame(4, 30, 21.5), rate, /*details=*/false),
               Contains("loss 12.5") && !Contains("content 2"));
}

TEST_CASE("no speed or ETA until a few iterations after the first are measured", "[cli][progress]") {
    cli::RateMeter rate;
    for (int i = 1; i <= cli::RateMeter::kIterationsBeforeRate; ++i) {
        rate.add(i, 20.0 + i);
        CHECK_FALSE(rate.known());
        CHECK_THAT(cli::format_progress(progress_frame(i, 30, 20.0 + i), rate), !Contains("ETA") && !Contains("it/s"));
    }
    rate.add(cli::RateMeter::kIterationsBeforeRate + 1, 24.0);
    REQUIRE(rate.known());
    CHECK(rate.per_second() == Approx(1.0));  // 3 iterations in 3 s; the 21 s of start-up not counted
}

TEST_CASE("the live line fits the terminal's width", "[cli][progress]") {
    cli::RateMeter rate;
    for (int i = 1; i <= 5; ++i) rate.add(i, i);
    engine::Frame frame = progress_frame(5, 300, 5);
    frame.losses.push_back({34.75, 1, 33, 0.75, {}});  // compare mode: a longer line
    frame.scale_count = 3;
    const std::string wide = cli::fit_progress_line(frame, rate, 200);
    CHECK_THAT(wide, Contains("[") && Contains("content 2") && Contains("ETA"));
    for (const int width : {80, 60, 40, 20}) {
        const std::string line = cli::fit_progress_line(frame, rate, width);
        INFO("width " << width << ": " << line);
        CHECK(line.size() <= static_cast<std::size_t>(width - 1));
        CHECK_THAT(line, Contains("it 5/300"));
    }
    CHECK_THAT(cli::fit_progress_line(frame, rate, 80), Contains("ETA"));  // what goes first are the details
    setenv("COLUMNS", "57", 1);
    CHECK(cli::Progress::terminal_width() == 57);
    unsetenv("COLUMNS");
    CHECK(cli::Progress::terminal_width() > 0);  // the terminal's, or 80 without one
}

TEST_CASE("without a terminal progress is plain lines every few iterations", "[cli][progress]") {
    std::ostringstream out;
    cli::Progress progress(out, /*terminal=*/false, /*quiet=*/false, 100);  // a line every 5 iterations
    engine::Frame frame;
    frame.total_iterations = 100;
    frame.losses.push_back({});
    for (int i = 1; i <= 12; ++i) {
        frame.iteration = i;
        progress.update(frame);
    }
    progress.finish(frame);
    const std::string text = out.str();
    CHECK(text.find('\r') == std::string::npos);
    CHECK_THAT(text, Contains("it 5/100\n") || Contains("it 5/100 "));
    CHECK(std::count(text.begin(), text.end(), '\n') == 3);  // 5, 10, and the final 12
    std::ostringstream quiet_out;
    cli::Progress quiet(quiet_out, false, true, 100);
    quiet.update(frame);
    quiet.finish(frame);
    CHECK(quiet_out.str().empty());
}

TEST_CASE("on a terminal progress is one bar redrawn in place", "[cli][progress]") {
    std::ostringstream out;
    cli::Progress progress(out, /*terminal=*/true, /*quiet=*/false, 4);
    engine::Frame frame;
    frame.total_iterations = 4;
    frame.elapsed_seconds = 1;
    frame.losses.push_back({1234.5, 1, 1000, 5, {}});
    frame.iteration = 1;
    progress.update(frame);  // drawn: the first update
    frame.iteration = 2;
    progress.update(frame);  // within 100 ms of the last draw: skipped
    frame.iteration = 4;
    frame.elapsed_seconds = 2;
    frame.losses[0].total = 9.5;  // a shorter line than before: the rest of the old one is blanked
    progress.finish(frame);
    const std::string text = out.str();
    CHECK(std::count(text.begin(), text.end(), '\r') == 2);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);  // only finish() ends the line
    CHECK(text.back() == '\n');
    CHECK_THAT(text, Contains("it 1/4") && Contains("it 4/4"));
    CHECK_THAT(text, !Contains("it 2/4"));
    const auto last = text.substr(text.rfind('\r') + 1);
    const auto first = text.substr(1, text.rfind('\r') - 1);
    CHECK(last.size() - 1 >= first.size());  // padded to cover the longer first line
}

TEST_CASE("snapshot names sort by iteration, variant names sit beside OUT", "[cli][outputs]") {
    CHECK(record::snapshot_file_name(10) == "iter_0010.png");
    CHECK(record::snapshot_file_name(12345) == "iter_12345.png");
    CHECK(record::snapshot_file_name(7, "diag") == "iter_0007_diag.png");
    CHECK(record::variant_path("dir/out.png", "diag") == "dir/out_diag.png");
    CHECK(record::variant_path("out.png", "full") == "out_full.png");
    engine::Params params;
    params.compare_loss = engine::StyleLossMode::W2;
    CHECK(record::variant_names(params, 2) == std::vector<std::string>{"full", "w2"});
    CHECK(record::variant_names(params, 1).empty());
    params.compare_loss = params.style_loss;  // the same loss twice: told apart by letter
    CHECK(record::variant_names(params, 2) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("outputs are checked before the run", "[cli][outputs]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "file.txt") << "x";
    cli::RunOptions options;
    options.out = dir / "file.txt/out.png";  // the parent is a file: cannot be a folder
    CHECK_THROWS_AS(cli::plan_outputs(options), engine::OutputError);
    options.out = dir / "new/sub/out.png";
    options.snapshot_dir = dir / "snaps";
    options.params.compare = true;
    options.params.compare_loss = engine::StyleLossMode::Diagonal;
    const cli::OutputPaths paths = cli::plan_outputs(options);
    CHECK(cli_test::file_exists(dir / "new/sub"));
    CHECK(cli_test::file_exists(dir / "snaps"));
    CHECK(paths.sidecar == dir / "snaps/run.json");
    CHECK(paths.out_main == dir / "new/sub/out_full.png");
    CHECK(paths.out_compare == dir / "new/sub/out_diag.png");
    options.out = dir / "out.jpg";
    CHECK_THROWS_AS(cli::plan_outputs(options), engine::ParamError);
}

TEST_CASE("Content-Range headers are parsed strictly", "[cli][fetch]") {
    std::uint64_t first = 0, last = 0, total = 0;
    REQUIRE(download::parse_content_range("bytes 0-7/1234", first, last, total));
    CHECK(first == 0);
    CHECK(last == 7);
    CHECK(total == 1234);
    REQUIRE(download::parse_content_range(" bytes 100-199/*", first, last, total));
    CHECK(total == 0);
    CHECK_FALSE(download::parse_content_range("bytes 9-7/1234", first, last, total));
    CHECK_FALSE(download::parse_content_range("bytes 0-7/5", first, last, total));
    CHECK_FALSE(download::parse_content_range("items 0-7/1234", first, last, total));
    CHECK_FALSE(download::parse_content_range("bytes -7/1234", first, last, total));
}

