// MainWindow: File ▸ Open Run… — a run record (the CLI's run.json, or the JSON beside a window
// snapshot) back in the window: its photo and painting, its parameters in the panels, and its
// snapshots in the strip, ready for Continue from Here.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <algorithm>

#include "record/branch_tree.h"
#include "record/run_record.h"
#include "record/sha256.h"
#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/loss_plot.h"
#include "ui/main_window.h"
#include "ui/region_paint_panel.h"
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
    std::vector<engine::SharedMask> masks;  // the painted regions, from their copies beside the record
    try {
        masks = record::read_style_masks(run.style_masks, path.toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot open the run: %1").arg(QString::fromStdString(error.what())));
        return false;
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
    updateRegionStyles();
    updateRegionSize();
    regionPaint_->restore(masks);

    lastFrame_.reset();
    updateSaveAction();
    lossPlot_->clear();
    compareView_->clear();
    // A window session's record: the whole tree of its branches comes back (branches.json). Else
    // the run is the root of a new tree: continuing from one of its snapshots branches from it.
    const bool tree = openBranches(path);
    int missing = 0;
    if (!tree) {
        clearBranches();
        std::vector<std::string> styles;
        for (const auto& style : run.styles) styles.push_back(style.path);
        const int root = branches_->add(0, 0, run.params, styles, QFileInfo(path).absolutePath().toStdString());
        const int listed = addRecordedSnapshots({path}, root);
        int files = 0;  // a compare run's snapshot: one file per variant
        for (const auto& snapshot : run.snapshots) files += std::max<int>(1, static_cast<int>(snapshot.variants.size()));
        missing = files - listed;
        shownBranch_ = -1;
        showBranch(root);
    }
    openedRecord_ = QFileInfo(path).absoluteFilePath();

    QString said = tr("Opened %1: %2 snapshots").arg(QFileInfo(path).fileName()).arg(snapshots_->count());
    if (tree) said += tr(" of run %1, in a session of %2 runs (the branch list beside the strip)").arg(shownBranch_).arg(branches_->size());
    if (missing > 0) said += tr(", %1 missing").arg(missing);
    if (changedSince(run.content) ||
        std::any_of(run.styles.begin(), run.styles.end(), [](const record::InputRecord& style) { return changedSince(style); }))
        said += tr("; the photo or painting changed since that run");
    if (snapshots_->count() > 0) said += tr(". Right-click a snapshot to continue from it");
    showStatus(said);
    return true;
}

}  // namespace ui
