// RunWorker: frames stream from the worker thread, live parameters apply at the next
// iteration, at most one preview is in flight, and stop/destruction end promptly.
#include "catch_checks.h"

#include <QElapsedTimer>
#include <algorithm>
#include <memory>
#include <vector>

#include "ui/run_worker.h"
#include "widget_test_support.h"

namespace {

engine::Params smallRun(int iterations) {
    engine::Params params;
    params.size = 64;
    params.iterations = iterations;
    params.threads = 1;
    return params;
}

// Collects frames on the UI thread; consumes each at once unless told otherwise.
struct FrameLog {
    explicit FrameLog(ui::RunWorker& worker, bool consume = true) {
        QObject::connect(&worker, &ui::RunWorker::frameReady, &context,
                         [this, &worker, consume](const engine::Frame& frame, quint64) {
                             frames.push_back(frame);
                             if (consume) worker.frameConsumed();
                         });
        QObject::connect(&worker, &ui::RunWorker::snapshotReady, &context,
                         [this](const engine::Frame& frame, quint64) { snapshots.push_back(frame); });
        QObject::connect(&worker, &ui::RunWorker::runEnded, &context, [this](int status, quint64) { ended = status; });
        QObject::connect(&worker, &ui::RunWorker::paramsApplied, &context,
                         [this](quint64 generation, int iteration, quint64) { applied.emplace_back(generation, iteration); });
        QObject::connect(&worker, &ui::RunWorker::failed, &context,
                         [this](const QString& message, quint64) { failure = message; });
    }
    QObject context;
    std::vector<engine::Frame> frames, snapshots;
    std::vector<std::pair<quint64, int>> applied;  // (generation, iteration when applied)
    int ended = -1;
    QString failure;
};

}  // namespace

TEST_CASE("The worker streams frames with images until the run finishes", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    worker.setSnapshotEvery(3);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(7));
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0 || !log.failure.isEmpty(); }, 60000));
    INFO(log.failure.toStdString());
    CHECK(log.ended == static_cast<int>(engine::RunStatus::Finished));
    REQUIRE_FALSE(log.frames.empty());
    CHECK(log.frames.front().iteration == 0);  // the start image comes first
    CHECK(log.frames.back().iteration == 7);
    CHECK(log.frames.back().status == engine::RunStatus::Finished);
    for (const auto& frame : log.frames) {
        REQUIRE(frame.images.size() == 1);
        CHECK(std::max(frame.images[0].width, frame.images[0].height) == 64);
    }
    // Snapshots at 3 and 6, and the final image, each with pixels, whatever the preview throttling.
    REQUIRE(log.snapshots.size() == 3);
    CHECK(log.snapshots[0].iteration == 3);
    CHECK(log.snapshots[1].iteration == 6);
    CHECK(log.snapshots[2].iteration == 7);
    CHECK(log.snapshots[1].images.size() == 1);
}

TEST_CASE("A live parameter change applies at the next iteration without a restart", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(500));
    REQUIRE(ui_test::waitUntil([&] { return log.frames.size() >= 3; }, 60000));
    const int iterationAtChange = worker.iterationsDone();
    const double styleBefore = log.frames.back().losses.at(0).style;

    engine::Params changed = worker.appliedParams();
    changed.style_weight *= 100.0;
    worker.setParams(changed);
    REQUIRE(ui_test::waitUntil(
        [&] { return !log.frames.empty() && log.frames.back().generation >= 1; }, 30000));
    const auto it = std::find_if(log.frames.begin(), log.frames.end(), [](const auto& f) { return f.generation >= 1; });
    // The worker takes the change at the top of the iteration after the one in progress.
    REQUIRE(log.applied.size() == 1);
    CHECK(log.applied[0].first == 1);
    CHECK(log.applied[0].second >= iterationAtChange);
    CHECK(log.applied[0].second <= iterationAtChange + 1);
    CHECK(it->iteration > log.applied[0].second);
    CHECK(worker.appliedParams().style_weight == Approx(changed.style_weight));
    // The weighted style loss jumps by about the factor (the image barely moved in one step).
    CHECK(it->losses.at(0).style > 20.0 * styleBefore);
    CHECK(worker.isRunning());
    worker.stop();
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0; }, 2000));
    CHECK(log.ended == static_cast<int>(engine::RunStatus::Cancelled));
}

TEST_CASE("Latest frame wins: no preview is sent while one is in flight", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker, /*consume=*/false);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(500));
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() >= 6; }, 60000));
    ui_test::waitUntil([] { return false; }, 50);  // deliver anything queued
    CHECK(log.frames.size() == 1);  // the start image, never consumed: everything else was skipped
    CHECK(worker.framesSkipped() >= 5);

    worker.frameConsumed();
    const int before = worker.iterationsDone();
    REQUIRE(ui_test::waitUntil([&] { return log.frames.size() >= 2; }, 30000));
    CHECK(log.frames[1].iteration > before);  // the newest state, not a queued old one
    CHECK(log.frames[1].images.size() == 1);
}

TEST_CASE("The frames whose preview was skipped are kept, with their images, for the history", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker, /*consume=*/false);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(500));
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() >= 6; }, 60000));
    std::vector<engine::Frame> skipped = worker.takeSkippedFrames();
    REQUIRE(skipped.size() >= 5);
    // Iterations 1, 2, 3, ... in order, none missing, each with its image and losses.
    for (std::size_t i = 0; i < skipped.size(); ++i) {
        CHECK(skipped[i].iteration == static_cast<int>(i) + 1);
        CHECK(skipped[i].images.size() == 1);
        CHECK(skipped[i].losses.size() == 1);
    }
    CHECK(skipped[0].images[0].pixels != skipped[4].images[0].pixels);  // each its own state
    // Taken once: the next call starts after them.
    const int last = skipped.back().iteration;
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() >= last + 2; }, 60000));
    skipped = worker.takeSkippedFrames();
    REQUIRE_FALSE(skipped.empty());
    CHECK(skipped.front().iteration == last + 1);
    worker.stop();
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0; }, 2000));
}

TEST_CASE("The parameters each generation ran with stay known after a later change", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(500));
    REQUIRE(ui_test::waitUntil([&] { return log.frames.size() >= 2; }, 60000));
    const double first = worker.appliedParams().style_weight;
    for (double factor : {10.0, 100.0}) {
        engine::Params changed = worker.appliedParams();
        changed.style_weight = first * factor;
        worker.setParams(changed);
        const std::size_t applied = log.applied.size();
        REQUIRE(ui_test::waitUntil([&] { return log.applied.size() > applied; }, 30000));
    }
    REQUIRE(worker.paramsOfGeneration(0));
    REQUIRE(worker.paramsOfGeneration(2));
    CHECK(worker.paramsOfGeneration(0)->style_weight == Approx(first));
    CHECK(worker.paramsOfGeneration(1)->style_weight == Approx(first * 10.0));
    CHECK(worker.paramsOfGeneration(2)->style_weight == Approx(first * 100.0));
    CHECK_FALSE(worker.paramsOfGeneration(3));
    worker.stop();
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0; }, 2000));
}

TEST_CASE("Pause holds the run and resume continues it", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                 smallRun(500));
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() >= 2; }, 60000));
    worker.pause(true);
    ui_test::waitUntil([] { return false; }, 300);  // the iteration in progress ends
    const int held = worker.iterationsDone();
    ui_test::waitUntil([] { return false; }, 300);
    CHECK(worker.iterationsDone() == held);
    worker.pause(false);
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() > held; }, 30000));
}

TEST_CASE("Stop and destruction end a run within 2 s, also while paused", "[ui][worker]") {
    auto worker = std::make_unique<ui::RunWorker>();
    FrameLog log(*worker);
    worker->start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                  smallRun(100000));
    REQUIRE(ui_test::waitUntil([&] { return log.frames.size() >= 2; }, 60000));
    QElapsedTimer timer;
    timer.start();
    worker->stop();
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0; }, 2000));
    CHECK(timer.elapsed() < 2000);

    worker->start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"),
                  smallRun(100000));
    REQUIRE(ui_test::waitUntil([&] { return worker->iterationsDone() >= 1; }, 60000));
    worker->pause(true);
    timer.restart();
    worker.reset();  // destructor: abort, cancel, wake the paused loop, wait
    CHECK(timer.elapsed() < 2000);
}

TEST_CASE("Impossible parameters are reported, not thrown across the thread", "[ui][worker]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    engine::Params params = smallRun(5);
    params.style_layers = {{"conv5_1", 1.0}};  // not in the development weights
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), ui_test::smallImage("starry_night.jpg"), params);
    REQUIRE(ui_test::waitUntil([&] { return !log.failure.isEmpty(); }, 30000));
    CHECK(log.failure.contains("conv5_1"));
    CHECK(log.frames.empty());
}

TEST_CASE("New paintings replace parameters still pending from before them (their blend counted the old list)",
          "[ui][worker][blend]") {
    ui::RunWorker worker;
    FrameLog log(worker);
    QStringList rejected;
    QObject::connect(&worker, &ui::RunWorker::paramsRejected, &log.context,
                     [&](const QString& message, quint64) { rejected << message; });
    const engine::RgbImage starry = ui_test::smallImage("starry_night.jpg"), grass = ui_test::smallImage("grass.png");
    engine::Params two = smallRun(500);
    two.style_blend = {1.0, 1.0};
    worker.start(ui_test::model(), ui_test::smallImage("building.jpg"), std::vector<engine::RgbImage>{starry, grass}, two,
                 {}, {"starry.jpg", "grass.png"});
    REQUIRE(ui_test::waitUntil([&] { return log.frames.size() >= 2; }, 60000));
    worker.pause(true);
    const int done = worker.iterationsDone();
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() == done; }, 5000));
    // While paused: a slider moved (the blend of two), then the second painting removed.
    engine::Params moved = two;
    moved.style_weight *= 2;
    worker.setParams(moved);
    engine::Params one = moved;
    one.style_blend.clear();
    worker.setStyles({starry}, {"starry.jpg"}, one);
    worker.pause(false);
    REQUIRE(ui_test::waitUntil([&] { return worker.appliedStylePaths().size() == 1; }, 20000));
    REQUIRE(ui_test::waitUntil([&] { return worker.iterationsDone() > done + 1; }, 20000));
    CHECK(rejected.isEmpty());
    CHECK(worker.appliedParams().style_weight == Approx(moved.style_weight));
    CHECK(worker.appliedParams().style_blend.empty());
    worker.stop();
    REQUIRE(ui_test::waitUntil([&] { return log.ended >= 0; }, 5000));
}
