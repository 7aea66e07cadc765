// A diverging run in the window: it stops with the last good image, the notice says why and
// offers to lower the learning rate, and that button restarts the run with a tenth of it.
#include "catch_checks.h"

#include <QDoubleSpinBox>
#include <QPushButton>

#include "engine/params.h"

#include "ui/notice_bar.h"
#include "window_test_support.h"

TEST_CASE("A diverging run stops with a notice that lowers the learning rate and restarts", "[ui][window][fault]") {
    auto window = ui_test::readyWindow(1000);
    engine::Params params = window->currentParams();
    params.optimizer = engine::OptimizerKind::Adam;  // L-BFGS would retry shorter steps instead
    window->runSettings()->readFrom(params);
    window->liveParams()->learningRateBox()->setValue(100.0);  // Adam at 100: the loss explodes
    window->startRun();
    REQUIRE(ui_test::waitUntil([&] { return !window->isRunning(); }, 60000));
    CHECK(window->lastIteration() < 1000);
    CHECK(window->noticeText().contains("diverged"));
    CHECK(window->noticeText().contains("learning rate 100"));
    QPushButton* lower = window->noticeBar()->actionButton();
    REQUIRE(lower->isVisibleTo(window.get()));
    CHECK(lower->text().contains("Lower learning rate"));

    lower->click();
    CHECK(window->liveParams()->learningRateBox()->value() == Approx(10.0));
    CHECK(window->isRunning());
    window->stopRun();
    REQUIRE(ui_test::waitUntilIdle(*window, 10000));
}
