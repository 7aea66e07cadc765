// MainWindow: inputs, saving and export, settings, command line.
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QWidget>
#include <nlohmann/json.hpp>

#include "engine/errors.h"
#include "engine/params_json.h"
#include "engine/run.h"
#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"

namespace ui {
namespace {

// Settings keys.
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastFolder = QStringLiteral("paths/lastFolder");
const QString kExportFolder = QStringLiteral("paths/exportFolder");
const QString kParams = QStringLiteral("run/params");
const QString kSnapshotEvery = QStringLiteral("run/snapshotEvery");

}  // namespace

void MainWindow::applyLaunchOptions(const LaunchOptions& options) {
    launch_ = options;
    screenshotNumbered_ = options.screenshotAfter.size() > 1;
    if (options.size > 0) runSettings_->sizeBox()->setValue(options.size);
    QString content = options.content, style = options.style;
    if (options.demo) {
        if (content.isEmpty()) content = demoContentImage();
        if (style.isEmpty()) style = demoStyleImage();
    }
    if (!content.isEmpty()) contentSlot_->loadFile(content);
    if (!style.isEmpty()) styleSlot_->loadFile(style);
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

void MainWindow::saveResult() {
    if (!lastFrame_ || lastFrame_->images.empty()) {
        showError(tr("Nothing to save yet: start a run first"));
        return;
    }
    const QString suggested = QDir(lastFolder_.isEmpty() ? QDir::homePath() : lastFolder_)
                                  .filePath(QStringLiteral("gramstudio_%1.png").arg(lastFrame_->iteration));
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Result"), suggested, tr("PNG image (*.png)"));
    if (file.isEmpty()) return;
    const QString png = file.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive) ? file : file + ".png";
    try {
        const engine::Params params = worker_ ? worker_->appliedParams() : runParams_;
        const engine::LossBreakdown losses = lastFrame_->losses.empty() ? engine::LossBreakdown{} : lastFrame_->losses.front();
        SessionFolder::exportImage(lastFrame_->images.front(), png, params, lastFrame_->iteration, losses);
        showStatus(tr("Saved %1 and its parameters (%2)").arg(png, QFileInfo(SessionFolder::sidecarPathFor(png)).fileName()));
    } catch (const std::exception& error) {
        showError(tr("Not saved: %1").arg(QString::fromStdString(error.what())));
    }
}

QString MainWindow::exportFolderDialog(const QString& title) {
    QSettings settings;
    const QString start = settings.value(kExportFolder, QDir::homePath()).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, title, start);
    if (!folder.isEmpty()) settings.setValue(kExportFolder, folder);
    return folder;
}

void MainWindow::exportSelectedSnapshots() {
    const QStringList pngs = snapshots_->selectedPngs();
    if (pngs.isEmpty()) {
        showError(tr("Select snapshots in the strip first (or use Export All Snapshots)"));
        return;
    }
    const QString folder = exportFolderDialog(tr("Export Selected Snapshots"));
    if (folder.isEmpty()) return;
    try {
        const QStringList written = SessionFolder::exportSnapshots(pngs, folder);
        showStatus(tr("Exported %n snapshot(s) with their parameters to %1", nullptr, written.size()).arg(folder));
    } catch (const std::exception& error) {
        showError(tr("Export failed, nothing written: %1").arg(QString::fromStdString(error.what())));
    }
}

void MainWindow::exportAllSnapshots() {
    snapshots_->selectAll();
    exportSelectedSnapshots();
}

void MainWindow::exportTimelapse() {
    const QStringList all = snapshots_->allPngs();
    QStringList mainVariant;  // compare runs: the timelapse follows the main variant
    for (const QString& png : all)
        if (!png.endsWith(QStringLiteral("_b.png"))) mainVariant << png;
    if (mainVariant.size() < 2) {
        showError(tr("A timelapse needs at least two snapshots"));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Timelapse"),
                                                      QDir(lastFolder_.isEmpty() ? QDir::homePath() : lastFolder_)
                                                          .filePath(QStringLiteral("gramstudio_timelapse.mp4")),
                                                      tr("Video (*.mp4 *.avi)"));
    if (file.isEmpty()) return;
    try {
        SessionFolder::exportTimelapse(mainVariant, file);
        showStatus(tr("Wrote %1 (%2 frames)").arg(file).arg(mainVariant.size()));
    } catch (const std::exception& error) {
        showError(tr("Timelapse not written: %1").arg(QString::fromStdString(error.what())));
    }
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(kGeometry).toByteArray());
    restoreState(settings.value(kState).toByteArray());
    if (!settings.contains(kGeometry)) resize(1360, 860);
    lastFolder_ = settings.value(kLastFolder).toString();
    contentSlot_->setDialogFolder(lastFolder_);
    styleSlot_->setDialogFolder(lastFolder_);
    runSettings_->setSnapshotEvery(settings.value(kSnapshotEvery, runSettings_->snapshotEvery()).toInt());
    const QString saved = settings.value(kParams).toString();
    if (saved.isEmpty()) return;
    try {
        const engine::Params params = engine::params_from_json(nlohmann::json::parse(saved.toStdString()));
        liveParams_->readFrom(params);
        runSettings_->readFrom(params);
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
    settings.setValue(kSnapshotEvery, runSettings_->snapshotEvery());
    settings.setValue(kParams, QString::fromStdString(engine::params_to_json(currentParams()).dump()));
}

}  // namespace ui
