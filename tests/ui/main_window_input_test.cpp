// The window's inputs and robustness (offscreen): Ctrl+V into the focused slot through the window's
// shortcut, settings that survive a restart, Start pressed repeatedly, a new image mid-run.
#include "catch_checks.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QSettings>
#include <QTest>

#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/layer_panel.h"
#include "ui/run_worker.h"
#include "ui/weight_slider.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::readyWindow;
using ui_test::waitUntil;

namespace {

// Runs retired by the window are deleted with deleteLater; deliver those deletions (as qWait does).
int liveWorkers(ui::MainWindow& window) {
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return static_cast<int>(window.findChildren<ui::RunWorker*>().size());
}

}  // namespace

TEST_CASE("Ctrl+V on the window pastes the clipboard image into the focused slot", "[ui][window][input]") {
    ui::MainWindow window(QString::fromStdString(test_paths::weights_file()));
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    window.styleSlot()->setFocus();
    REQUIRE(waitUntil([&] { return QApplication::focusWidget() == window.styleSlot(); }, 2000));

    QImage image(40, 20, QImage::Format_RGB32);
    image.fill(QColor(10, 200, 30));
    QApplication::clipboard()->setImage(image);
    REQUIRE_FALSE(window.contentSlot()->hasImage());  // an unfocused paste would go to the empty content slot
    QTest::keySequence(&window, QKeySequence(QKeySequence::Paste));

    REQUIRE(window.styleSlot()->hasImage());
    CHECK(window.styleSlot()->image().width == 40);
    CHECK(window.styleSlot()->image().height == 20);
    CHECK(window.styleSlot()->image().pixels[1] == 200);
    CHECK(window.styleSlot()->infoText() == "pasted image · 40 × 20 px");
    CHECK_FALSE(window.contentSlot()->hasImage());
}

TEST_CASE("Parameters survive closing the window and opening a new one", "[ui][window][settings]") {
    QSettings().clear();  // the test process's own settings folder; start from defaults
    const QString weights = QString::fromStdString(test_paths::weights_file());
    double styleWeight = 0;
    {
        ui::MainWindow window(weights);
        window.show();
        REQUIRE(waitUntil([&] { return window.modelLoader()->isLoaded(); }, 60000));
        window.liveParams()->styleWeight()->setValue(3.0e4);
        styleWeight = window.liveParams()->styleWeight()->value();
        QComboBox* mode = window.liveParams()->styleLossCombo();
        mode->setCurrentIndex(mode->findData(static_cast<int>(engine::StyleLossMode::W2)));
        QComboBox* colors = window.liveParams()->colorCombo();
        colors->setCurrentIndex(colors->findData(static_cast<int>(engine::ColorControl::Match)));
        window.liveParams()->styleScale()->setValue(2.0);
        window.runSettings()->sizeBox()->setValue(320);
        window.liveParams()->layers()->styleCheckBox("conv2_1")->setChecked(false);
        window.runSettings()->setSnapshotEvery(7);
        REQUIRE(window.close());
    }
    ui::MainWindow reopened(weights);
    REQUIRE(waitUntil([&] { return reopened.modelLoader()->isLoaded(); }, 60000));
    const engine::Params params = reopened.currentParams();
    CHECK(params.style_weight == Approx(styleWeight));
    CHECK(styleWeight == Approx(3.0e4).epsilon(0.02));
    CHECK(params.style_loss == engine::StyleLossMode::W2);
    CHECK(params.color_control == engine::ColorControl::Match);
    CHECK(params.style_scale == Approx(2.0).epsilon(0.01));
    CHECK(params.size == 320);
    CHECK_FALSE(reopened.liveParams()->layers()->styleCheckBox("conv2_1")->isChecked());
    CHECK(reopened.liveParams()->layers()->styleCheckBox("conv1_1")->isChecked());
    std::vector<std::string> names;
    for (const auto& layer : params.style_layers) names.push_back(layer.name);
    CHECK(names == std::vector<std::string>{"conv1_1", "conv3_1"});
    CHECK(reopened.runSettings()->snapshotEvery() == 7);
    // Auto scales stay Auto (the saved parameters hold the number it chose at 320 px, 1).
    CHECK(reopened.runSettings()->scalesAuto());
    reopened.runSettings()->sizeBox()->setValue(2048);
    CHECK(reopened.currentParams().scales == 3);
    reopened.runSettings()->scalesBox()->setValue(2);  // a chosen number stays chosen
    REQUIRE(reopened.close());
    ui::MainWindow third(weights);
    CHECK_FALSE(third.runSettings()->scalesAuto());
    CHECK(third.currentParams().scales == 2);
    QSettings().clear();  // leave no parameters to the other tests
}

TEST_CASE("Start pressed repeatedly leaves exactly one run", "[ui][window][start]") {
    auto window = readyWindow(100000);
    window->startRun();
    REQUIRE(window->isRunning());
    ui::RunWorker* first = window->worker();
    const quint64 firstRun = first->runId();
    for (int i = 0; i < 5; ++i) {
        window->startRun();  // a script, or a shortcut pressed while the button is disabled
        QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
    }
    CHECK(window->statusText().contains("Already running"));
    REQUIRE(waitUntil([&] { return window->framesShown() >= 3; }, 60000));
    CHECK(window->worker() == first);
    CHECK(first->runId() == firstRun);
    CHECK(liveWorkers(*window) == 1);

    // Stop and start again at once, several times: old runs end and are deleted.
    for (int i = 0; i < 3; ++i) {
        window->stopRun();  // how fast Stop ends a run is the 2 s test's; a loaded machine takes longer
        REQUIRE(waitUntil([&] { return !window->isRunning(); }, 10000));
        DialogAnswerer replace("Replace");  // the stopped run's result is not saved: Start asks
        window->startRun();
        REQUIRE(window->isRunning());
        CHECK(replace.boxes() == 1);
    }
    REQUIRE(waitUntil([&] { return liveWorkers(*window) == 1; }, 5000));
    CHECK(window->worker()->isRunning());
    const int shown = window->framesShown();
    REQUIRE(waitUntil([&] { return window->framesShown() > shown; }, 60000));
    window->stopRun();
    REQUIRE(waitUntil([&] { return !window->isRunning(); }, 5000));
}

TEST_CASE("A new content image mid-run applies at the next Start", "[ui][window][start]") {
    auto window = readyWindow(100000);
    window->startRun();
    REQUIRE(waitUntil([&] { return window->framesShown() >= 2; }, 60000));
    const QSize runSize = window->compareView()->canvas(0)->pixmap().size();
    CHECK(runSize == QSize(64, 44));  // building.jpg, 868 x 600

    REQUIRE(window->contentSlot()->loadFile(ui_test::imagePath("chelsea.png")));  // 451 x 300
    CHECK(window->statusText().contains("next Start"));
    const int shown = window->framesShown();
    REQUIRE(waitUntil([&] { return window->framesShown() >= shown + 2; }, 60000));
    CHECK(window->isRunning());  // the run went on with the images it started with
    CHECK(window->compareView()->canvas(0)->pixmap().size() == runSize);

    window->stopRun();
    REQUIRE(waitUntil([&] { return !window->isRunning(); }, 5000));
    {
        DialogAnswerer replace("Replace");  // the stopped run's result is not saved: Start asks
        window->startRun();
        CHECK(replace.boxes() == 1);
    }
    REQUIRE(waitUntil([&] { return window->framesShown() >= 1 && window->lastIteration() >= 1; }, 60000));
    CHECK(window->compareView()->canvas(0)->pixmap().size() == QSize(64, 43));
    window->stopRun();
    REQUIRE(waitUntil([&] { return !window->isRunning(); }, 5000));
}
