#pragma once
// The Gram Studio window: assembles the panels and drives one RunWorker at a time.
// Split by concern: main_window.cpp (layout, actions), main_window_run.cpp (run and frames),
// main_window_files.cpp (inputs, saving, export, settings, command line).
#include <QImage>
#include <QMainWindow>
#include <QStringList>
#include <memory>
#include <vector>

#include "engine/params.h"
#include "ui/launch_options.h"
#include "ui/run_stats.h"

class QAction;
class QLabel;
class QPushButton;

namespace engine {
struct Frame;
}

namespace ui {

class CompareView;
class ImageSlot;
class LiveParamsPanel;
class LossPlot;
class ModelLoader;
class NoticeBar;
class RunSettingsPanel;
class RunWorker;
class SessionFolder;
class SnapshotStrip;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // weightsPath: explicit weights file or folder; empty: engine::find_weights()'s search.
    explicit MainWindow(const QString& weightsPath = QString(), QWidget* parent = nullptr);
    ~MainWindow() override;

    // Applies --content/--style/--size/--demo/--start (a start waits for the weights to load).
    void applyLaunchOptions(const LaunchOptions& options);

    // The current parameters, live and fixed, as shown by the controls.
    engine::Params currentParams() const;

    bool isRunning() const;
    int lastIteration() const;  // of the latest frame shown; -1 before any
    int framesShown() const { return framesShown_; }

    ImageSlot* contentSlot() const { return contentSlot_; }
    ImageSlot* styleSlot() const { return styleSlot_; }
    LiveParamsPanel* liveParams() const { return liveParams_; }
    RunSettingsPanel* runSettings() const { return runSettings_; }
    CompareView* compareView() const { return compareView_; }
    LossPlot* lossPlot() const { return lossPlot_; }
    SnapshotStrip* snapshotStrip() const { return snapshots_; }
    RunWorker* worker() const { return worker_; }
    ModelLoader* modelLoader() const { return loader_; }
    QString noticeText() const;

public slots:
    void startRun();
    void togglePause();
    void stopRun();
    void resetRun();
    void takeSnapshot();
    void swapImages();
    void pasteIntoFocusedSlot();
    void saveResult();
    void exportSelectedSnapshots();
    void exportAllSnapshots();
    void exportTimelapse();

signals:
    void frameShown(int iteration);
    void runStopped();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // main_window.cpp
    QWidget* buildInputs();
    QWidget* buildControls();
    QWidget* buildCentre();
    void buildActions();
    void setRunning(bool running);
    void updateCompareCaptions();
    void showStatus(const QString& message, int timeoutMs = 0);
    void showError(const QString& message);
    // main_window_run.cpp
    void onModelLoaded(const QString& weightsPath);
    void onModelFailed(const QString& message);
    void onLiveParamsChanged();
    void onFrame(const engine::Frame& frame, quint64 runId);
    void onSnapshot(const engine::Frame& frame, quint64 runId);
    void onRunEnded(int status, quint64 runId);
    void onRunFailed(const QString& message, quint64 runId);
    void updateProgress(const engine::Frame& frame);
    void maybeTakeScreenshot(int iteration);
    void lowerLearningRateAndRestart();
    void retireWorker();
    // main_window_files.cpp
    void restoreSettings();
    void saveSettings() const;
    QString exportFolderDialog(const QString& title);

    QString weightsPath_;
    ModelLoader* loader_;
    RunWorker* worker_ = nullptr;
    std::unique_ptr<SessionFolder> session_;
    std::unique_ptr<engine::Frame> lastFrame_;
    engine::Params runParams_;  // the parameters the current run started with (fixed part)
    quint64 runId_ = 0;
    bool running_ = false;  // set by startRun, cleared when the window handles the run's end
    bool startWhenLoaded_ = false;
    int framesShown_ = 0;
    RateMeter rate_;
    LaunchOptions launch_;
    bool screenshotNumbered_ = false;  // several --screenshot-after values: FILE-<iteration>.png
    QString lastFolder_;

    ImageSlot* contentSlot_;
    ImageSlot* styleSlot_;
    LiveParamsPanel* liveParams_;
    RunSettingsPanel* runSettings_;
    CompareView* compareView_;
    LossPlot* lossPlot_;
    SnapshotStrip* snapshots_;
    NoticeBar* notice_;
    QLabel* iterationLabel_;
    QLabel* rateLabel_;
    QLabel* etaLabel_;

    QAction* startAction_;
    QAction* pauseAction_;
    QAction* stopAction_;
    QAction* resetAction_;
    QAction* snapAction_;
};

}  // namespace ui
