// MainWindow: the run — weights, start/pause/stop, frames, snapshots, progress.
#include <QAbstractSpinBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>
#include <QApplication>
#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/memory_estimate.h"
#include "engine/run.h"
#include "engine/runtime.h"
#include "engine/weights_locator.h"
#include "record/branch_tree.h"
#include "record/run_history.h"
#include "ui/background_writer.h"
#include "ui/compare_view.h"
#include "ui/canvas.h"
#include "ui/export_names.h"
#include "ui/image_convert.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/layer_panel.h"
#include "ui/loss_plot.h"
#include "ui/main_window.h"
#include "ui/region_paint_panel.h"
#include "ui/model_loader.h"
#include "ui/notice_bar.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "ui/style_blend_panel.h"
#include "ui/timeline.h"
#include "ui/write_jobs.h"

namespace ui {
namespace {

// The device a run records ("cpu", "cuda:0"): what the engine chooses for the run's setting.
std::string deviceName(engine::DeviceChoice choice) {
    try {
        return engine::device_name(engine::choose_device(choice));
    } catch (const std::exception&) {
        return engine::to_string(choice);  // the run itself reports why the device is unusable
    }
}

// "Cut a scanned frame off the painting (left 21, top 21, right 18, bottom 17 px) ...", or empty
// when nothing was cut off any style image (engine/style_frame.h).
QString styleFramesNote(const std::vector<engine::StyleFrame>& frames) {
    QStringList cuts;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (!frames[i].any()) continue;
        const QString which = frames.size() == 1 ? QObject::tr("the painting") : QObject::tr("painting %1").arg(i + 1);
        cuts << QObject::tr("%1 (%2)").arg(which, QString::fromStdString(engine::describe(frames[i])));
    }
    if (cuts.isEmpty()) return {};
    return QObject::tr("Cut a scanned frame off %1: its edges would paint a line around the picture "
                       "(Run settings: Trim scanned frames)")
        .arg(cuts.join(QStringLiteral(", ")));
}

}  // namespace

void MainWindow::onModelLoaded(const QString& weightsPath) {
    liveParams_->layers()->setAvailableLayers(loader_->availableLayers(), QFileInfo(weightsPath).fileName());
    updateCanvasHint();
    showStatus(tr("Weights: %1").arg(weightsPath), 8000);
    updateDownloadOffer();
    setRunning(isRunning());
    if (startWhenLoaded_) {
        startWhenLoaded_ = false;
        startRun();
    }
}

void MainWindow::onModelFailed(const QString& message) {
    const QString where = QString::fromStdString(engine::user_models_dir());
    const QString help = tr("No VGG-19 weights could be loaded, so nothing can run yet.\n\n%1\n\n"
                            "Press \"Download the Weights\" above (about 80 MB, once), or put a VGG-19 "
                            ".safetensors file in %2 (or set GRAMSTUDIO_WEIGHTS).")
                             .arg(message, where);
    compareView_->setPlaceholder(help);
    offerWeightsDownload(where);
    updateDownloadOffer();
    showError(message);
    startWhenLoaded_ = false;
    setRunning(false);
}

void MainWindow::startRun() {
    const bool askFirst = !std::exchange(replaceUnasked_, false);
    // A value typed into a field and not yet committed (Ctrl+Return pressed in it) is part of the run.
    if (auto* field = qobject_cast<QAbstractSpinBox*>(QApplication::focusWidget())) field->interpretText();
    if (!loader_->isLoaded()) {
        if (loader_->isLoading()) {
            startWhenLoaded_ = true;
            showStatus(tr("Starting once the weights are loaded…"));
        } else {
            showError(tr("Cannot start: no VGG-19 weights are loaded"));
        }
        return;
    }
    if (isRunning()) {
        // One run at a time: Start is disabled while running, and a second request (a repeated
        // shortcut, a script) must not start a second run beside the first.
        showStatus(tr("Already running: press Stop (Esc) or Reset first"), 5000);
        return;
    }
    if (!contentSlot_->hasImage() || !styleSlot_->hasImage()) {
        showError(tr("Choose a content image and a style image first (drop files on the slots or click them)"));
        return;
    }
    if (styleBlend_->allSharesZero()) {
        showError(tr("Cannot start: every style's share is 0; move a blend slider up"));
        return;
    }
    if (askFirst && !mayReplaceResult()) return;
    retireWorker();
    notice_->dismiss();
    runParams_ = currentParams();
    // Continue from Here: the count goes on from the snapshot's iteration, to the panel's total
    // (or, from at or past it, that many more).
    PendingStart from = std::exchange(pendingStart_, PendingStart{});
    engine::RgbImage startPixels;  // a start kept only in memory: the session folder writes it
    if (from.iteration >= 0 && from.png.empty()) startPixels = from.image;
    std::optional<engine::RunStart> start;
    if (from.iteration >= 0) start = engine::RunStart{std::move(from.image), from.iteration};
    if (start && runParams_.iterations <= start->iteration) runParams_.iterations += start->iteration;
    runBaseName_ = runBaseName(contentSlot_->sourceLabel(), styleSlot_->sourceLabel());
    worker_ = new RunWorker(this);
    worker_->setSnapshotEvery(runSettings_->snapshotEvery());
    connect(worker_, &RunWorker::frameReady, this, &MainWindow::onFrame);
    connect(worker_, &RunWorker::snapshotReady, this, &MainWindow::onSnapshot);
    connect(worker_, &RunWorker::runEnded, this, &MainWindow::onRunEnded);
    connect(worker_, &RunWorker::failed, this, &MainWindow::onRunFailed);
    connect(worker_, &RunWorker::paramsRejected, this, [this](const QString& message, quint64 id) {
        if (id == runId_) showError(tr("Change not applied: %1").arg(message));
    });
    session_ = beginBranch(from.iteration >= 0 ? from.branch : 0, from.iteration);
    session_->setInputs({contentSlot_->path().toStdString(), stylePaths(),
                         loader_->weightsPath().toStdString(), deviceName(runParams_.device), from.png,
                         std::move(startPixels), start ? start->iteration : 0, from.parentRecord});
    snapshotsDropped_ = 0;
    lossPlot_->clear();
    timeline_->setRange(history_->empty() ? (start ? start->iteration : 0) : history_->entries().front().iteration,
                        runParams_.iterations);
    rate_.reset();
    lastFrame_.reset();
    updateSaveAction();
    framesShown_ = 0;
    updateCompareCaptions();
    engine::set_memory_limit(static_cast<std::uint64_t>(runSettings_->memoryLimitMiB()) << 20);
    runId_ = worker_->start(loader_->model(), contentSlot_->image(), styleImages(), runParams_,
                            start.value_or(engine::RunStart{}), stylePaths());
    setRunning(true);
    if (start)
        showStatus(tr("Run %1 continues from iteration %2 to %3 (%4): a new run from that image, the optimizer "
                      "starts afresh")
                       .arg(runningBranch_)
                       .arg(start->iteration)
                       .arg(runParams_.iterations)
                       .arg(QString::fromStdString(branches_->find(runningBranch_)->label)));
    else
        showStatus(tr("Running: %1 px, %2 iterations").arg(runParams_.size).arg(runParams_.iterations));
}

void MainWindow::continueFrom(const QString& png) {
    const SnapshotStrip::Entry entry = snapshots_->entry(png);
    if (entry.iteration < 0) return;
    if (entry.variant == kBothVariants) {
        showError(tr("%1 shows both compare variants side by side: continue from a run of one style loss")
                      .arg(QFileInfo(png).fileName()));
        return;
    }
    if (!loader_->isLoaded()) {
        showError(tr("Cannot continue: no VGG-19 weights are loaded"));
        return;
    }
    try {
        pendingStart_ = {};
        pendingStart_.image = engine::load_image(png.toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot continue from %1: %2").arg(QFileInfo(png).fileName(), QString::fromStdString(error.what())));
        return;
    }
    pendingStart_.iteration = entry.iteration;
    pendingStart_.png = png.toStdString();
    pendingStart_.branch = entry.branch;
    // The record that lists the snapshot: its own (window) or the opened run's (a CLI run.json).
    const QString ownRecord = SessionFolder::sidecarPathFor(png);
    pendingStart_.parentRecord = QFileInfo::exists(ownRecord) ? ownRecord.toStdString() : openedRecord_.toStdString();
    if (!mayReplaceRunningRun()) {
        pendingStart_ = {};
        return;
    }
    startRun();
    pendingStart_ = {};  // not started (the question was cancelled): the next Start is a plain one
}

// A stopping run finishes its iteration on its own; the window does not wait for it.
void MainWindow::retireWorker() {
    if (!worker_) return;
    RunWorker* old = worker_;
    worker_ = nullptr;
    disconnect(old, nullptr, this, nullptr);
    // Connect before checking: a thread that ends between the check and the connect would
    // otherwise never be deleted. deleteLater twice is harmless.
    connect(old, &QThread::finished, old, &QObject::deleteLater);
    old->stop();
    if (!old->isRunning()) old->deleteLater();
}

void MainWindow::togglePause() {
    if (!isRunning()) return;
    const bool pause = !worker_->isPaused();
    worker_->pause(pause);
    pauseAction_->setChecked(pause);
    showStatus(pause ? tr("Paused") : tr("Running"));
}

void MainWindow::stopRun() {
    if (worker_) worker_->stop();
}

void MainWindow::takeSnapshot() {
    if (isRunning()) worker_->requestSnapshot();
}

void MainWindow::onLiveParamsChanged() {
    if (!isRunning()) return;
    if (styleBlend_->allSharesZero()) {
        showError(tr("Every style's share is 0: the run keeps the last blend until one is above 0"));
        return;
    }
    worker_->setParams(liveRunParams());
}

engine::Params MainWindow::liveRunParams() const {
    engine::Params params = runParams_;  // fixed fields stay those of the run
    liveParams_->writeTo(params);
    params.style_blend = styleBlend_->blend();
    params.style_masks = regionPaint_->masks();
    return params;
}

std::vector<engine::RgbImage> MainWindow::styleImages() const {
    std::vector<engine::RgbImage> images{styleSlot_->image()};
    for (const auto& extra : styleBlend_->extras()) images.push_back(extra.image);
    return images;
}

std::vector<std::string> MainWindow::stylePaths() const {
    std::vector<std::string> paths{styleSlot_->path().toStdString()};
    for (const auto& extra : styleBlend_->extras()) paths.push_back(extra.path.toStdString());
    return paths;
}

void MainWindow::onStylesChanged() {
    if (!isRunning() || !styleSlot_->hasImage()) return;
    engine::Params params = liveRunParams();
    if (styleBlend_->allSharesZero())
        params.style_blend.assign(params.style_blend.size(), 1.0);  // the paintings must count: equal shares
    worker_->setStyles(styleImages(), stylePaths(), params);
}

void MainWindow::promoteFirstExtraStyle() {
    if (styleBlend_->extras().empty()) return;
    const StyleBlendPanel::Extra next = styleBlend_->takeFirstExtra();
    styleSlot_->setImage(next.image, next.label, next.path);  // imageChanged: the panel and a running run follow
}

void MainWindow::onFrame(const engine::Frame& frame, quint64 runId) {
    if (runId != runId_ || !worker_) return;  // a frame of an earlier run
    worker_->frameConsumed();
    const bool first = !lastFrame_;
    // Said when the run starts and when a new list of paintings is cut differently.
    if (first || !(lastFrame_->style_frames == frame.style_frames)) {
        const QString note = styleFramesNote(frame.style_frames);
        if (!note.isEmpty()) showStatus(note, 15000);
    }
    lastFrame_ = std::make_unique<engine::Frame>(frame);
    if (first) updateSaveAction();
    // The iterations whose preview was skipped (the window was busy) still join the history.
    for (const engine::Frame& skipped : worker_->takeSkippedFrames()) recordInHistory(skipped);
    recordInHistory(frame);
    // Looking back at an earlier iteration (or another branch): the canvas keeps it, the run and
    // the plots go on.
    const bool live = timeline_->isLive() && shownBranch_ == runningBranch_;
    if (live) showOnCanvas(frame.images, liveCaption());
    compareView_->setTileOutlines(live ? tileOutlines(frame) : QVector<QRectF>());
    if (!frame.losses.empty()) {
        const auto& l = frame.losses.front();
        lossPlot_->addPoint(frame.iteration, l.total, l.content, l.style, l.tv);
    }
    ++framesShown_;
    updateProgress(frame);
    if (frame.status == engine::RunStatus::NumericFault) offerWorkingLearningRate(frame);
    Q_EMIT frameShown(frame.iteration);
    maybeTakeScreenshot(frame.iteration);
}

// The frame's tiles in the picture's 0..1 coordinates (the cores cover the picture exactly).
QVector<QRectF> MainWindow::tileOutlines(const engine::Frame& frame) {
    QVector<QRectF> outlines;
    int height = 0, width = 0;
    for (const auto& tile : frame.tiles) {
        height = std::max(height, tile.y1);
        width = std::max(width, tile.x1);
    }
    for (const auto& tile : frame.tiles)
        outlines.push_back(QRectF(static_cast<double>(tile.x0) / width, static_cast<double>(tile.y0) / height,
                                  static_cast<double>(tile.width()) / width, static_cast<double>(tile.height()) / height));
    return outlines;
}

void MainWindow::updateProgress(const engine::Frame& frame) {
    rate_.add(frame.iteration, frame.elapsed_seconds);
    QString scale;
    if (frame.scale_count > 1) scale = tr(" · scale %1/%2").arg(frame.scale_index + 1).arg(frame.scale_count);
    const auto scaleIndex = static_cast<std::size_t>(frame.scale_index);
    if (scaleIndex < frame.scale_tiles.size() && frame.scale_tiles[scaleIndex] > 1)
        scale += tr(" in %1 tiles (memory limit)").arg(frame.scale_tiles[scaleIndex]);
    // A style scale past the painting's own resolution interpolates its strokes: say so.
    if (frame.style_upscaled)
        scale += tr(" · style enlarged past its resolution, to %1 × %2 px").arg(frame.style_width).arg(frame.style_height);
    iterationLabel_->setText(tr("Iteration %1 / %2%3").arg(frame.iteration).arg(frame.total_iterations).arg(scale));
    const double rate = rate_.iterationsPerSecond();
    rateLabel_->setText(rate > 0 ? tr("%1 it/s").arg(rate, 0, 'f', rate < 10 ? 2 : 1) : QString());
    const QString eta = rate_.eta(frame.total_iterations - frame.iteration);
    etaLabel_->setText(eta.isEmpty() || frame.status != engine::RunStatus::Running ? QString() : tr("ETA %1").arg(eta));
}

// PNG encoding, the fsync'd writes and the thumbnails happen on the BackgroundWriter; the strip
// entry appears when the result arrives (onWriteFinished).
void MainWindow::onSnapshot(const engine::Frame& frame, quint64 runId, bool keep) {
    if (runId != runId_ || !session_ || closeWhenWritten_) return;
    recordInHistory(frame);  // a snapshot is never thinned from the history
    historyOf(runningBranch_).pin(frame.iteration);
    WriteResult request;
    request.kind = WriteResult::Kind::Snapshot;
    request.runId = runId;
    request.iteration = frame.iteration;
    const engine::Params params = worker_ ? worker_->appliedParams() : runParams_;
    const std::vector<std::string> styles = worker_ ? worker_->appliedStylePaths() : stylePaths();
    const bool accepted = writer_->submit(
        request,
        [session = session_, frame, params, styles](WriteResult& result) { writeSnapshot(*session, frame, params, result, styles); },
        !keep);
    if (!accepted) {
        // The disk is slower than the run: skip this automatic snapshot rather than queue it.
        ++snapshotsDropped_;
        showStatus(tr("Skipped %n automatic snapshot(s): the disk is slower than the run (Snap still saves)", nullptr,
                      snapshotsDropped_),
                   5000);
    }
}

void MainWindow::onRunEnded(int status, quint64 runId) {
    if (runId != runId_) return;
    // A rate that ran without diverging is worth keeping again.
    if (status != static_cast<int>(engine::RunStatus::NumericFault) && worker_ &&
        worker_->appliedParams().learning_rate == failedLearningRate_)
        failedLearningRate_ = -1.0;
    setRunning(false);
    compareView_->setTileOutlines({});  // the tiles belong to the run that was computing
    switch (static_cast<engine::RunStatus>(status)) {
        case engine::RunStatus::Finished: showStatus(tr("Finished")); break;
        case engine::RunStatus::Cancelled: showStatus(tr("Stopped")); break;
        case engine::RunStatus::NumericFault: break;  // the frame's message is already shown
        case engine::RunStatus::Running: break;
    }
    etaLabel_->clear();
    Q_EMIT runStopped();
    // Screenshot mode: the run ended before the last requested iteration.
    while (!launch_.screenshotAfter.isEmpty()) maybeTakeScreenshot(std::numeric_limits<int>::max());
}

void MainWindow::onRunFailed(const QString& message, quint64 runId) {
    if (runId != runId_) return;
    setRunning(false);
    notice_->showNotice(NoticeBar::Kind::Error, tr("The run could not continue: %1").arg(message));
    showError(message);
    Q_EMIT runStopped();
}

// A diverged run: offer a rate that works at once, the optimizer's default; only when the
// default itself diverged, a tenth of it. The rate that failed is not kept for the next session.
void MainWindow::offerWorkingLearningRate(const engine::Frame& frame) {
    const engine::Params applied = worker_->appliedParams();
    failedLearningRate_ = applied.learning_rate;
    engine::Params fallback = applied;
    fallback.learning_rate = 0.0;
    const double defaultRate = engine::effective_learning_rate(fallback);
    const bool wasDefault = applied.learning_rate == 0.0;
    const double offered = wasDefault ? defaultRate / 10.0 : 0.0;
    const QString label = wasDefault ? tr("Restart with learning rate %1").arg(offered)
                                     : tr("Restart with the default learning rate (%1)").arg(defaultRate);
    notice_->showNotice(NoticeBar::Kind::Warning, QString::fromStdString(frame.message), label,
                        [this, offered] { restartWithLearningRate(offered); });
    showError(QString::fromStdString(frame.message));
}

void MainWindow::restartWithLearningRate(double learningRate) {
    retireWorker();  // the faulted run has ended; never refuse the restart because of it
    setRunning(false);
    liveParams_->learningRateBox()->setValue(learningRate);
    replaceUnasked_ = true;  // the artist asked for this restart from the divergence notice
    showStatus(learningRate == 0.0 ? tr("Learning rate: the optimizer's default")
                                   : tr("Learning rate set to %1").arg(learningRate));
    startRun();
}

// Testing and README screenshots: grab the window (and the canvas) at the requested iterations.
void MainWindow::maybeTakeScreenshot(int iteration) {
    if (launch_.screenshotAfter.isEmpty() || iteration < launch_.screenshotAfter.front()) return;
    const int at = launch_.screenshotAfter.takeFirst();
    QString file = launch_.screenshotFile;
    if (screenshotNumbered_) {
        const QFileInfo info(file);
        file = info.dir().filePath(QStringLiteral("%1-%2.png").arg(info.completeBaseName()).arg(at));
    }
    const QString canvasFile = QFileInfo(file).dir().filePath(QFileInfo(file).completeBaseName() + ".canvas.png");
    if (!grab().save(file) || !compareView_->canvas(0)->grab().save(canvasFile))
        qWarning("gramstudio: could not write the screenshot %s", qPrintable(file));
    else
        qInfo("gramstudio: screenshot at iteration %d: %s", iteration, qPrintable(file));
    // Where the window and its bottom parts lie on the screen (the small-screen test reads this).
    auto where = [](const QRect& r) { return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height()); };
    auto onScreen = [&where](const QWidget* w) {
        return where(QRect(w->mapToGlobal(QPoint(0, 0)), w->size())) + (w->isVisible() ? "" : " hidden");
    };
    qInfo("gramstudio: geometry: frame %s; screen %s; status bar %s; loss plot %s; snapshot strip %s",
          qPrintable(where(frameGeometry())), qPrintable(where(screen()->availableGeometry())),
          qPrintable(onScreen(statusBar())), qPrintable(onScreen(lossPlot_)), qPrintable(onScreen(snapshots_)));
    if (launch_.screenshotAfter.isEmpty()) QTimer::singleShot(0, this, &QWidget::close);
}

}  // namespace ui
