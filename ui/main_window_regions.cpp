// Paint Regions: the panel above the canvas, kept in step with the styles and the result's size.
#include <QFileInfo>
#include <QMenuBar>

#include "engine/run.h"
#include "record/style_masks.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/image_convert.h"
#include "ui/image_slot.h"
#include "ui/main_window.h"
#include "ui/region_paint_panel.h"
#include "ui/run_settings_panel.h"
#include "ui/style_blend_panel.h"

#include <QSpinBox>

namespace ui {

QWidget* MainWindow::buildRegionPainting() {
    regionPaint_ = new RegionPaintPanel;
    regionPaint_->attachCanvas(compareView_->canvas(0));
    regionPaint_->attachCanvas(compareView_->canvas(1));
    connect(regionPaint_, &RegionPaintPanel::masksEdited, this, &MainWindow::onRegionsEdited);
    connect(regionPaint_, &RegionPaintPanel::message, this, [this](const QString& text) { showStatus(text, 8000); });
    connect(regionPaint_->paintAction(), &QAction::toggled, this, &MainWindow::onPaintModeToggled);
    return regionPaint_;
}

void MainWindow::updateRegionStyles() {
    QStringList names{styleSlot_->hasImage() ? styleSlot_->sourceLabel() : tr("Style 1")};
    for (const auto& extra : styleBlend_->extras()) names << extra.label;
    regionPaint_->setStyles(names);
}

void MainWindow::updateRegionSize() {
    if (!contentSlot_->hasImage()) return;
    // The result's size: the photo's longest side brought to the run's Size (engine::run_image_size).
    const auto& photo = contentSlot_->image();
    const double factor = static_cast<double>(runSettings_->sizeBox()->value()) / std::max(photo.width, photo.height);
    const auto [height, width] = engine::run_image_size(static_cast<int>(std::lround(photo.height * factor)),
                                                        static_cast<int>(std::lround(photo.width * factor)));
    regionPaint_->setPictureSize(QSize(width, height));
}

void MainWindow::onRegionsEdited() {
    styleBlend_->setSharesUsed(!regionPaint_->regions()->painted());
    if (isRunning()) {
        onLiveParamsChanged();  // the masks travel with the live parameters
        showStatus(tr("Regions changed: the run paints with them from its next iteration"), 3000);
    }
}

bool MainWindow::loadStyleMasks(const QStringList& files) {
    updateRegionStyles();
    updateRegionSize();
    std::vector<engine::SharedMask> masks;
    try {
        for (const QString& file : files)
            masks.push_back(std::make_shared<const engine::RegionMask>(record::load_mask_file(file.toStdString())));
    } catch (const std::exception& error) {
        showError(tr("Cannot use the style mask: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
    if (static_cast<int>(masks.size()) != regionPaint_->regions()->styleCount()) {
        showError(tr("%1 style masks for %2 styles: give one per style").arg(masks.size()).arg(regionPaint_->regions()->styleCount()));
        return false;
    }
    regionPaint_->restore(masks);
    return true;
}

void MainWindow::onPaintModeToggled(bool on) {
    if (!on) {
        showStatus(tr("Paint Regions off"), 3000);
        return;
    }
    if (!contentSlot_->hasImage()) {
        showStatus(tr("Choose a content image first: the regions are painted on the photo"), 6000);
        return;
    }
    updateRegionSize();
    updateRegionStyles();
    // Nothing on the canvas yet: paint on the photo itself.
    if (compareView_->canvas(0)->pixmap().isNull()) compareView_->showImages({toQImage(contentSlot_->image())});
    showStatus(tr("Paint Regions: drag on the picture to paint the chosen style · right-drag pans · [ ] brush size · "
                  "M shows or hides the regions"),
               8000);
}

}  // namespace ui
