// MainWindow: File ▸ Open Run… — a run record (the CLI's run.json, or the JSON beside a window
// snapshot) back in the window: its photo and painting, its parameters in the panels, and its
// snapshots in the strip, ready for Continue from Here.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <algorithm>

#include "record/run_record.h"
#include "record/sha256.h"
#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/loss_plot.h"
#include "ui/main_window.h"
#include "ui/run_settings_panel.h"
#include "ui/snapshot_strip.h"
#include "ui/style_blend_panel.h"

namespace ui {
namespace {

// "the photo changed since the run" when its checksum differs from the recorded one.
bool changedSince(const record::InputRecord& input) {
    if (input.sha256.empty()) return false;
    try {
        return record::sha256_file(input.path) != input.sha256;
    } catch (const std::exception&) {
        return true;
    }
}

}  // namespace

void MainWindow::openRunDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Run"), lastFolder_,
                                                      tr("Gram Studio run records (*.json)"));
    if (!path.isEmpty()) openRun(path);
}

bool MainWindow::openRun(const QString& path) {
    if (isRunning()) {
        showStatus(tr("Stop the run first (Esc), then open another"), 5000);
        return false;
    }
    record::RunRecord run;
    try {
        run = record::read_run_record(path.toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot open the run: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
    if (run.styles.empty()) {
        showError(tr("Cannot open the run %1: it names no style image").arg(path));
        return false;
    }
    QStringList inputs{QString::fromStdString(run.content.path)};
    for (const auto& style : run.styles) inputs << QString::fromStdString(style.path);
    for (const QString& input : inputs) {
        if (input.isEmpty() || !QFileInfo(input).isReadable()) {
            showError(input.isEmpty() ? tr("Cannot open the run %1: its photo or painting was pasted, not a file").arg(path)
                                      : tr("Cannot open the run %1: %2 cannot be read").arg(path, input));
            return false;
        }
    }
    if (!mayReplaceResult()) return false;
    if (!contentSlot_->loadFile(inputs[0]) || !styleSlot_->loadFile(inputs[1])) {
        showError(tr("Cannot open the run %1: %2").arg(path, contentSlot_->errorText() + styleSlot_->errorText()));
        return false;
    }
    styleBlend_->clearExtras();
    for (int i = 2; i < inputs.size(); ++i)
        if (!styleBlend_->addFile(inputs[i])) return false;  // loadFailed said why
    if (run.params.style_blend.size() == run.styles.size()) styleBlend_->setBlend(run.params.style_blend);
    liveParams_->readFrom(run.params);
    runSettings_->readFrom(run.params);

    lastFrame_.reset();
    updateSaveAction();
    lossPlot_->clear();
    snapshots_->clearSnapshots();
    const QDir folder = QFileInfo(path).dir();
    QImage latest;
    int missing = 0;
    for (const auto& snapshot : run.snapshots) {
        const QString png = folder.filePath(QString::fromStdString(snapshot.file));
        const QImage image(png);
        if (image.isNull()) {
            ++missing;
            continue;
        }
        // A CLI compare run's snapshot holds both variants side by side: wider than the result.
        const bool both = run.params.compare && run.width > 0 && image.width() > run.width;
        snapshots_->addSnapshot(png, snapshot.iteration, image, QString(), both ? kBothVariants : QString());
        latest = image;
    }
    if (!latest.isNull()) compareView_->showImages({latest});
    openedRecord_ = QFileInfo(path).absoluteFilePath();

    QString said = tr("Opened %1: %2 snapshots").arg(QFileInfo(path).fileName()).arg(snapshots_->count());
    if (missing > 0) said += tr(", %1 missing").arg(missing);
    if (changedSince(run.content) ||
        std::any_of(run.styles.begin(), run.styles.end(), [](const record::InputRecord& style) { return changedSince(style); }))
        said += tr("; the photo or painting changed since that run");
    if (snapshots_->count() > 0) said += tr(". Right-click a snapshot to continue from it");
    showStatus(said);
    return true;
}

}  // namespace ui
