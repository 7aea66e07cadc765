// MainWindow: the run's iterations kept in memory (record/run_history.h), the timeline under the
// canvas that shows any of them while the run goes on, and Continue from Here on any of them.
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include "engine/run.h"
#include "record/run_history.h"
#include "ui/compare_view.h"
#include "ui/image_convert.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/timeline.h"

namespace ui {
namespace {

// The parameters of an iteration, keyed by run and generation: after Continue from Here the
// history holds iterations of two runs, whose generations both count from 0.
std::uint64_t paramsKey(quint64 runId, std::uint64_t generation) { return (std::uint64_t(runId) << 32) | generation; }

QString lossText(double value) { return QString::number(value, 'g', 3); }

}  // namespace

QWidget* MainWindow::buildTimeline() {
    timeline_ = new Timeline;
    clearBranches();  // an empty session: one empty history for the timeline
    liveButton_ = new QToolButton;
    liveButton_->setObjectName(QStringLiteral("liveButton"));
    liveButton_->setText(tr("Live"));
    liveButton_->setCheckable(true);
    liveButton_->setChecked(true);
    liveButton_->setToolTip(tr("Show the newest iteration as it comes (End); the timeline beside it goes back to "
                               "any earlier one (Alt+Left / Alt+Right)"));
    connect(liveButton_, &QToolButton::clicked, this, &MainWindow::showLive);
    connect(timeline_, &Timeline::iterationChosen, this, &MainWindow::showIteration);
    connect(timeline_, &Timeline::liveChosen, this, &MainWindow::showLive);
    connect(timeline_, &Timeline::continueRequested, this, &MainWindow::continueFromIteration);
    connect(timeline_, &Timeline::besideRequested, this, &MainWindow::showBeside);
    auto* bar = new QWidget;
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(timeline_, 1);
    layout->addWidget(liveButton_);
    return bar;
}

void MainWindow::recordInHistory(const engine::Frame& frame) {
    if (frame.images.empty() || frame.losses.empty() || !worker_) return;
    record::RunHistory& history = historyOf(runningBranch_);
    const std::uint64_t key = paramsKey(runId_, frame.generation);
    // The parameters of the frame's own generation (a later live change may already be applied).
    if (!history.params_of(key))
        history.note_params(key, worker_->paramsOfGeneration(frame.generation).value_or(worker_->appliedParams()));
    record::HistoryEntry entry;
    entry.iteration = frame.iteration;
    entry.set_images(frame.images);
    const auto& l = frame.losses.front();
    entry.losses = {l.total, l.content, l.style, l.tv};
    entry.generation = key;
    history.add(std::move(entry));
    if (&history == history_) timeline_->update();
}

void MainWindow::showIteration(int iteration) {
    const int index = history_->nearest(iteration);
    if (index < 0) return;
    const record::HistoryEntry& entry = history_->entries()[index];
    showOnCanvas(entry.images(), branchCaption(shownBranch_, entry.iteration));
    liveButton_->setChecked(false);
    QString said = tr("%1 (loss %2: content %3, style %4, TV %5)")
                       .arg(branchCaption(shownBranch_, entry.iteration))
                       .arg(lossText(entry.losses.total), lossText(entry.losses.content), lossText(entry.losses.style),
                            lossText(entry.losses.tv));
    if (const engine::Params* p = history_->params_of(entry.generation))
        said += tr(" · ran with style %1, content %2, TV %3").arg(p->style_weight).arg(p->content_weight).arg(p->tv_weight);
    said += isRunning() ? tr(" · the run goes on: End for live") : tr(" · End for the newest");
    showStatus(said);
}

void MainWindow::showLive() {
    // Live follows the running (or last run) branch: from another branch, back to it first.
    if (shownBranch_ != runningBranch_ && runningBranch_ != 0) showBranch(runningBranch_);
    timeline_->goLive();
    liveButton_->setChecked(true);
    if (lastFrame_ && !lastFrame_->images.empty()) showOnCanvas(lastFrame_->images, liveCaption());
    showStatus(tr("Live: the newest iteration"), 3000);
}

void MainWindow::showOnCanvas(const std::vector<engine::RgbImage>& images, const QString& caption) {
    if (images.empty()) return;
    if (besideIteration_ < 0) {
        std::vector<QImage> shown;
        for (const auto& image : images) shown.push_back(toQImage(image));
        compareView_->showImages(shown);
        return;
    }
    // Side by side: the pinned iteration and the main picture of what is shown now.
    if (caption != shownCaption_) {
        shownCaption_ = caption;
        updateCompareCaptions();
    }
    compareView_->showImages({besideImage_, toQImage(images.front())});
}

void MainWindow::showBeside(int iteration) {
    const int index = iteration < 0 ? -1 : history_->nearest(iteration);
    if (index >= 0) {
        const record::HistoryEntry& entry = history_->entries()[index];
        keepBeside(toQImage(entry.images().front()), entry.iteration, branchCaption(shownBranch_, entry.iteration));
        return;
    }
    besideIteration_ = -1;
    besideImage_ = QImage();
    besideCaption_.clear();
    timeline_->setBesideShown(false);
    updateCompareCaptions();
    showStatus(tr("Side by side ended"), 3000);
    redrawShown();
}

void MainWindow::keepBeside(const QImage& image, int iteration, const QString& caption) {
    besideIteration_ = iteration;
    besideImage_ = image;
    besideCaption_ = caption;
    timeline_->setBesideShown(true);
    shownCaption_.clear();
    showStatus(tr("%1 stays on the left: choose any other on the timeline, in the strip or in another branch "
                  "(End: the newest)")
                   .arg(besideCaption_));
    redrawShown();
}

void MainWindow::redrawShown() {
    const bool live = timeline_->isLive() && shownBranch_ == runningBranch_;
    const int shown = live ? -1 : history_->nearest(timeline_->shownIteration());
    if (shown >= 0)
        showOnCanvas(history_->entries()[shown].images(), branchCaption(shownBranch_, history_->entries()[shown].iteration));
    else if (lastFrame_ && shownBranch_ == runningBranch_)
        showOnCanvas(lastFrame_->images, liveCaption());
    else
        updateCompareCaptions();
}

bool MainWindow::mayReplaceRunningRun() {
    // A run going on is replaced (after the same question as Start's when its result is unsaved).
    if (!isRunning()) return true;
    if (!mayReplaceResult()) return false;
    retireWorker();
    setRunning(false);
    replaceUnasked_ = true;
    return true;
}

void MainWindow::continueFromIteration(int iteration, int variant) {
    const int index = history_->nearest(iteration);
    if (index < 0 || history_->entries()[index].iteration != iteration) return;
    const record::HistoryEntry& entry = history_->entries()[index];
    if (variant < 0 || variant >= static_cast<int>(entry.images().size())) return;
    if (!loader_->isLoaded()) {
        showError(tr("Cannot continue: no VGG-19 weights are loaded"));
        return;
    }
    pendingStart_ = {};
    pendingStart_.image = entry.images()[variant];
    pendingStart_.iteration = iteration;
    pendingStart_.branch = shownBranch_;
    if (!mayReplaceRunningRun()) {
        pendingStart_ = {};
        return;
    }
    startRun();
    pendingStart_ = {};
}

}  // namespace ui
