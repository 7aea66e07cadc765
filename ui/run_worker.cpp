#include "ui/run_worker.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/image_io.h"

namespace ui {
namespace {

std::size_t imageBytes(const engine::Frame& frame) {
    std::size_t bytes = 0;
    for (const auto& image : frame.images) bytes += image.pixels.size();
    return bytes;
}

// Run ids are unique across workers: a window may hand a stopping run to a new worker and must
// still tell the old run's queued frames apart.
std::atomic<quint64> lastRunId{0};
}  // namespace

void registerFrameTypes() {
    qRegisterMetaType<engine::Frame>("engine::Frame");
    qRegisterMetaType<engine::Params>("engine::Params");
}

RunWorker::RunWorker(QObject* parent) : QThread(parent) { registerFrameTypes(); }

RunWorker::~RunWorker() { abortAndWait(); }

void RunWorker::abortAndWait() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        abort_ = true;
        if (run_) run_->cancel();
    }
    wake_.notify_all();
    wait();
}

quint64 RunWorker::start(engine::Vgg19 model, const engine::RgbImage& content, const std::vector<engine::RgbImage>& styles,
                         const engine::Params& params, const engine::RunStart& from,
                         const std::vector<std::string>& stylePaths) {
    abortAndWait();
    from_ = from;
    model_ = model;
    content_ = content;
    styles_ = styles;
    startParams_ = params;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        hasPending_ = false;
        hasPendingStyles_ = false;
        applied_ = params;
        appliedStylePaths_ = stylePaths;
    }
    abort_ = false;
    paused_ = false;
    framePending_ = false;
    snapshotRequested_ = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paramsByGeneration_.clear();
        skipped_.clear();
        skippedBytes_ = 0;
    }
    iterationsDone_ = 0;
    framesSkipped_ = 0;
    const quint64 id = ++lastRunId;
    runId_ = id;
    QThread::start(QThread::LowPriority);  // keep the desktop and our own UI thread responsive
    return id;
}

void RunWorker::setParams(const engine::Params& params) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = params;
    hasPending_ = true;
}

void RunWorker::setStyles(const std::vector<engine::RgbImage>& styles, const std::vector<std::string>& paths,
                          const engine::Params& params) {
    std::lock_guard<std::mutex> lock(mutex_);
    pendingStyles_ = styles;
    pendingStylePaths_ = paths;
    pendingStyleParams_ = params;
    hasPendingStyles_ = true;
    // These parameters are the panel's whole live state, newer than any pending ones (whose blend
    // may count the paintings before this change): they replace them.
    hasPending_ = false;
}

std::vector<std::string> RunWorker::appliedStylePaths() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return appliedStylePaths_;
}

void RunWorker::pause(bool paused) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        paused_ = paused;
    }
    wake_.notify_all();
}

void RunWorker::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    abort_ = true;
    if (run_) run_->cancel();
    wake_.notify_all();
}

engine::Params RunWorker::appliedParams() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return applied_;
}

std::optional<engine::Params> RunWorker::paramsOfGeneration(std::uint64_t generation) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = paramsByGeneration_.find(generation);
    if (found == paramsByGeneration_.end()) return std::nullopt;
    return found->second;
}

std::vector<engine::Frame> RunWorker::takeSkippedFrames() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<engine::Frame> frames(std::make_move_iterator(skipped_.begin()), std::make_move_iterator(skipped_.end()));
    skipped_.clear();
    skippedBytes_ = 0;
    return frames;
}

void RunWorker::run() {
    const quint64 id = runId_;
    try {
        // The content sets the result's size; the style goes in at its own resolution (the slot
        // keeps at most 4096 px) and the run scales it to style_scale x the result's longest side,
        // so the texture's scale does not depend on the style file's resolution.
        const engine::RgbImage content = engine::resize_to_longest_side(content_, startParams_.size);
        engine::Run run(model_, content, styles_, startParams_, from_);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            run_ = &run;
            applied_ = run.params();
            paramsByGeneration_[run.generation()] = applied_;
            if (abort_) run.cancel();
        }
        loop(run, id);
        std::lock_guard<std::mutex> lock(mutex_);
        run_ = nullptr;
    } catch (const std::exception& error) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            run_ = nullptr;
        }
        Q_EMIT failed(QString::fromStdString(error.what()), id);
    }
}

bool RunWorker::waitWhilePaused() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return !paused_ || abort_; });
    return !abort_;
}

void RunWorker::loop(engine::Run& run, quint64 id) {
    framePending_ = true;
    Q_EMIT frameReady(run.current(true), id);  // the start image, before the first iteration

    engine::Frame frame;
    while (waitWhilePaused()) {
        // Take the pending styles and parameters under the lock, apply them without it: the styles
        // first (with the parameters of their blend), then any parameters changed after them.
        engine::Params next, styleParams;
        std::vector<engine::RgbImage> styles;
        std::vector<std::string> stylePaths;
        bool apply = false, applyStyles = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (hasPendingStyles_) {
                styles = std::move(pendingStyles_);
                stylePaths = std::move(pendingStylePaths_);
                styleParams = pendingStyleParams_;
                hasPendingStyles_ = false;
                applyStyles = true;
            }
            if (hasPending_) {
                next = pending_;
                hasPending_ = false;
                apply = true;
            }
        }
        if (applyStyles) {
            try {
                run.set_styles(styles, styleParams);
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    applied_ = run.params();
                    paramsByGeneration_[run.generation()] = applied_;
                    appliedStylePaths_ = stylePaths;
                }
                Q_EMIT paramsApplied(run.generation(), run.iteration(), id);
            } catch (const engine::ParamError& error) {
                Q_EMIT paramsRejected(QString::fromStdString(error.what()), id);
            }
        }
        if (apply) {
            try {
                run.set_params(next);
                {
                    std::lock_guard<std::mutex> lock(mutex_);
                    applied_ = run.params();
                    paramsByGeneration_[run.generation()] = applied_;
                }
                Q_EMIT paramsApplied(run.generation(), run.iteration(), id);
            } catch (const engine::ParamError& error) {
                Q_EMIT paramsRejected(QString::fromStdString(error.what()), id);
            }
        }

        frame = run.step(false);
        ++iterationsDone_;
        if (frame.status == engine::RunStatus::Cancelled) break;
        const bool ended = frame.status != engine::RunStatus::Running;
        const int every = snapshotEvery_;
        const bool keep = ended || snapshotRequested_.exchange(false);
        const bool snapshot = keep || (every > 0 && frame.iteration % every == 0);
        // Latest wins: render and send a preview only when the UI has taken the previous one.
        const bool preview = ended || !framePending_.exchange(true);
        // Every iteration's images: the window's history keeps each, the previews skipped too.
        frame.images = run.current(true).images;
        if (!preview) {
            ++framesSkipped_;
            std::lock_guard<std::mutex> lock(mutex_);
            skipped_.push_back(frame);
            skippedBytes_ += imageBytes(frame);
            while (skipped_.size() > kMaxSkippedKept || (skippedBytes_ > kMaxSkippedBytes && skipped_.size() > 1)) {
                skippedBytes_ -= imageBytes(skipped_.front());
                skipped_.pop_front();
            }
        }
        if (snapshot) Q_EMIT snapshotReady(frame, id, keep);
        if (preview) Q_EMIT frameReady(frame, id);
        if (ended) break;
    }
    Q_EMIT runEnded(static_cast<int>(abort_ ? engine::RunStatus::Cancelled : frame.status), id);
}

}  // namespace ui
