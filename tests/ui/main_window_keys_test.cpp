// Keyboard and focus (offscreen), with real key events sent to the focused widget: Ctrl+Return,
// Space, Esc and Ctrl+T work whatever has focus; Enter or Escape leaves a number field; clicking
// the canvas takes the focus.
#include "catch_checks.h"

#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QTest>

#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/run_worker.h"
#include "ui/snapshot_strip.h"
#include "ui/weight_slider.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

// Gives `widget` the focus the way a click or Tab would, in an active window.
void focus(ui::MainWindow& window, QWidget* widget) {
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    widget->setFocus(Qt::TabFocusReason);
    REQUIRE(waitUntil([&] { return QApplication::focusWidget() == widget; }, 2000));
}

QWidget* focused() { return QApplication::focusWidget(); }

void stopAndWait(ui::MainWindow& window) {
    window.stopRun();
    REQUIRE(waitUntilIdle(window, 10000));
}

}  // namespace

TEST_CASE("Ctrl+Return with an image slot focused starts the run and opens no file dialog", "[ui][window][keys]") {
    auto window = readyWindow(100000);
    DialogAnswerer dialogs("Replace");  // file dialogs are refused and recorded; Start over a stopped run asks
    focus(*window, window->contentSlot());
    QTest::keyClick(focused(), Qt::Key_Return, Qt::ControlModifier);
    CHECK(window->isRunning());
    // Start is disabled while running: the keys must still not reach the slot as an Enter.
    QTest::keyClick(focused(), Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClick(focused(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
    CHECK(dialogs.otherDialogs().isEmpty());
    CHECK(focused() == window->contentSlot());
    stopAndWait(*window);
    // Ctrl+Enter on the keypad starts too (after the question about the stopped run's result).
    QTest::keyClick(focused(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
    CHECK(window->isRunning());
    CHECK(dialogs.boxes() == 1);
    CHECK(dialogs.otherDialogs().isEmpty());
    stopAndWait(*window);
}

TEST_CASE("Space in a number field after typing pauses the run instead of typing", "[ui][window][keys]") {
    auto window = readyWindow(100000);
    window->startRun();
    REQUIRE(waitUntil([&] { return window->framesShown() >= 1; }, 60000));
    QDoubleSpinBox* field = window->liveParams()->styleWeight()->spinBox();
    focus(*window, field);
    field->selectAll();
    QTest::keyClicks(focused(), "12");
    const QString typed = field->text();
    QTest::keyClick(focused(), Qt::Key_Space);
    CHECK(window->worker()->isPaused());
    CHECK(window->pauseAction()->isChecked());
    CHECK(field->text() == typed);  // no space typed
    QTest::keyClick(focused(), Qt::Key_Space);
    CHECK_FALSE(window->worker()->isPaused());

    // Ctrl+T snaps from the field; Esc stops the run and leaves the field.
    QTest::keyClick(focused(), Qt::Key_T, Qt::ControlModifier);
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->count() == 1; }, 30000));
    QTest::keyClick(focused(), Qt::Key_Escape);
    CHECK(waitUntil([&] { return !window->isRunning(); }, 10000));
    CHECK(focused() == window->compareView()->canvas(0));
    REQUIRE(waitUntilIdle(*window, 10000));
}

TEST_CASE("Enter commits a typed value and leaves the field and Escape undoes the typing and leaves", "[ui][window][keys]") {
    auto window = readyWindow(10);
    QDoubleSpinBox* field = window->liveParams()->styleWeight()->spinBox();
    const double before = window->liveParams()->styleWeight()->value();
    focus(*window, field);
    field->selectAll();
    QTest::keyClicks(focused(), "250");
    CHECK(window->liveParams()->styleWeight()->value() == before);  // applied when the typing is done
    QTest::keyClick(focused(), Qt::Key_Return);
    CHECK(window->liveParams()->styleWeight()->value() == Approx(250.0));
    CHECK(focused() == window->compareView()->canvas(0));

    focus(*window, field);
    field->selectAll();
    QTest::keyClicks(focused(), "7");
    QTest::keyClick(focused(), Qt::Key_Escape);
    CHECK(focused() == window->compareView()->canvas(0));
    CHECK(window->liveParams()->styleWeight()->value() == Approx(250.0));
    CHECK(field->text() == field->textFromValue(250.0));

    // Ctrl+Return in a field takes the value just typed into the run.
    focus(*window, field);
    field->selectAll();
    QTest::keyClicks(focused(), "400");  // neither the default nor the value before
    QTest::keyClick(focused(), Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(window->isRunning());
    CHECK(window->worker()->appliedParams().style_weight == Approx(400.0));
    stopAndWait(*window);
}

TEST_CASE("Clicking the canvas takes the focus from a field", "[ui][window][keys]") {
    auto window = readyWindow(10);
    focus(*window, window->runSettings()->sizeBox());
    QTest::mouseClick(window->compareView()->canvas(0), Qt::LeftButton);
    CHECK(focused() == window->compareView()->canvas(0));
}
