// Paint Regions (offscreen): the mask model's arithmetic, strokes from the canvas at any zoom and
// pan, the keys, a stroke mid-run reaching the next iteration, the UI thread while painting at
// 1024 px, masks in the session's records (replayed by the CLI) and mask files.
#include "catch_checks.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QTemporaryDir>
#include <QToolButton>
#include <cmath>

#include <nlohmann/json.hpp>

#include "process.h"
#include "record/style_masks.h"
#include "ui/region_paint_panel.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/style_blend_panel.h"
#include "ui/style_regions.h"
#include "window_test_support.h"

using ui::StyleRegions;
using ui_test::DialogAnswerer;
using ui_test::imagePath;
using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

int maskAt(const StyleRegions& regions, int style, int x, int y) { return regions.mask(style).pixel(x, y) & 0xff; }

StyleRegions::Brush hardBrush(int style, double radius, StyleRegions::Tool tool = StyleRegions::Tool::Brush) {
    StyleRegions::Brush brush;
    brush.style = style;
    brush.radius = radius;
    brush.softness = 0.0;
    brush.tool = tool;
    return brush;
}

void dab(StyleRegions& regions, QPointF where, const StyleRegions::Brush& brush) {
    regions.beginStroke(where, brush);
    regions.endStroke();
}

nlohmann::json recordBeside(const QString& png) {
    QFile file(ui::SessionFolder::sidecarPathFor(png));
    REQUIRE(file.open(QIODevice::ReadOnly));
    return nlohmann::json::parse(file.readAll().toStdString());
}

// Presses, drags and releases the left button on the canvas from `from` to `to` (widget positions),
// the events coming as a mouse sends them: one move at a time, the window repainting in between.
void drag(ui::Canvas* canvas, QPoint from, QPoint to, int steps = 10) {
    QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, from);
    QTest::qWait(8);
    for (int i = 1; i <= steps; ++i) {
        const QPoint p = from + (to - from) * i / steps;
        QMouseEvent move(QEvent::MouseMove, p, canvas->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QTest::qWait(8);  // about a mouse's rate
    }
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, to);
}

}  // namespace

TEST_CASE("Painting moves a pixel to one style, Protect and the eraser take styles away, and no pixel sums above white",
          "[ui][regions]") {
    StyleRegions regions;
    regions.setSize(QSize(40, 20));
    regions.setStyleCount(2);
    CHECK_FALSE(regions.painted());
    CHECK(regions.engineMasks().empty());  // nothing painted: every style everywhere

    dab(regions, QPointF(10, 10), hardBrush(1, 4));
    REQUIRE(regions.painted());
    // The first edit starts from the first style everywhere; the dab moved its pixels to style 2.
    CHECK(maskAt(regions, 0, 30, 10) == 255);
    CHECK(maskAt(regions, 1, 30, 10) == 0);
    CHECK(maskAt(regions, 0, 10, 10) == 0);
    CHECK(maskAt(regions, 1, 10, 10) == 255);
    CHECK(maskAt(regions, 1, 10, 15) == 0);  // 5 px away, outside the radius

    dab(regions, QPointF(30, 10), hardBrush(StyleRegions::kProtect, 3));
    CHECK(maskAt(regions, 0, 30, 10) == 0);
    CHECK(maskAt(regions, 1, 30, 10) == 0);
    dab(regions, QPointF(10, 10), hardBrush(1, 2, StyleRegions::Tool::Eraser));
    CHECK(maskAt(regions, 1, 10, 10) == 0);
    CHECK(maskAt(regions, 0, 10, 10) == 0);  // the eraser gives nothing back to the other style

    // A soft brush paints partly: half way from the core to the rim the smoothstep gives 1/2.
    StyleRegions soft;
    soft.setSize(QSize(41, 41));
    StyleRegions::Brush brush = hardBrush(StyleRegions::kProtect, 10);
    brush.softness = 1.0;
    dab(soft, QPointF(20.5, 20.5), brush);
    CHECK(maskAt(soft, 0, 20, 20) <= 1);
    CHECK(maskAt(soft, 0, 25, 20) == Approx(127.5).margin(2));  // distance 5 of 10
    CHECK(maskAt(soft, 0, 20, 31) == 255);

    // Random strokes of every kind: two masks never sum above 255.
    std::srand(3);
    for (int i = 0; i < 40; ++i) {
        StyleRegions::Brush b = hardBrush(std::rand() % 3 - 1, 2 + std::rand() % 6,
                                          std::rand() % 4 == 0 ? StyleRegions::Tool::Eraser : StyleRegions::Tool::Brush);
        b.softness = (std::rand() % 100) / 100.0;
        regions.beginStroke(QPointF(std::rand() % 40, std::rand() % 20), b);
        regions.continueStroke(QPointF(std::rand() % 40, std::rand() % 20));
        regions.endStroke();
    }
    int worst = 0;
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 40; ++x) worst = std::max(worst, maskAt(regions, 0, x, y) + maskAt(regions, 1, x, y));
    CHECK(worst <= 256);  // each mask rounds on its own: at most one level over
}

TEST_CASE("Fill, clear, invert, undo and redo give back exactly what was there", "[ui][regions]") {
    StyleRegions regions;
    regions.setSize(QSize(16, 8));
    regions.setStyleCount(2);
    dab(regions, QPointF(4, 4), hardBrush(1, 3));
    const QImage painted0 = regions.mask(0), painted1 = regions.mask(1);
    regions.invert(1);  // style 2 everywhere it was not; style 1 keeps nothing where style 2 now is
    CHECK(maskAt(regions, 1, 4, 4) == 0);
    CHECK(maskAt(regions, 1, 14, 4) == 255);
    CHECK(maskAt(regions, 0, 14, 4) == 0);
    regions.clear(1);
    CHECK(maskAt(regions, 1, 14, 4) == 0);
    regions.fill(0);
    CHECK(maskAt(regions, 0, 4, 4) == 255);
    regions.undo();
    regions.undo();
    regions.undo();
    CHECK(regions.mask(0) == painted0);
    CHECK(regions.mask(1) == painted1);
    regions.redo();
    CHECK(maskAt(regions, 1, 14, 4) == 255);
    regions.forget();
    CHECK_FALSE(regions.painted());
    regions.undo();
    CHECK(regions.painted());
}

TEST_CASE("The engine's masks round-trip through a run record's PNG copies", "[ui][regions][record]") {
    StyleRegions regions;
    regions.setSize(QSize(30, 20));
    regions.setStyleCount(2);
    StyleRegions::Brush brush = hardBrush(1, 6);
    brush.softness = 0.7;
    dab(regions, QPointF(12, 9), brush);
    const auto masks = regions.engineMasks();
    REQUIRE(masks.size() == 2);
    QTemporaryDir dir;
    const auto records = record::write_style_masks(masks, {}, dir.path().toStdString());
    const auto back = record::read_style_masks(records, dir.filePath("run.json").toStdString());
    REQUIRE(back.size() == 2);
    CHECK(*back[0] == *masks[0]);
    CHECK(*back[1] == *masks[1]);
    StyleRegions restored;
    restored.restore(back);
    CHECK(restored.mask(1) == regions.mask(1));
}

TEST_CASE("Paint mode: a drag on the zoomed and panned canvas paints where the cursor is and the keys work", "[ui][window][regions]") {
    auto window = readyWindow(10, 0, 128);
    ui::RegionPaintPanel* panel = window->regionPaint();
    CHECK_FALSE(panel->isVisible());
    window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(window.get()));
    ui::Canvas* canvas = window->compareView()->canvas(0);
    canvas->setFocus();
    QTest::keyClick(window.get(), Qt::Key_P);
    REQUIRE(panel->painting());
    CHECK(panel->isVisible());
    CHECK(canvas->paintMode());
    REQUIRE_FALSE(canvas->pixmap().isNull());  // the photo, to paint on
    const QSize size = panel->regions()->size();
    CHECK(std::max(size.width(), size.height()) == 128);

    // Zoom in 3x around a point and pan: the stroke lands at the picture point under the cursor.
    canvas->zoomBy(3.0, QPointF(canvas->width() / 2.0, canvas->height() / 2.0));
    QTest::mousePress(canvas, Qt::RightButton, Qt::NoModifier, QPoint(50, 50));
    QMouseEvent pan(QEvent::MouseMove, QPointF(80, 60), canvas->mapToGlobal(QPointF(80, 60)), Qt::NoButton,
                    Qt::RightButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &pan);
    QTest::mouseRelease(canvas, Qt::RightButton, Qt::NoModifier, QPoint(80, 60));
    panel->styleBox()->setCurrentIndex(panel->styleBox()->findData(StyleRegions::kProtect));
    panel->sizeBox()->setValue(6);
    panel->softnessSlider()->setValue(0);
    const QPoint where(canvas->width() / 2, canvas->height() / 2);
    const QPointF picture = canvas->toPicture(where);
    REQUIRE(picture.x() > 0.05);
    REQUIRE(picture.x() < 0.95);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, where);
    const QPoint hit(static_cast<int>(picture.x() * size.width()), static_cast<int>(picture.y() * size.height()));
    INFO("picture point " << picture.x() << ", " << picture.y());
    CHECK(maskAt(*panel->regions(), 0, hit.x(), hit.y()) == 0);               // protected under the cursor
    CHECK(maskAt(*panel->regions(), 0, hit.x() + 8, hit.y()) == 255);          // 8 px away: untouched
    CHECK_FALSE(canvas->overlay().isNull());

    // [ and ] change the size; M hides and shows the overlay; Ctrl+Z and Ctrl+Shift+Z undo and redo.
    QTest::keyClick(window.get(), Qt::Key_BracketRight);
    CHECK(panel->sizeBox()->value() > 6);
    const int larger = panel->sizeBox()->value();
    QTest::keyClick(window.get(), Qt::Key_BracketLeft);
    CHECK(panel->sizeBox()->value() < larger);
    QTest::keyClick(window.get(), Qt::Key_M);
    CHECK(canvas->overlay().isNull());
    QTest::keyClick(window.get(), Qt::Key_M);
    CHECK_FALSE(canvas->overlay().isNull());
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    CHECK_FALSE(panel->regions()->painted());
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(maskAt(*panel->regions(), 0, hit.x(), hit.y()) == 0);
    CHECK(window->currentParams().style_masks.size() == 1);

    // A mask saved and loaded back; an unreadable one is refused with its name.
    QTemporaryDir dir;
    panel->styleBox()->setCurrentIndex(0);
    REQUIRE(panel->saveMaskTo(dir.filePath("mask.png")));
    panel->regions()->fill(0);
    REQUIRE(panel->loadMaskFrom(dir.filePath("mask.png")));
    CHECK(maskAt(*panel->regions(), 0, hit.x(), hit.y()) == 0);
    QFile broken(dir.filePath("broken.png"));
    REQUIRE(broken.open(QIODevice::WriteOnly));
    broken.write("no image");
    broken.close();
    CHECK_FALSE(panel->loadMaskFrom(broken.fileName()));
    CHECK_THAT(window->statusText().toStdString(), Catch::Contains("broken.png"));

    QTest::keyClick(window.get(), Qt::Key_P);
    CHECK_FALSE(canvas->paintMode());
    CHECK(canvas->overlay().isNull());
}

TEST_CASE("A region painted mid-run changes the next iteration's losses, and the record replays with the CLI",
          "[ui][window][regions][record]") {
    auto window = readyWindow(100000, 0, 96);
    window->startRun();
    REQUIRE(window->isRunning());
    ui_test::FrameLog frames(*window);
    // Past the first steps, whose losses fall fast: the stroke's change must stand out.
    REQUIRE(waitUntil([&] { return frames.size() >= 25; }, 120000));
    const quint64 generation = frames.lastGeneration();
    ui::RegionPaintPanel* panel = window->regionPaint();
    panel->setPainting(true);
    panel->styleBox()->setCurrentIndex(panel->styleBox()->findData(StyleRegions::kProtect));
    panel->sizeBox()->setValue(60);
    ui::Canvas* canvas = window->compareView()->canvas(0);
    // A stroke across the middle of the picture protects about half of it.
    drag(canvas, canvas->fromPicture(QPointF(0.05, 0.5)).toPoint(), canvas->fromPicture(QPointF(0.95, 0.5)).toPoint());
    REQUIRE(window->currentParams().style_masks.size() == 1);
    REQUIRE(waitUntil([&] { return frames.lastGeneration() > generation; }, 20000));
    CHECK(window->worker()->appliedParams().style_masks.size() == 1);
    const auto [before, after, largestStepChange] = frames.changeAfter(generation);
    INFO("style loss before " << before.style << " at " << before.iteration << ", after " << after.style << " at "
                              << after.iteration << "; largest change of one step before: " << largestStepChange);
    CHECK(after.iteration == before.iteration + 1);  // the next iteration, no restart
    CHECK(std::abs(after.style - before.style) / before.style > 2 * largestStepChange);
    window->takeSnapshot();
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->allPngs().size() >= 1; }, 20000));
    window->stopRun();
    REQUIRE(waitUntilIdle(*window, 30000));

    const QString png = window->snapshotStrip()->allPngs().last();
    const nlohmann::json record = recordBeside(png);
    REQUIRE(record.at("styles")[0].contains("mask"));
    const QString copy = QFileInfo(png).dir().filePath(QString::fromStdString(record.at("styles")[0].at("mask").at("copy")));
    CHECK(QFileInfo::exists(copy));
    // The CLI repeats the run from its start with the masks of that iteration, to the byte where the
    // record says the masks never changed; here they changed mid-run, so only check it runs with them.
    QTemporaryDir out;
    const auto replay = cli_test::run_cli({"--replay", ui::SessionFolder::sidecarPathFor(png).toStdString(), "--out",
                                           out.filePath("replayed.png").toStdString(), "--iters", "3", "--quiet", "--json"});
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    CHECK(nlohmann::json::parse(replay.last_line()).at("styles")[0].contains("mask"));
}

TEST_CASE("A window run with painted regions replays with the CLI byte for byte", "[ui][window][regions][record]") {
    auto window = readyWindow(8, 8);
    REQUIRE(window->styleBlendPanel()->addFile(imagePath("grass.png")));
    ui::RegionPaintPanel* panel = window->regionPaint();
    panel->setPainting(true);
    panel->styleBox()->setCurrentIndex(1);  // grass.png
    panel->sizeBox()->setValue(30);
    ui::Canvas* canvas = window->compareView()->canvas(0);
    drag(canvas, canvas->fromPicture(QPointF(0.6, 0.1)).toPoint(), canvas->fromPicture(QPointF(0.6, 0.9)).toPoint());
    REQUIRE(window->currentParams().style_masks.size() == 2);
    CHECK_FALSE(window->styleBlendPanel()->blendSlider(1)->isEnabled());  // regions replace the shares
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QString at8 = ui_test::snapshotAt(*window->snapshotStrip(), 8);
    REQUIRE_FALSE(at8.isEmpty());
    const nlohmann::json record = recordBeside(at8);
    REQUIRE(record.at("styles").size() == 2);
    CHECK(record.at("styles")[1].contains("mask"));
    QTemporaryDir out;
    const std::string replayed = out.filePath("replayed.png").toStdString();
    const auto replay = cli_test::run_cli({"--replay", ui::SessionFolder::sidecarPathFor(at8).toStdString(), "--out",
                                           replayed, "--quiet"});
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    CHECK(cli_test::read_file(replayed) == cli_test::read_file(at8.toStdString()));

    // Export copies the masks with the record, so the exported copy replays too.
    const QStringList exported = ui::SessionFolder::exportSnapshots({at8}, out.filePath("export"));
    REQUIRE(exported.size() == 1);
    const auto again = cli_test::run_cli({"--replay", ui::SessionFolder::sidecarPathFor(exported[0]).toStdString(), "--out",
                                          out.filePath("again.png").toStdString(), "--quiet"});
    INFO(again.err);
    CHECK(again.exit_code == 0);

    // Open Run in another window brings the regions back, as they ran.
    auto reopened = readyWindow(8, 8);
    REQUIRE(reopened->openRun(ui::SessionFolder::sidecarPathFor(at8)));
    const auto masks = reopened->currentParams().style_masks;
    const auto painted = window->currentParams().style_masks;
    REQUIRE(masks.size() == 2);
    CHECK(*masks[0] == *painted[0]);
    CHECK(*masks[1] == *painted[1]);

    panel->regions()->forget();  // Remove Regions: the shares count again
    CHECK(window->styleBlendPanel()->blendSlider(1)->isEnabled());
    CHECK(window->currentParams().style_masks.empty());
}

TEST_CASE("Painting at 1024 px while a run goes on never stalls the UI thread over 100 ms", "[ui][window][regions][stall]") {
    auto window = readyWindow(100000, 0, 1024);
    window->startRun();
    REQUIRE(window->isRunning());
    ui::RegionPaintPanel* panel = window->regionPaint();
    panel->setPainting(true);
    REQUIRE(panel->regions()->size().width() == 1024);
    panel->sizeBox()->setValue(120);
    panel->softnessSlider()->setValue(60);
    ui::Canvas* canvas = window->compareView()->canvas(0);
    ui_test::StallMeter meter;
    for (int stroke = 0; stroke < 6; ++stroke) {
        const double y = 0.1 + 0.15 * stroke;
        drag(canvas, canvas->fromPicture(QPointF(0.05, y)).toPoint(), canvas->fromPicture(QPointF(0.95, y)).toPoint(), 30);
        QTest::qWait(30);
    }
    QTest::qWait(200);
    meter.stop();
    INFO("longest UI stall " << meter.longestMs() << " ms");
    CHECK(meter.longestMs() < 100);
    CHECK(window->currentParams().style_masks.size() == 1);
    window->stopRun();
    REQUIRE(waitUntilIdle(*window, 120000));
}

TEST_CASE("Measure: a brush dab and its overlay at 1024 px", "[.][measure][regions]") {
    StyleRegions regions;
    regions.setSize(QSize(1024, 683));
    regions.setStyleCount(2);
    StyleRegions::Brush brush = hardBrush(1, 60);
    brush.softness = 0.6;
    QImage overlay;
    const std::vector<QColor> colours{Qt::red, Qt::blue};
    regions.drawOverlay(overlay, colours);
    QRect dirty;
    QObject::connect(&regions, &StyleRegions::painting, [&](const QRect& r) { dirty = r; });
    QElapsedTimer timer;
    timer.start();
    regions.beginStroke(QPointF(60, 300), brush);
    for (int i = 1; i <= 200; ++i) regions.continueStroke(QPointF(60 + i * 4.5, 300));
    regions.endStroke();
    const double strokeMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    for (int i = 0; i < 50; ++i) regions.drawOverlay(overlay, colours, dirty);
    const double overlayMs = timer.nsecsElapsed() / 1e6 / 50;
    timer.restart();
    regions.drawOverlay(overlay, colours, QRect());
    const double fullMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    const auto masks = regions.engineMasks();
    const double masksMs = timer.nsecsElapsed() / 1e6;
    WARN("stroke of 60 dabs (radius 60): " << strokeMs << " ms; one dab's overlay " << overlayMs << " ms; whole overlay "
                                            << fullMs << " ms; engine masks " << masksMs << " ms");
}
