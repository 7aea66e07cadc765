#pragma once
// The Gram Studio window: assembles the panels and drives one RunWorker at a time.
// Split by concern: main_window.cpp (layout), main_window_actions.cpp (actions, menus, shortcuts),
// main_window_run.cpp (run and frames),
// main_window_files.cpp (inputs, settings, command line), main_window_export.cpp (snapshots,
// saving and export, all written by a BackgroundWriter off the GUI thread),
// main_window_unsaved.cpp (nothing lost without asking: closing, Clear Result, the learning rate
// kept between sessions), main_window_history.cpp (the iterations kept in memory, the timeline,
// continuing from any of them), main_window_branches.cpp (the session's tree of branches).
#include <QImage>
#include <QMainWindow>
#include <QStringList>
#include <map>
#include <memory>
#include <vector>

#include "engine/params.h"
#include "engine/rgb_image.h"
#include "ui/launch_options.h"
#include "ui/run_stats.h"

class QAction;
class QMenu;
class QLabel;
class QPushButton;
class QToolButton;

namespace engine {
struct Frame;
}
namespace record {
class BranchTree;
class RunHistory;
}

namespace ui {

class BackgroundWriter;
class BranchList;
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
class StyleBlendPanel;
class RegionPaintPanel;
class Timeline;
struct WriteResult;

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
    // A result shown that Save Result has not written (a run going counts as unsaved).
    bool hasUnsavedResult() const;
    int lastIteration() const;  // of the latest frame shown; -1 before any
    int framesShown() const { return framesShown_; }

    ImageSlot* contentSlot() const { return contentSlot_; }
    ImageSlot* styleSlot() const { return styleSlot_; }
    StyleBlendPanel* styleBlendPanel() const { return styleBlend_; }
    LiveParamsPanel* liveParams() const { return liveParams_; }
    RegionPaintPanel* regionPaint() const { return regionPaint_; }
    RunSettingsPanel* runSettings() const { return runSettings_; }
    CompareView* compareView() const { return compareView_; }
    LossPlot* lossPlot() const { return lossPlot_; }
    SnapshotStrip* snapshotStrip() const { return snapshots_; }
    Timeline* timeline() const { return timeline_; }
    // The iterations of the branch shown (the run's, and after Continue from Here its ancestors'
    // up to the branch point) kept in memory (main_window_history.cpp).
    const record::RunHistory& history() const { return *history_; }
    // The session's runs: each Continue from Here a branch of the run it continued
    // (main_window_branches.cpp); the running (or last run) branch and the one shown.
    const record::BranchTree& branches() const { return *branches_; }
    BranchList* branchList() const { return branchList_; }
    int runningBranch() const { return runningBranch_; }
    int shownBranch() const { return shownBranch_; }
    RunWorker* worker() const { return worker_; }
    ModelLoader* modelLoader() const { return loader_; }
    BackgroundWriter* backgroundWriter() const { return writer_; }
    QAction* startAction() const { return startAction_; }
    QAction* snapAction() const { return snapAction_; }
    QAction* saveAction() const { return saveAction_; }
    QAction* pauseAction() const { return pauseAction_; }
    QAction* clearAction() const { return resetAction_; }
    QAction* guideAction() const { return guideAction_; }
    QString noticeText() const;
    NoticeBar* noticeBar() const { return notice_; }
    QString statusText() const;  // the status bar's current message
    quint64 runId() const { return runId_; }  // which run the canvas shows (0: none)
    // Automatic snapshots of the current run dropped because the disk was still busy.
    int snapshotsDropped() const { return snapshotsDropped_; }

    // What the dialogs of saveResult / exportSelectedSnapshots / exportTimelapse lead to; the
    // writes happen on the BackgroundWriter and the result shows in the status bar. Saving and
    // exporting list the files they would replace and ask first (Cancel writes nothing);
    // saveResultTo returns whether the write was submitted.
    bool saveResultTo(const QString& file);
    // Where Save Result's dialog starts: the last save folder (else where the images came from),
    // named <photo>_<painting>_<iteration>.png. Exports remember their own folder.
    QString suggestedResultPath() const;
    QString exportFolder() const;
    void exportSnapshotsTo(const QStringList& pngs, const QString& folder);
    void exportTimelapseTo(const QString& file);
    // Where the weights download fetches from and writes to (default: the public URL, or
    // $GRAMSTUDIO_WEIGHTS_URL, into engine::user_models_dir()).
    void setWeightsDownloadSource(const QString& url, const QString& folder);

public Q_SLOTS:
    void startRun();
    // "Continue from Here": a new run from that snapshot's image with the settings in the panel,
    // its iterations counted on from the snapshot's (issue 14's branching).
    void continueFrom(const QString& png);
    // File > Open Run…: a run record (the CLI's run.json, or a window snapshot's JSON) back in the
    // window: its photo, painting, parameters and snapshots, ready to continue from any of them.
    // Returns false (the status bar says why, nothing changed) when it cannot be opened.
    bool openRun(const QString& path);
    // Recipe menu (main_window_recipes.cpp): a built-in or saved recipe's settings into the panels
    // (live ones reach a running run at once; the others apply at the next Start). Returns false
    // (the status bar says why) for an unknown name.
    bool applyRecipe(const QString& name);
    // Saves the panels' settings as the user's recipe `name` and lists it in the menu.
    bool saveRecipe(const QString& name);
    // The timeline's "Continue from Here": a new run from a kept iteration's image (`variant`: the
    // left or right picture of a compare run), with the settings in the panel. A run going on is
    // stopped first (asking, as Start does, when its result is not saved).
    void continueFromIteration(int iteration, int variant = 0);
    // Shows a kept iteration on the canvas (the run goes on), or the newest as it comes.
    void showIteration(int iteration);
    void showLive();
    // Keeps a kept iteration on the left canvas while the timeline's choice (or the newest)
    // shows on the right: any two iterations of the history side by side. -1 ends it.
    void showBeside(int iteration);
    int besideIteration() const { return besideIteration_; }
    // Shows a branch of the session: its snapshots in the strip, its kept iterations on the
    // timeline and its newest on the canvas (the running branch: live).
    void showBranch(int branch);
    // A snapshot of any branch on the canvas (on the right when one is kept beside), or kept on
    // the left (any two iterations of the tree side by side).
    void showSnapshot(const QString& png);
    void showSnapshotBeside(const QString& png);
    void openRunDialog();
    void togglePause();
    void stopRun();
    void resetRun();  // "Clear Result…": asks first when the result is not saved
    void takeSnapshot();
    void swapImages();
    void pasteIntoFocusedSlot();
    void saveResult();
    void exportSelectedSnapshots();
    void exportAllSnapshots();
    void exportTimelapse();
    void openWeightsDownload();  // the download dialog (non-modal); a finished download is loaded
    void showGuide();

Q_SIGNALS:
    void frameShown(int iteration);
    void runStopped();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // main_window.cpp
    QWidget* buildInputs();
    QWidget* buildControls();
    QWidget* buildCentre();
    void buildActions();  // main_window_actions.cpp
    void rebuildRecipeMenu();  // main_window_recipes.cpp
    void setRunning(bool running);
    void updateCompareCaptions();
    void showStatus(const QString& message, int timeoutMs = 0);
    void showError(const QString& message);
    // main_window_run.cpp
    void onModelLoaded(const QString& weightsPath);
    void onModelFailed(const QString& message);
    void onLiveParamsChanged();
    // Paint Regions (main_window_regions.cpp): the panel follows the styles and the result's size;
    // an edit reaches a running run with the live parameters.
    QWidget* buildRegionPainting();
    void updateRegionStyles();
    void updateRegionSize();
    void onRegionsEdited();
    void onPaintModeToggled(bool on);
    bool loadStyleMasks(const QStringList& files);  // one per style (gramstudio --style-mask)
    // The paintings changed (the slot's, or one added or removed): a running run takes them at
    // its next iteration (main_window_run.cpp).
    void onStylesChanged();
    void promoteFirstExtraStyle();  // the first row's remove button: the next painting moves into the slot
    engine::Params liveRunParams() const;  // the run's fixed parameters with the panels' live ones
    std::vector<engine::RgbImage> styleImages() const;  // the slot's painting, then the blended ones
    std::vector<std::string> stylePaths() const;
    void onFrame(const engine::Frame& frame, quint64 runId);
    void onSnapshot(const engine::Frame& frame, quint64 runId, bool keep);
    void onRunEnded(int status, quint64 runId);
    void onRunFailed(const QString& message, quint64 runId);
    void updateProgress(const engine::Frame& frame);
    static QVector<QRectF> tileOutlines(const engine::Frame& frame);
    void maybeTakeScreenshot(int iteration);
    void offerWorkingLearningRate(const engine::Frame& frame);
    void restartWithLearningRate(double learningRate);
    void retireWorker();
    void updateCanvasHint();   // what the empty canvas says to do next
    void updateSaveAction();   // Save Result only while there is a result
    // main_window_export.cpp
    void onWriteFinished(const WriteResult& result);
    bool saveResultWithDialog();  // false when nothing was saved (no result, or the dialog cancelled)
    QString exportFolderDialog(const QString& title);
    // main_window_history.cpp
    QWidget* buildTimeline();
    void recordInHistory(const engine::Frame& frame);
    // Continue from Here while a run goes on: stops it after the same question as Start's when its
    // result is unsaved; false when the artist cancelled (the run goes on).
    bool mayReplaceRunningRun();
    // Redraws what the timeline shows now (a kept iteration, or the newest), beside the pinned one or alone.
    void redrawShown();
    // Keeps `image` on the left canvas under `caption` (showBeside and showSnapshotBeside).
    void keepBeside(const QImage& image, int iteration, const QString& caption);
    // main_window_branches.cpp
    // The run about to start joins the session's tree: a root for a fresh Start (a new tree), else
    // a branch of `parent` from `fromIteration` with the history of its ancestors up to there.
    // Returns the run's session folder (a branch's lies inside the session's first folder).
    std::shared_ptr<SessionFolder> beginBranch(int parent, int fromIteration);
    void clearBranches();
    void shareHistoryBudget();  // the History memory preference, split between the branches' histories
    void saveBranches();        // branches.json, written in the background
    void refreshBranchList();
    record::RunHistory& historyOf(int branch);
    QString branchCaption(int branch, int iteration) const;  // "Iteration 40", "Run 2 · iteration 40"
    QString liveCaption() const;  // "Live", "Run 3 · live"
    // File > Open Run of a record in a window session: the session's tree from its branches.json
    // and every branch's snapshots; false when the record's folder holds none.
    bool openBranches(const QString& recordPath);
    // Lists the snapshots of run records under `branch` in the strip (one thumbnail each, the
    // compare variants apart); records that cannot be read and missing images are left out.
    // Returns how many were listed.
    int addRecordedSnapshots(const QStringList& records, int branch);
    // The canvas shows `images` (a frame's or a kept iteration's), beside the pinned iteration
    // when there is one; `caption` names what they are.
    void showOnCanvas(const std::vector<engine::RgbImage>& images, const QString& caption);
    // main_window_weights.cpp
    void offerWeightsDownload(const QString& where);
    void updateDownloadOffer();
    // main_window_files.cpp
    void restoreSettings();
    void saveSettings() const;
    // main_window_unsaved.cpp
    bool mayClose();  // asks Save / Discard / Cancel when something would be lost
    bool mayReplaceResult();  // Start over an unsaved result asks Save / Replace / Cancel
    double learningRateToKeep() const;

    QString weightsPath_;
    QString downloadUrl_, downloadFolder_;  // empty: the defaults (see setWeightsDownloadSource)
    ModelLoader* loader_;
    RunWorker* worker_ = nullptr;
    BackgroundWriter* writer_;
    std::shared_ptr<SessionFolder> session_;  // shared with the snapshot jobs in flight
    std::unique_ptr<engine::Frame> lastFrame_;
    engine::Params runParams_;  // the parameters the current run started with (fixed part)
    quint64 runId_ = 0;
    bool running_ = false;  // set by startRun, cleared when the window handles the run's end
    bool startWhenLoaded_ = false;
    int framesShown_ = 0;
    int snapshotsDropped_ = 0;
    bool closeWhenWritten_ = false;  // a close waits for the writes in flight
    RateMeter rate_;
    LaunchOptions launch_;
    bool screenshotNumbered_ = false;  // several --screenshot-after values: FILE-<iteration>.png
    QString lastFolder_;  // where the images were opened
    QString saveFolder_;  // where Save Result last wrote (exports have their own, in the settings)
    QString runBaseName_;  // "<photo>_<painting>" of the current run: names saved and exported files
    quint64 savedRunId_ = 0;  // the run and iteration Save Result last wrote
    int savedIteration_ = -1;
    // continueFrom: what the next startRun starts from (iteration -1: from Params::init).
    struct PendingStart {
        engine::RgbImage image;
        int iteration = -1;
        std::string png, parentRecord;  // the snapshot's file and the record that lists it
        int branch = 0;  // the branch the image comes from (0: none of this session's)
    };
    PendingStart pendingStart_;
    std::unique_ptr<record::BranchTree> branches_;
    std::map<int, std::unique_ptr<record::RunHistory>> histories_;  // by branch
    record::RunHistory* history_ = nullptr;  // the branch shown's (the timeline's)
    int runningBranch_ = 0, shownBranch_ = 0;
    QString branchesHome_;  // where branches.json goes: the first folder this window made for the tree
    int besideIteration_ = -1;  // the iteration pinned on the left canvas (-1: none)
    QString besideCaption_;     // what it is ("Run 1 · iteration 30")
    QImage besideImage_;        // its image (kept here: the history may thin it)
    QString shownCaption_;      // what the right canvas shows beside it
    QString openedRecord_;  // the run record File > Open Run showed last (its snapshots are in the strip)
    bool replaceUnasked_ = false;  // the next Start replaces the result without asking (a restart asked for)
    bool closeDecided_ = false;  // the artist agreed to close (or nothing was at stake)
    double failedLearningRate_ = -1.0;  // a rate whose run diverged and none has run well since

    ImageSlot* contentSlot_;
    ImageSlot* styleSlot_;
    StyleBlendPanel* styleBlend_;
    RegionPaintPanel* regionPaint_ = nullptr;
    QMenu* recipeMenu_ = nullptr;
    LiveParamsPanel* liveParams_;
    RunSettingsPanel* runSettings_;
    CompareView* compareView_;
    LossPlot* lossPlot_;
    SnapshotStrip* snapshots_;
    BranchList* branchList_ = nullptr;
    Timeline* timeline_ = nullptr;
    QToolButton* liveButton_ = nullptr;
    NoticeBar* notice_;
    QLabel* iterationLabel_;
    QLabel* rateLabel_;
    QLabel* etaLabel_;

    QAction* startAction_;
    QAction* pauseAction_;
    QAction* stopAction_;
    QAction* resetAction_;
    QAction* snapAction_;
    QAction* saveAction_;
    QAction* downloadNetworkAction_;
    QAction* guideAction_;
};

}  // namespace ui
