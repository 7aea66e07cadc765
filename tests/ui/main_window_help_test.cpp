// Plain explanations and a window that fits the screen (offscreen): every control's tooltip says
// what it does to the picture, Help opens the illustrated guide, the empty canvas says what to do
// next, and the window opens inside the screen (the offscreen screen is 800 x 600).
#include "catch_checks.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QGuiApplication>
#include <QImage>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QTextBrowser>

#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/guide_dialog.h"
#include "ui/layer_panel.h"
#include "ui/weight_slider.h"
#include "ui/window_geometry.h"
#include "window_test_support.h"

using ui_test::readyWindow;
using ui_test::waitUntil;

namespace {

QString textOf(QWidget* widget) {
    if (auto* button = qobject_cast<QAbstractButton*>(widget)) return button->text().remove('&');
    return {};
}

}  // namespace

TEST_CASE("Every control says in plain words what it does to the picture", "[ui][window][help]") {
    auto window = readyWindow(10);
    ui::LiveParamsPanel* live = window->liveParams();
    CHECK(live->tvWeight()->slider()->toolTip().contains("smooths away speckle", Qt::CaseInsensitive));
    CHECK(live->tvWeight()->spinBox()->toolTip().contains("higher is smoother"));
    CHECK(live->styleWeight()->slider()->toolTip().contains("brushwork"));
    CHECK(live->contentWeight()->spinBox()->toolTip().contains("keeps"));
    ui::LayerPanel* layers = live->layers();
    CHECK(layers->styleCheckBox("conv1_1")->toolTip().contains("fine brush texture"));
    CHECK(layers->styleCheckBox("conv4_1")->toolTip().contains("larger shapes and motifs"));  // greyed: why and what
    CHECK(layers->styleCheckBox("conv4_1")->toolTip().contains("Help > Download the Full Network"));
    CHECK(layers->contentCombo()->toolTip().contains("layout"));
    CHECK(live->styleLossCombo()->toolTip().contains("Diagonal"));
    CHECK(live->learningRateBox()->toolTip().contains("optimizer's default"));

    // Every control of the side panel has a tooltip, and it says more than the control's label.
    QWidget* panel = live->parentWidget();
    int controls = 0;
    for (QWidget* widget : panel->findChildren<QWidget*>()) {
        const bool control = qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QComboBox*>(widget) ||
                             qobject_cast<QCheckBox*>(widget) || qobject_cast<QSlider*>(widget) ||
                             qobject_cast<QPushButton*>(widget);
        if (!control || !widget->isVisibleTo(window.get())) continue;
        ++controls;
        INFO(widget->objectName().toStdString() << " '" << textOf(widget).toStdString() << "'");
        CHECK(widget->toolTip().size() > textOf(widget).size() + 10);
    }
    CHECK(controls >= 25);
}

TEST_CASE("Help opens an illustrated guide whose examples the program made", "[ui][window][help]") {
    auto window = readyWindow(10);
    window->guideAction()->trigger();
    auto* guide = window->findChild<ui::GuideDialog*>();
    REQUIRE(guide);
    CHECK(guide->isVisible());
    const QString text = guide->browser()->toPlainText();
    CHECK(text.contains("Smooths away speckle"));
    CHECK(text.contains("fine brush texture"));
    CHECK(text.contains("Full Gram"));
    const QStringList images = ui::GuideDialog::imagePaths();
    CHECK(images.size() >= 10);
    for (const QString& path : images) {
        INFO(path.toStdString());
        const QImage image(path);
        REQUIRE_FALSE(image.isNull());
        CHECK(std::max(image.width(), image.height()) == 160);
        CHECK(guide->browser()->toHtml().contains(QString(path).replace(":/", "qrc:/")));
    }
    CHECK(QImage(":/guide/tv_high.png") != QImage(":/guide/tv_low.png"));  // real examples, not copies
}

TEST_CASE("The empty canvas says what to do next", "[ui][window][help]") {
    ui::MainWindow window(QString::fromStdString(test_paths::weights_file()));
    REQUIRE(waitUntil([&] { return window.modelLoader()->isLoaded(); }, 60000));
    ui::Canvas* canvas = window.compareView()->canvas(0);
    CHECK(canvas->placeholder().contains("Choose a content image"));
    REQUIRE(window.contentSlot()->loadFile(ui_test::imagePath("building.jpg")));
    CHECK(canvas->placeholder().contains("Now choose a style image"));
    REQUIRE(window.styleSlot()->loadFile(ui_test::imagePath("starry_night.jpg")));
    CHECK(canvas->placeholder() == "Press Start (Ctrl+Return) to paint building.jpg in the style of starry_night.jpg");
}

TEST_CASE("The window opens inside the screen, fresh or restored from a larger one", "[ui][window][geometry]") {
    QSettings().clear();
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    REQUIRE(available.width() < 1360);  // the offscreen screen: smaller than the preferred size
    {
        ui::MainWindow fresh(QString::fromStdString(test_paths::weights_file()));
        fresh.show();
        INFO("frame " << fresh.frameGeometry().width() << "x" << fresh.frameGeometry().height());
        CHECK(available.contains(fresh.frameGeometry()));
        CHECK(fresh.width() >= available.width() - ui::kAssumedDecorations.left() - ui::kAssumedDecorations.right() - 1);
        // Saved as if on a large desktop screen, far to the right.
        fresh.setGeometry(900, 300, 1360, 860);
        REQUIRE(fresh.close());
    }
    ui::MainWindow restored(QString::fromStdString(test_paths::weights_file()));
    restored.show();
    INFO("frame " << restored.frameGeometry().x() << "," << restored.frameGeometry().y() << " "
                  << restored.frameGeometry().width() << "x" << restored.frameGeometry().height());
    CHECK(available.contains(restored.frameGeometry()));
    QSettings().clear();
}

TEST_CASE("A frame larger than the screen is moved and shrunk onto it", "[ui][geometry]") {
    const QRect screen(0, 0, 1366, 768);
    const QMargins decorations(4, 32, 4, 4);
    const QRect fitted = ui::fitFrameToScreen(QRect(100, 50, 1368, 896), decorations, screen, QSize(700, 500));
    CHECK(fitted == QRect(0, 0, 1366, 768));
    CHECK(ui::fitFrameToScreen(QRect(10, 20, 800, 600), decorations, screen, QSize(700, 500)) == QRect(10, 20, 800, 600));
    CHECK(ui::fitFrameToScreen(QRect(900, 400, 800, 600), decorations, screen, QSize(700, 500)) == QRect(566, 168, 800, 600));
    // The minimum size wins over a screen smaller still.
    CHECK(ui::fitFrameToScreen(QRect(0, 0, 800, 600), decorations, QRect(0, 0, 640, 480), QSize(700, 500)).size() ==
          QSize(708, 536));
}
