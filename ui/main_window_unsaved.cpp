// MainWindow: nothing the artist made is lost without asking. Closing with a run going or a
// result not saved asks Save / Discard / Cancel, and so does Start over an unsaved result; Clear Result asks before clearing an unsaved
// result; a learning rate that only diverged is not kept for the next session.
#include <QCloseEvent>
#include <QDoubleSpinBox>
#include <QLabel>
#include <algorithm>

#include "engine/run.h"
#include "ui/ask_user.h"
#include "ui/background_writer.h"
#include "ui/compare_view.h"
#include "ui/live_params_panel.h"
#include "ui/loss_plot.h"
#include "ui/main_window.h"
#include "ui/notice_bar.h"
#include "ui/run_worker.h"
#include "ui/snapshot_strip.h"

namespace ui {

bool MainWindow::hasUnsavedResult() const {
    if (isRunning()) return true;
    if (!lastFrame_ || lastFrame_->images.empty()) return false;
    return !(savedRunId_ == runId_ && savedIteration_ == lastFrame_->iteration);
}

bool MainWindow::mayClose() {
    if (!launch_.screenshotFile.isEmpty()) return true;  // screenshot mode closes itself when done
    if (!hasUnsavedResult()) return true;
    switch (askBeforeClosing(this, isRunning(), std::max(0, lastIteration()))) {
        case UnsavedAnswer::Discard: return true;
        case UnsavedAnswer::Save: return saveResultWithDialog();  // closes once the files are written
        case UnsavedAnswer::Cancel: break;
    }
    showStatus(tr("Not closed"), 3000);
    return false;
}

bool MainWindow::mayReplaceResult() {
    if (!hasUnsavedResult()) return true;
    switch (askBeforeReplacing(this, std::max(0, lastIteration()))) {
        case UnsavedAnswer::Discard: return true;
        case UnsavedAnswer::Save: return saveResultWithDialog();  // the files are written in the background
        case UnsavedAnswer::Cancel: break;
    }
    showStatus(tr("Not started: the result is kept"), 3000);
    return false;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!closeDecided_ && !mayClose()) {
        event->ignore();  // the run, if any, goes on
        return;
    }
    closeDecided_ = true;
    saveSettings();
    if (worker_) worker_->stop();  // the destructor waits for the current iteration only
    if (writer_->pending() > 0) {
        // Snapshots or exports are still being written: stay open (and responsive) until their
        // results are in, then close; onWriteFinished closes again.
        closeWhenWritten_ = true;
        showStatus(tr("Finishing %n file write(s) before closing…", nullptr, writer_->pending()));
        event->ignore();
        return;
    }
    event->accept();
}

void MainWindow::resetRun() {
    if (hasUnsavedResult() && !askBeforeClearing(this, isRunning(), std::max(0, lastIteration()))) {
        showStatus(tr("Nothing cleared"), 3000);
        return;
    }
    retireWorker();
    runId_ = 0;
    lastFrame_.reset();
    compareView_->clear();
    lossPlot_->clear();
    clearBranches();  // the strip, the timeline and the branch list (the snapshots stay on disk)
    rate_.reset();
    for (QLabel* label : {iterationLabel_, rateLabel_, etaLabel_}) label->clear();
    notice_->dismiss();
    setRunning(false);
    updateSaveAction();
    showStatus(tr("Cleared the result, the loss plot, the timeline and the snapshot strip"), 5000);
}

// The learning rate the settings keep: one that only made runs diverge becomes the optimizer's
// default (0), so the next session does not start with it.
double MainWindow::learningRateToKeep() const {
    const double shown = liveParams_->learningRateBox()->value();
    return shown == failedLearningRate_ ? 0.0 : shown;
}

}  // namespace ui
