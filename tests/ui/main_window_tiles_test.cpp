// Runs larger than the memory in the window: the Memory limit preference, the tiles outlined on
// the canvas and named in the status while they are computed, and a limit that cannot work.
#include "catch_checks.h"

#include <QLabel>
#include <QSettings>

#include "engine/memory_estimate.h"
#include "window_test_support.h"

namespace {

struct RestoreMemory {
    ~RestoreMemory() {
        engine::override_available_bytes(0);
        engine::set_memory_limit(0);
    }
};

QString progressText(const ui::MainWindow& window) {
    return window.findChild<QLabel*>(QStringLiteral("iterationLabel"))->text();
}

}  // namespace

TEST_CASE("A run too large for the memory runs in tiles, outlined on the canvas while they are computed",
          "[ui][window][tiles]") {
    RestoreMemory restore;
    auto window = ui_test::readyWindow(400, 0, 256);
    // The machine is made to have 70% of what the run needs whole (Winograd's kernels and the Gram
    // matrices do not shrink with the tiles: at this small size a quarter would not fit even in tiles).
    engine::Params params = window->currentParams();
    const auto whole = engine::estimate_run_bytes(*window->modelLoader()->model(), params, 176, 256);
    engine::override_available_bytes(whole * 7 / 10);
    window->startRun();
    INFO(window->noticeText().toStdString());
    REQUIRE(ui_test::waitUntil([&] { return window->framesShown() >= 3; }, 180000));
    const auto outlines = window->compareView()->canvas(0)->tileOutlines();
    INFO(progressText(*window).toStdString());
    REQUIRE(outlines.size() > 1);
    CHECK(progressText(*window).contains(QStringLiteral("tiles (memory limit)")));
    // The outlines cover the picture exactly once: their areas add up to all of it.
    double area = 0;
    for (const QRectF& tile : outlines) {
        CHECK(tile.left() >= 0.0);
        CHECK(tile.right() <= 1.0 + 1e-9);
        area += tile.width() * tile.height();
    }
    CHECK(area == Approx(1.0).epsilon(1e-9));
    window->stopRun();
    REQUIRE(ui_test::waitUntilIdle(*window, 30000));
    CHECK(window->compareView()->canvas(0)->tileOutlines().isEmpty());
}

TEST_CASE("The memory limit is a preference kept between sessions, and one below the window's own memory is refused",
          "[ui][window][tiles]") {
    RestoreMemory restore;
    QSettings().clear();
    {
        auto window = ui_test::readyWindow(20);
        CHECK(window->runSettings()->memoryLimitMiB() == 0);
        CHECK(window->runSettings()->memoryLimitBox()->text() == QStringLiteral("Available"));
        // 64 MiB: less than the window holds already (Qt, LibTorch, the weights).
        window->runSettings()->setMemoryLimitMiB(64);
        window->startRun();
        REQUIRE(ui_test::waitUntil([&] { return !window->isRunning(); }, 60000));
        INFO(window->noticeText().toStdString());
        CHECK(window->noticeText().contains(QStringLiteral("The memory limit of 64M is below what this process holds already")));
        window->runSettings()->setMemoryLimitMiB(3072);
        window->close();
    }
    ui::MainWindow reopened(QString::fromStdString(test_paths::weights_file()));
    CHECK(reopened.runSettings()->memoryLimitMiB() == 3072);
    QSettings().clear();
}
