#pragma once
// Runs one engine::Run on its own thread and streams frames to the UI (after Qt's Mandelbrot
// RenderThread): a narrow API, atomic flags, parameters handed over under a mutex that is never
// held while computing, and at most one preview frame in flight (latest wins).
#include <QThread>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/params.h"
#include "engine/rgb_image.h"
#include "engine/run.h"
#include "engine/vgg19.h"
#include "ui/frame_types.h"

namespace ui {

class RunWorker : public QThread {
    Q_OBJECT
public:
    explicit RunWorker(QObject* parent = nullptr);
    ~RunWorker() override;  // aborts, cancels the run, wakes a paused loop and waits

    // Stops a previous run (waits for it), then starts a new one. content/style are resized to
    // params.size here, on the worker thread. Returns the new run's id.
    quint64 start(engine::Vgg19 model, const engine::RgbImage& content, const std::vector<engine::RgbImage>& styles,
                  const engine::Params& params, const engine::RunStart& from = {},
                  const std::vector<std::string>& stylePaths = {});
    quint64 start(engine::Vgg19 model, const engine::RgbImage& content, const engine::RgbImage& style,
                  const engine::Params& params, const engine::RunStart& from = {}) {
        return start(std::move(model), content, std::vector<engine::RgbImage>{style}, params, from);
    }
    // A style added, removed or replaced: the paintings (with `paths`, what the records name) and
    // the parameters with their blend, applied together with Run::set_styles at the top of the
    // next iteration. Never blocks on the computation.
    void setStyles(const std::vector<engine::RgbImage>& styles, const std::vector<std::string>& paths,
                   const engine::Params& params);
    // Live parameters: stored in a pending slot, applied with Run::set_params at the top of the
    // next iteration. Never blocks on the computation.
    void setParams(const engine::Params& params);
    void pause(bool paused);
    // Asks the run to end; returns at once (the thread ends after the current iteration).
    void stop();
    // Automatic snapshots: every N iterations a frame with images is emitted on snapshotReady,
    // whatever the preview throttling. 0: off.
    void setSnapshotEvery(int iterations) { snapshotEvery_ = iterations; }
    // The next iteration's frame is also sent to snapshotReady (the Snap button).
    void requestSnapshot() { snapshotRequested_ = true; }

    // Called by the slot that consumed a preview frame: the worker may render the next one.
    void frameConsumed() { framePending_ = false; }

    bool isPaused() const { return paused_; }
    quint64 runId() const { return runId_; }
    // The parameters the engine used for the latest step (after defaults were filled in).
    engine::Params appliedParams() const;
    // The parameters a generation of the run (engine::Frame::generation) ran with; none for a
    // generation not (yet) applied.
    std::optional<engine::Params> paramsOfGeneration(std::uint64_t generation) const;
    // The frames whose preview was skipped (one was still in flight), with their images, oldest
    // first, since the last call: the window's history keeps every iteration. At most
    // kMaxSkippedKept frames and kMaxSkippedBytes of images are held (the oldest go first; a
    // history over budget thins them anyway).
    static constexpr std::size_t kMaxSkippedKept = 256;
    static constexpr std::size_t kMaxSkippedBytes = std::size_t(256) << 20;
    std::vector<engine::Frame> takeSkippedFrames();
    // The paths of the paintings the latest step used (as given to start/setStyles).
    std::vector<std::string> appliedStylePaths() const;
    // Iterations computed on the worker thread, and previews skipped because one was in flight.
    int iterationsDone() const { return iterationsDone_; }
    int framesSkipped() const { return framesSkipped_; }

Q_SIGNALS:
    void frameReady(const engine::Frame& frame, quint64 runId);
    // keep: the Snap button's frame or the run's last one, which a busy disk must not drop;
    // automatic snapshots (every N iterations) may be dropped by the receiver.
    void snapshotReady(const engine::Frame& frame, quint64 runId, bool keep);
    // A live change was accepted: frames from here on carry `generation`; `iteration` is the
    // number of iterations completed before it took effect.
    void paramsApplied(quint64 generation, int iteration, quint64 runId);
    // A live change the engine refused (e.g. no style layer); the run goes on with the old ones.
    void paramsRejected(const QString& message, quint64 runId);
    // The run ended: finished, stopped, or a numeric fault (the last frame tells which).
    void runEnded(int status, quint64 runId);
    // The run could not start or an iteration threw (bad parameters, out of memory...).
    void failed(const QString& message, quint64 runId);

protected:
    void run() override;

private:
    void loop(engine::Run& run, quint64 id);
    bool waitWhilePaused();
    void abortAndWait();

    // Inputs of the run being started; written before QThread::start, read on the thread.
    engine::Vgg19 model_{nullptr};
    engine::RgbImage content_;
    std::vector<engine::RgbImage> styles_;
    engine::Params startParams_;
    engine::RunStart from_;  // empty image: from Params::init

    mutable std::mutex mutex_;  // guards the fields below; never held while stepping
    std::condition_variable wake_;
    engine::Params pending_;
    bool hasPending_ = false;
    engine::Params applied_;
    std::vector<engine::RgbImage> pendingStyles_;  // with pendingStylePaths_ and pendingStyleParams_
    std::vector<std::string> pendingStylePaths_, appliedStylePaths_;
    engine::Params pendingStyleParams_;
    bool hasPendingStyles_ = false;
    engine::Run* run_ = nullptr;  // for cancel() from the UI thread
    std::map<std::uint64_t, engine::Params> paramsByGeneration_;
    std::deque<engine::Frame> skipped_;
    std::size_t skippedBytes_ = 0;

    std::atomic<bool> abort_{false};
    std::atomic<bool> paused_{false};
    std::atomic<bool> framePending_{false};
    std::atomic<bool> snapshotRequested_{false};
    std::atomic<int> snapshotEvery_{0};
    std::atomic<int> iterationsDone_{0};
    std::atomic<int> framesSkipped_{0};
    std::atomic<quint64> runId_{0};
};

}  // namespace ui
