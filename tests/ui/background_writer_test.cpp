// The BackgroundWriter (disk work off the GUI thread) and the jobs the window gives it.
#include "catch_checks.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/errors.h"
#include "engine/run.h"
#include "ui/background_writer.h"
#include "ui/session_folder.h"
#include "ui/write_jobs.h"
#include "widget_test_support.h"

namespace {

engine::RgbImage solid(int width, int height, std::uint8_t value) {
    engine::RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<std::size_t>(width) * height * 3, value);
    return image;
}

engine::Frame twoVariantFrame() {
    engine::Frame frame;
    frame.iteration = 7;
    frame.images = {solid(24, 16, 40), solid(24, 16, 200)};
    frame.losses.resize(2);
    return frame;
}

}  // namespace

TEST_CASE("The writer runs jobs in order on one thread that is not the GUI thread", "[ui][writer]") {
    ui::BackgroundWriter writer;
    std::mutex mutex;
    std::vector<int> ranInOrder;
    std::vector<QThread*> ranOn;
    std::vector<int> delivered;
    bool deliveredOnGuiThread = true;
    QObject::connect(&writer, &ui::BackgroundWriter::finished, [&](const ui::WriteResult& result) {
        delivered.push_back(result.iteration);
        deliveredOnGuiThread = deliveredOnGuiThread && QThread::currentThread() == qApp->thread();
    });
    for (int i = 0; i < 6; ++i) {
        ui::WriteResult request;
        request.iteration = i;
        REQUIRE(writer.submit(request, [&, i](ui::WriteResult&) {
            QThread::msleep(i % 2 ? 1 : 15);  // uneven durations: order must not depend on them
            std::lock_guard<std::mutex> lock(mutex);
            ranInOrder.push_back(i);
            ranOn.push_back(QThread::currentThread());
        }));
    }
    CHECK(writer.pending() == 6);
    REQUIRE(ui_test::waitUntil([&] { return writer.pending() == 0; }, 10000));
    CHECK(ranInOrder == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK(delivered == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK(deliveredOnGuiThread);
    for (QThread* thread : ranOn) {
        CHECK(thread != qApp->thread());
        CHECK(thread == ranOn.front());
    }
}

TEST_CASE("A job's exception becomes its result's error, and the next job still runs", "[ui][writer]") {
    ui::BackgroundWriter writer;
    std::vector<ui::WriteResult> results;
    QObject::connect(&writer, &ui::BackgroundWriter::finished,
                     [&](const ui::WriteResult& result) { results.push_back(result); });
    ui::WriteResult request;
    request.target = "/nowhere/a.png";
    writer.submit(request, [](ui::WriteResult& result) {
        result.written << "/nowhere/a.png";
        throw engine::OutputError("/nowhere/a.png: cannot write (No such file or directory)");
    });
    writer.submit(request, [](ui::WriteResult& result) { result.written << "b.png"; });
    REQUIRE(ui_test::waitUntil([&] { return writer.pending() == 0; }, 10000));
    REQUIRE(results.size() == 2);
    CHECK_FALSE(results[0].ok());
    CHECK(results[0].error.contains("/nowhere/a.png: cannot write"));
    CHECK(results[0].written.isEmpty());  // a failed job reports nothing as written
    CHECK(results[1].ok());
    CHECK(results[1].written == QStringList{"b.png"});
}

TEST_CASE("Automatic snapshots are refused while the writer is busy, kept jobs never are", "[ui][writer]") {
    ui::BackgroundWriter writer;
    std::atomic<bool> release{false};
    int delivered = 0;
    QObject::connect(&writer, &ui::BackgroundWriter::finished, [&](const ui::WriteResult&) { ++delivered; });
    auto slow = [&](ui::WriteResult&) {
        while (!release) QThread::msleep(1);
    };
    REQUIRE(writer.submit({}, slow));  // an export holding the writer thread
    int accepted = 0;
    for (int i = 0; i < 10; ++i) accepted += writer.submit({}, [](ui::WriteResult&) {}, true) ? 1 : 0;
    CHECK(accepted == ui::BackgroundWriter::kMaxDroppable);  // bounded, whatever the frame rate
    CHECK(writer.submit({}, [](ui::WriteResult&) {}, false));  // the Snap button's frame
    CHECK(writer.pending() == 1 + ui::BackgroundWriter::kMaxDroppable + 1);
    release = true;
    REQUIRE(ui_test::waitUntil([&] { return writer.pending() == 0; }, 10000));
    CHECK(delivered == 1 + ui::BackgroundWriter::kMaxDroppable + 1);
    // Once the writer has caught up, automatic snapshots are accepted again.
    CHECK(writer.submit({}, [](ui::WriteResult&) {}, true));
    REQUIRE(ui_test::waitUntil([&] { return writer.pending() == 0; }, 10000));
}

TEST_CASE("Destroying the writer waits for the writes in flight and delivers nothing after", "[ui][writer]") {
    auto writer = std::make_unique<ui::BackgroundWriter>();
    std::atomic<int> finishedJobs{0};
    int delivered = 0;
    QObject context;
    QObject::connect(writer.get(), &ui::BackgroundWriter::finished, &context,
                     [&](const ui::WriteResult&) { ++delivered; });
    for (int i = 0; i < 3; ++i)
        writer->submit({}, [&](ui::WriteResult&) {
            QThread::msleep(100);
            ++finishedJobs;
        });
    writer.reset();
    CHECK(finishedJobs == 3);  // every accepted write ran to its end
    QCoreApplication::processEvents();
    CHECK(delivered == 0);  // its results died with it: no slot of a destroyed window can run
}

TEST_CASE("Ctrl+S in compare mode names one file per variant after its style loss", "[ui][writer]") {
    engine::Params params;
    params.style_loss = engine::StyleLossMode::Full;
    params.compare_loss = engine::StyleLossMode::Diagonal;
    CHECK(ui::resultPaths("/out/result.png", params, 1) == QStringList{"/out/result.png"});
    CHECK(ui::resultPaths("/out/result.png", params, 2) == QStringList{"/out/result_full.png", "/out/result_diag.png"});
    params.compare_loss = engine::StyleLossMode::Full;  // the same loss twice: A and B
    CHECK(ui::resultPaths("/out/result.png", params, 2) == QStringList{"/out/result_a.png", "/out/result_b.png"});
    CHECK(ui::variantParams(params, 1).style_loss == engine::StyleLossMode::Full);
    params.compare_loss = engine::StyleLossMode::MeanStd;
    CHECK(ui::variantParams(params, 1).style_loss == engine::StyleLossMode::MeanStd);
    CHECK(ui::variantParams(params, 0).style_loss == engine::StyleLossMode::Full);
}

TEST_CASE("Saving both variants writes both or neither", "[ui][writer]") {
    QTemporaryDir dir;
    engine::Params params;  // Full vs Diagonal
    params.compare = true;
    ui::WriteResult result;
    ui::SessionFolder session(dir.path());
    ui::writeResult(session, twoVariantFrame(), params, dir.filePath("art.png"), result);
    CHECK(result.written.size() == 4);
    for (const char* name : {"art_full.png", "art_full.json", "art_diag.png", "art_diag.json"})
        CHECK(QFile::exists(dir.filePath(name)));
    CHECK_FALSE(QFile::exists(dir.filePath("art.png")));
    QFile diag(dir.filePath("art_diag.json"));
    REQUIRE(diag.open(QIODevice::ReadOnly));
    CHECK(diag.readAll().contains("\"style_loss\": \"diag\""));  // each sidecar describes its variant

    // The second variant cannot be written (a folder is in the way): the first is removed again.
    QTemporaryDir blocked;
    REQUIRE(QDir(blocked.path()).mkdir("art_diag.png"));
    ui::WriteResult failed;
    CHECK_THROWS_AS(ui::writeResult(session, twoVariantFrame(), params, blocked.filePath("art.png"), failed), engine::OutputError);
    CHECK(QDir(blocked.path()).entryList(QDir::Files | QDir::Hidden | QDir::System).isEmpty());
}

TEST_CASE("A snapshot job writes every variant with a sidecar, a label and a small thumbnail", "[ui][writer]") {
    QTemporaryDir dir;
    ui::SessionFolder session(dir.path());
    engine::Params params;
    params.compare = true;
    engine::Frame frame = twoVariantFrame();
    frame.images = {solid(600, 300, 10), solid(600, 300, 250)};
    ui::WriteResult result;
    ui::writeSnapshot(session, frame, params, result);
    REQUIRE(result.written.size() == 2);
    // Named after their style losses, as the CLI names its variants (record/snapshot_names.h).
    CHECK(result.written[0].endsWith("iter_0007_full.png"));
    CHECK(result.written[1].endsWith("iter_0007_diag.png"));
    CHECK(result.labels == QStringList{"iter 7 A", "iter 7 B"});
    REQUIRE(result.thumbnails.size() == 2);
    CHECK(result.thumbnails[0].width() <= 176);
    CHECK(result.thumbnails[0].height() <= 176);
    CHECK(result.thumbnails[1].pixelColor(5, 5).red() == 250);
    for (const QString& png : result.written) CHECK(QFile::exists(ui::SessionFolder::sidecarPathFor(png)));
}
