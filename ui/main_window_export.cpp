// MainWindow: saving the result, exporting snapshots and the timelapse, and the results of every
// write. Dialogs run here, on the GUI thread; encoding, reading and writing happen on the
// BackgroundWriter, whose results come back to onWriteFinished.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <algorithm>

#include "engine/run.h"
#include "ui/ask_user.h"
#include "ui/background_writer.h"
#include "ui/export_names.h"
#include "ui/main_window.h"
#include "ui/run_worker.h"
#include "ui/snapshot_strip.h"
#include "ui/write_jobs.h"

namespace ui {
namespace {

const QString kExportFolder = QStringLiteral("paths/exportFolder");

QString pngName(const QString& file) {
    return file.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive) ? file : file + QStringLiteral(".png");
}

}  // namespace

void MainWindow::saveResult() { saveResultWithDialog(); }

bool MainWindow::saveResultWithDialog() {
    if (!lastFrame_ || lastFrame_->images.empty()) {
        showError(tr("Nothing to save yet: start a run first"));
        return false;
    }
    const bool compare = lastFrame_->images.size() > 1;
    const QString suggested = suggestedResultPath();
    const QString title = compare ? tr("Save Both Variants (NAME_full.png and NAME_diag.png)") : tr("Save Result");
    // saveResultTo asks about every file it would replace (both variants and their JSON), so the
    // dialog's own question about the one name typed is not needed.
    const QString file = QFileDialog::getSaveFileName(this, title, suggested, tr("PNG image (*.png)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    return !file.isEmpty() && saveResultTo(file);
}

QString MainWindow::suggestedResultPath() const {
    const QString folder = !saveFolder_.isEmpty() ? saveFolder_ : !lastFolder_.isEmpty() ? lastFolder_ : QDir::homePath();
    return QDir(folder).filePath(runFileName(runBaseName_, std::max(0, lastIteration())));
}

QString MainWindow::exportFolder() const { return QSettings().value(kExportFolder, QDir::homePath()).toString(); }

bool MainWindow::saveResultTo(const QString& file) {
    if (!lastFrame_ || lastFrame_->images.empty()) {
        showError(tr("Nothing to save yet: start a run first"));
        return false;
    }
    const QString png = pngName(file);
    const engine::Params params = worker_ ? worker_->appliedParams() : runParams_;
    const QStringList existing =
        existingOutputs(resultPaths(png, params, static_cast<int>(std::min<std::size_t>(lastFrame_->images.size(), 2))));
    if (!existing.isEmpty() && !askBeforeOverwriting(this, existing)) {
        showStatus(tr("Not saved: nothing was replaced"), 5000);
        return false;
    }
    WriteResult request;
    request.kind = WriteResult::Kind::SaveResult;
    request.target = png;
    request.runId = runId_;
    request.iteration = lastFrame_->iteration;
    const std::vector<std::string> styles = worker_ ? worker_->appliedStylePaths() : std::vector<std::string>{};
    writer_->submit(request, [session = session_, frame = *lastFrame_, params, png, styles](WriteResult& result) {
        writeResult(*session, frame, params, png, result, styles);
    });
    saveFolder_ = QFileInfo(png).absolutePath();  // the next Save starts here, not where images were opened
    showStatus(tr("Saving %1…").arg(png));
    return true;
}

QString MainWindow::exportFolderDialog(const QString& title) {
    return QFileDialog::getExistingDirectory(this, title, exportFolder());
}

void MainWindow::exportSelectedSnapshots() {
    const QStringList pngs = snapshots_->selectedPngs();
    if (pngs.isEmpty()) {
        showError(tr("Select snapshots in the strip first (or use Export All Snapshots)"));
        return;
    }
    const QString folder = exportFolderDialog(tr("Export Selected Snapshots"));
    if (!folder.isEmpty()) exportSnapshotsTo(pngs, folder);
}

void MainWindow::exportAllSnapshots() {
    snapshots_->selectAll();
    exportSelectedSnapshots();
}

void MainWindow::exportSnapshotsTo(const QStringList& pngs, const QString& folder) {
    if (pngs.isEmpty()) {
        showError(tr("No snapshots to export"));
        return;
    }
    // Named after the run (photo, painting, iteration, variant), never a bare iter_NNNN that the
    // next export would replace; anything that would be replaced is listed first.
    QStringList names, targets;
    for (const QString& png : pngs) {
        const SnapshotStrip::Entry entry = snapshots_->entry(png);
        names << (entry.iteration >= 0 ? runFileName(runBaseName_, entry.iteration, entry.variant)
                                       : QFileInfo(png).fileName());
        targets << QDir(folder).filePath(names.back());
    }
    const QStringList existing = existingOutputs(targets);
    if (!existing.isEmpty() && !askBeforeOverwriting(this, existing)) {
        showStatus(tr("Export cancelled: nothing written"), 5000);
        return;
    }
    QSettings().setValue(kExportFolder, QFileInfo(folder).absoluteFilePath());  // apart from open and save
    WriteResult request;
    request.kind = WriteResult::Kind::ExportSnapshots;
    request.target = folder;
    // The job runs after every snapshot write submitted before it (one writer thread, in order).
    writer_->submit(request,
                    [pngs, names, folder](WriteResult& result) { writeSnapshotExport(pngs, names, folder, result); });
    showStatus(tr("Exporting %n snapshot(s) to %1…", nullptr, pngs.size()).arg(folder));
}

void MainWindow::exportTimelapse() {
    if (snapshots_->allPngs().size() < 2) {
        showError(tr("A timelapse needs at least two snapshots"));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Timelapse"), QDir(exportFolder()).filePath(runBaseName_ + QStringLiteral("_timelapse.mp4")),
        tr("Video (*.mp4 *.avi)"));
    if (file.isEmpty()) return;
    QSettings().setValue(kExportFolder, QFileInfo(file).absolutePath());
    exportTimelapseTo(file);
}

void MainWindow::exportTimelapseTo(const QString& file) {
    // Compare runs: the timelapse follows the main variant, the one the strip lists first.
    QStringList mainVariant;
    const QStringList all = snapshots_->allPngs();
    const QString main = all.isEmpty() ? QString() : snapshots_->entry(all.front()).variant;
    for (const QString& png : all)
        if (snapshots_->entry(png).variant == main) mainVariant << png;
    if (mainVariant.size() < 2) {
        showError(tr("A timelapse needs at least two snapshots"));
        return;
    }
    WriteResult request;
    request.kind = WriteResult::Kind::Timelapse;
    request.target = file;
    request.iteration = static_cast<int>(mainVariant.size());  // frames, for the message
    writer_->submit(request, [mainVariant, file](WriteResult& result) { writeTimelapse(mainVariant, file, result); });
    showStatus(tr("Writing the timelapse %1 (%2 frames)…").arg(file).arg(mainVariant.size()));
}

void MainWindow::onWriteFinished(const WriteResult& result) {
    switch (result.kind) {
        case WriteResult::Kind::Snapshot:
            if (!result.ok()) {
                showError(tr("Snapshot not saved: %1").arg(result.error));
            } else if (result.runId == runId_) {  // else a run that was reset or replaced
                for (int i = 0; i < result.written.size(); ++i)
                    snapshots_->addSnapshot(result.written[i], result.iteration, result.thumbnails.value(i),
                                            result.labels.value(i), result.variants.value(i), runningBranch_);
            }
            break;
        case WriteResult::Kind::SaveResult:
            if (result.ok() && result.runId == runId_) {
                savedRunId_ = result.runId;
                savedIteration_ = result.iteration;
            }
            if (result.ok())
                showStatus(tr("Saved %1 with the parameters beside it")
                               .arg(result.written.filter(QStringLiteral(".png")).join(QStringLiteral(", "))));
            else
                showError(tr("Not saved, nothing written: %1").arg(result.error));
            break;
        case WriteResult::Kind::ExportSnapshots:
            if (result.ok())
                showStatus(tr("Exported %n snapshot(s) with their parameters to %1", nullptr, result.written.size())
                               .arg(result.target));
            else
                showError(tr("Export to %1 failed, nothing written: %2").arg(result.target, result.error));
            break;
        case WriteResult::Kind::Timelapse:
            if (result.ok())
                showStatus(tr("Wrote %1 (%2 frames)").arg(result.target).arg(result.iteration));
            else
                showError(tr("Timelapse not written: %1").arg(result.error));
            break;
        case WriteResult::Kind::Branches:
            // Quiet on success: the tree is saved at every branch. A failure is the artist's to know.
            if (!result.ok()) showError(tr("The session's branches were not saved: %1").arg(result.error));
            break;
    }
    if (closeWhenWritten_ && writer_->pending() == 0) QTimer::singleShot(0, this, &QWidget::close);
}

}  // namespace ui
