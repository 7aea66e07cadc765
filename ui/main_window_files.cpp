// MainWindow: inputs, settings, command line.
#include <QCheckBox>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QWidget>
#include <nlohmann/json.hpp>

#include "engine/params_json.h"
#include "engine/run.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/region_paint_panel.h"
#include "ui/run_settings_panel.h"
#include "ui/style_blend_panel.h"
#include "ui/window_geometry.h"

namespace ui {
namespace {

// Settings keys.
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastFolder = QStringLiteral("paths/lastFolder");  // where images were opened
const QString kSaveFolder = QStringLiteral("paths/saveFolder");  // where Save Result wrote
const QString kParams = QStringLiteral("run/params");
const QString kSnapshotEvery = QStringLiteral("run/snapshotEvery");
const QString kScalesAuto = QStringLiteral("run/scalesAuto");  // the parameters keep the number it chose
const QString kHistoryBudget = QStringLiteral("history/budgetMiB");
const QString kMemoryLimit = QStringLiteral("run/memoryLimitMiB");  // 0: the memory available

}  // namespace

void MainWindow::applyLaunchOptions(const LaunchOptions& options) {
    launch_ = options;
    screenshotNumbered_ = options.screenshotAfter.size() > 1;
    if (options.size > 0) runSettings_->sizeBox()->setValue(options.size);
    if (options.memoryLimitMiB >= 0) runSettings_->setMemoryLimitMiB(options.memoryLimitMiB);
    if (options.compare) liveParams_->compareCheck()->setChecked(true);
    QString content = options.content, style = options.style;
    if (options.demo) {
        if (content.isEmpty()) content = demoContentImage();
        if (style.isEmpty()) style = demoStyleImage();
    }
    if (!content.isEmpty()) contentSlot_->loadFile(content);
    if (!style.isEmpty()) styleSlot_->loadFile(style);
    for (const QString& more : options.blendStyles) styleBlend_->addFile(more);
    if (!options.styleMasks.isEmpty()) loadStyleMasks(options.styleMasks);
    if (options.paint) regionPaint_->setPainting(true);
    if (options.start || options.demo || !options.screenshotAfter.isEmpty()) startRun();
}

void MainWindow::swapImages() {
    const engine::RgbImage content = contentSlot_->image();
    const QString contentLabel = contentSlot_->sourceLabel(), contentPath = contentSlot_->path();
    contentSlot_->setImage(styleSlot_->image(), styleSlot_->sourceLabel(), styleSlot_->path());
    styleSlot_->setImage(content, contentLabel, contentPath);
}

void MainWindow::pasteIntoFocusedSlot() {
    // Paste goes to the slot that has focus; with none focused, to the first empty slot.
    QWidget* focus = QApplication::focusWidget();
    if (focus && (focus == styleSlot_ || styleSlot_->isAncestorOf(focus))) return styleSlot_->paste();
    if (focus && (focus == contentSlot_ || contentSlot_->isAncestorOf(focus))) return contentSlot_->paste();
    if (contentSlot_->hasImage() && !styleSlot_->hasImage()) return styleSlot_->paste();
    contentSlot_->paste();
}

void MainWindow::restoreSettings() {
    QSettings settings;
    // A fresh profile opens at the preferred size shrunk to the screen; a restored one (perhaps
    // saved on a larger screen) is moved and shrunk onto this one.
    if (restoreGeometry(settings.value(kGeometry).toByteArray()))
        keepWindowOnScreen(*this);
    else
        placeFirstWindow(*this);
    restoreState(settings.value(kState).toByteArray());
    lastFolder_ = settings.value(kLastFolder).toString();
    saveFolder_ = settings.value(kSaveFolder).toString();
    contentSlot_->setDialogFolder(lastFolder_);
    styleSlot_->setDialogFolder(lastFolder_);
    runSettings_->setSnapshotEvery(settings.value(kSnapshotEvery, runSettings_->snapshotEvery()).toInt());
    runSettings_->setHistoryBudgetMiB(settings.value(kHistoryBudget, runSettings_->historyBudgetMiB()).toInt());
    runSettings_->setMemoryLimitMiB(settings.value(kMemoryLimit, 0).toInt());
    const QString saved = settings.value(kParams).toString();
    if (saved.isEmpty()) return;
    try {
        const engine::Params params = engine::params_from_json(nlohmann::json::parse(saved.toStdString()));
        liveParams_->readFrom(params);
        runSettings_->readFrom(params);
        runSettings_->setScalesAuto(settings.value(kScalesAuto, true).toBool());
    } catch (const std::exception& error) {
        // Settings from another version, or edited by hand: keep the defaults and say so.
        showError(tr("Saved parameters ignored: %1").arg(QString::fromStdString(error.what())));
    }
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState());
    settings.setValue(kLastFolder, lastFolder_);
    settings.setValue(kSaveFolder, saveFolder_);
    settings.setValue(kSnapshotEvery, runSettings_->snapshotEvery());
    settings.setValue(kScalesAuto, runSettings_->scalesAuto());
    settings.setValue(kHistoryBudget, runSettings_->historyBudgetMiB());
    settings.setValue(kMemoryLimit, runSettings_->memoryLimitMiB());
    engine::Params params = currentParams();
    params.learning_rate = learningRateToKeep();
    settings.setValue(kParams, QString::fromStdString(engine::params_to_json(params).dump()));
}

}  // namespace ui
