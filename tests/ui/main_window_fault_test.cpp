// A diverging run in the window: it stops with the last good image, the notice says why and
// offers a learning rate that works at once (the optimizer's default), and a rate that only
// diverged is not kept for the next session.
#include "catch_checks.h"

#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSettings>

#include "engine/params.h"

#include "ui/notice_bar.h"
#include "window_test_support.h"

namespace {

// Adam at `rate` (100: the loss explodes within a few iterations).
void useAdam(ui::MainWindow& window, double rate) {
    engine::Params params = window.currentParams();
    params.optimizer = engine::OptimizerKind::Adam;  // L-BFGS would retry shorter steps instead
    window.runSettings()->readFrom(params);
    window.liveParams()->learningRateBox()->setValue(rate);
}

double learningRateOfNextSession() {
    ui::MainWindow reopened(QString::fromStdString(test_paths::weights_file()));
    return reopened.liveParams()->learningRateBox()->value();
}

}  // namespace

TEST_CASE("A diverging run stops with a notice that restarts with the default learning rate", "[ui][window][fault]") {
    auto window = ui_test::readyWindow(1000);
    useAdam(*window, 100.0);
    window->startRun();
    REQUIRE(ui_test::waitUntil([&] { return !window->isRunning(); }, 60000));
    CHECK(window->lastIteration() < 1000);
    CHECK(window->noticeText().contains("diverged"));
    CHECK(window->noticeText().contains("learning rate 100"));
    QPushButton* restart = window->noticeBar()->actionButton();
    REQUIRE(restart->isVisibleTo(window.get()));
    CHECK(restart->text() == "Restart with the default learning rate (0.02)");

    restart->click();  // at once a rate that works, not a tenth per restart
    CHECK(window->liveParams()->learningRateBox()->value() == 0.0);
    CHECK(window->isRunning());
    const int shown = window->framesShown();
    REQUIRE(ui_test::waitUntil([&] { return window->framesShown() >= shown + 3; }, 60000));
    CHECK(window->noticeText().isEmpty());
    window->stopRun();
    REQUIRE(ui_test::waitUntilIdle(*window, 10000));
}

TEST_CASE("A learning rate that only diverged is not kept for the next session but one that ran is",
          "[ui][window][fault]") {
    QSettings().clear();
    {
        auto window = ui_test::readyWindow(1000);
        useAdam(*window, 100.0);
        window->startRun();
        // Idle: the run has ended and its writes are done (closing waits for writes in flight).
        REQUIRE(ui_test::waitUntilIdle(*window, 60000));
        REQUIRE(window->noticeText().contains("diverged"));
        ui_test::DialogAnswerer answer("Discard");  // the last good image is not saved
        REQUIRE(window->close());
    }
    CHECK(learningRateOfNextSession() == 0.0);  // the default, not 100
    {
        auto window = ui_test::readyWindow(2);
        useAdam(*window, 0.05);
        window->startRun();
        REQUIRE(ui_test::waitUntilIdle(*window, 60000));
        ui_test::DialogAnswerer answer("Discard");
        REQUIRE(window->close());
    }
    CHECK(learningRateOfNextSession() == Approx(0.05));
    QSettings().clear();  // leave no parameters to the other tests
}
