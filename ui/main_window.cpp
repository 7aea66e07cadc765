#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

#include "engine/run.h"
#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/loss_plot.h"
#include "ui/model_loader.h"
#include "ui/notice_bar.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"

namespace ui {

MainWindow::MainWindow(const QString& weightsPath, QWidget* parent)
    : QMainWindow(parent), weightsPath_(weightsPath), loader_(new ModelLoader(this)) {
    setWindowTitle(tr("Gram Studio"));
    setObjectName(QStringLiteral("mainWindow"));
    registerFrameTypes();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(buildInputs());
    leftLayout->addWidget(buildControls());
    leftLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(360);
    splitter->addWidget(scroll);
    splitter->addWidget(buildCentre());
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);

    iterationLabel_ = new QLabel(this);
    rateLabel_ = new QLabel(this);
    etaLabel_ = new QLabel(this);
    for (QLabel* label : {iterationLabel_, rateLabel_, etaLabel_}) {
        label->setMinimumWidth(90);
        statusBar()->addPermanentWidget(label);
    }
    iterationLabel_->setObjectName(QStringLiteral("iterationLabel"));

    buildActions();
    restoreSettings();
    setRunning(false);

    connect(loader_, &ModelLoader::loaded, this, &MainWindow::onModelLoaded);
    connect(loader_, &ModelLoader::failed, this, &MainWindow::onModelFailed);
    connect(liveParams_, &LiveParamsPanel::changed, this, &MainWindow::onLiveParamsChanged);
    compareView_->setPlaceholder(tr("Loading the VGG-19 weights…"));
    startAction_->setEnabled(false);
    loader_->load(weightsPath_);
}

MainWindow::~MainWindow() {
    // Workers first: their threads may still be finishing an iteration.
    delete worker_;
    worker_ = nullptr;
}

QWidget* MainWindow::buildInputs() {
    contentSlot_ = new ImageSlot(tr("Content"));
    styleSlot_ = new ImageSlot(tr("Style"));
    auto* swap = new QPushButton(QStringLiteral("⇄"));
    swap->setObjectName(QStringLiteral("swapButton"));
    swap->setToolTip(tr("Swap the content and style images"));
    swap->setFixedWidth(32);
    connect(swap, &QPushButton::clicked, this, &MainWindow::swapImages);
    for (ImageSlot* slot : {contentSlot_, styleSlot_}) {
        connect(slot, &ImageSlot::loadFailed, this, [this](const QString& message) { showError(message); });
        connect(slot, &ImageSlot::imageChanged, this, [this, slot] {
            showStatus(tr("%1 image: %2").arg(slot->title(), slot->sourceLabel()), 5000);
            if (!slot->dialogFolder().isEmpty()) {
                lastFolder_ = slot->dialogFolder();
                contentSlot_->setDialogFolder(lastFolder_);
                styleSlot_->setDialogFolder(lastFolder_);
            }
        });
    }
    auto* box = new QWidget;
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(contentSlot_, 1);
    layout->addWidget(swap);
    layout->addWidget(styleSlot_, 1);
    return box;
}

QWidget* MainWindow::buildControls() {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    liveParams_ = new LiveParamsPanel;
    runSettings_ = new RunSettingsPanel;
    layout->addWidget(liveParams_);
    layout->addWidget(runSettings_);
    connect(runSettings_->snapshotEveryBox(), &QSpinBox::valueChanged, this, [this](int every) {
        if (worker_) worker_->setSnapshotEvery(every);
    });
    return box;
}

QWidget* MainWindow::buildCentre() {
    compareView_ = new CompareView;
    notice_ = new NoticeBar;
    lossPlot_ = new LossPlot;
    snapshots_ = new SnapshotStrip;
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(lossPlot_);
    bottom->addWidget(snapshots_);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    auto* vertical = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(notice_);
    topLayout->addWidget(compareView_, 1);
    vertical->addWidget(top);
    vertical->addWidget(bottom);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    connect(liveParams_, &LiveParamsPanel::changed, this, &MainWindow::updateCompareCaptions);
    return vertical;
}

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const QKeySequence& key, QStyle::StandardPixmap icon, auto slot) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        if (!key.isEmpty()) action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    startAction_ = make(tr("&Start"), QKeySequence(Qt::CTRL | Qt::Key_Return), QStyle::SP_MediaPlay, &MainWindow::startRun);
    pauseAction_ = make(tr("&Pause"), QKeySequence(Qt::Key_Space), QStyle::SP_MediaPause, &MainWindow::togglePause);
    pauseAction_->setCheckable(true);
    stopAction_ = make(tr("S&top"), QKeySequence(Qt::Key_Escape), QStyle::SP_MediaStop, &MainWindow::stopRun);
    resetAction_ = make(tr("&Reset"), QKeySequence(), QStyle::SP_BrowserReload, &MainWindow::resetRun);
    snapAction_ = make(tr("S&nap"), QKeySequence(Qt::CTRL | Qt::Key_T), QStyle::SP_DialogSaveButton, &MainWindow::takeSnapshot);
    snapAction_->setToolTip(tr("Save a snapshot of the next iteration (Ctrl+T)"));
    for (QAction* action : {startAction_, pauseAction_, stopAction_}) action->setShortcutContext(Qt::WindowShortcut);

    auto* openContent = new QAction(tr("Open &Content…"), this);
    openContent->setShortcut(QKeySequence::Open);
    connect(openContent, &QAction::triggered, contentSlot_, &ImageSlot::openFileDialog);
    auto* openStyle = new QAction(tr("Open St&yle…"), this);
    openStyle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(openStyle, &QAction::triggered, styleSlot_, &ImageSlot::openFileDialog);
    auto* paste = make(tr("&Paste Image"), QKeySequence::Paste, QStyle::SP_FileIcon, &MainWindow::pasteIntoFocusedSlot);
    auto* save = make(tr("&Save Result…"), QKeySequence::Save, QStyle::SP_DialogSaveButton, &MainWindow::saveResult);
    auto* exportSelected = make(tr("Export &Selected Snapshots…"), QKeySequence(), QStyle::SP_DirIcon,
                                &MainWindow::exportSelectedSnapshots);
    auto* exportAll = make(tr("Export &All Snapshots…"), QKeySequence(), QStyle::SP_DirIcon, &MainWindow::exportAllSnapshots);
    auto* timelapse = make(tr("Export &Timelapse Video…"), QKeySequence(), QStyle::SP_MediaSeekForward,
                           &MainWindow::exportTimelapse);
    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(quit, &QAction::triggered, this, &QWidget::close);
    auto* fit = new QAction(tr("&Fit"), this);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(fit, &QAction::triggered, compareView_, &CompareView::fitToWindow);
    auto* actual = new QAction(tr("&1:1"), this);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(actual, &QAction::triggered, compareView_, &CompareView::actualSize);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({openContent, openStyle, paste});
    file->addSeparator();
    file->addActions({save, exportSelected, exportAll, timelapse});
    file->addSeparator();
    file->addAction(quit);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({startAction_, pauseAction_, stopAction_, resetAction_, snapAction_});
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({fit, actual});

    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addActions({startAction_, pauseAction_, stopAction_, resetAction_});
    bar->addSeparator();
    bar->addActions({snapAction_, save});
    bar->addSeparator();
    bar->addActions({fit, actual});
}

void MainWindow::setRunning(bool running) {
    running_ = running;
    startAction_->setEnabled(!running && loader_->isLoaded());
    pauseAction_->setEnabled(running);
    if (!running) pauseAction_->setChecked(false);
    stopAction_->setEnabled(running);
    snapAction_->setEnabled(running);
    runSettings_->setEnabled(!running);  // fixed parameters apply at the next Start
    runSettings_->snapshotEveryBox()->setEnabled(true);
}

void MainWindow::updateCompareCaptions() {
    const engine::Params params = currentParams();
    auto name = [](engine::StyleLossMode mode) {
        switch (mode) {
            case engine::StyleLossMode::Full: return tr("Full Gram");
            case engine::StyleLossMode::Diagonal: return tr("Diagonal");
            case engine::StyleLossMode::MeanStd: return tr("Mean + Std");
        }
        return QString();
    };
    compareView_->setCompareMode(params.compare, name(params.style_loss), name(params.compare_loss));
}

void MainWindow::showStatus(const QString& message, int timeoutMs) { statusBar()->showMessage(message, timeoutMs); }

void MainWindow::showError(const QString& message) { statusBar()->showMessage(message); }

QString MainWindow::noticeText() const { return notice_->text(); }

// Running until the window has handled the run's end: the thread may finish while its last
// frames and snapshots still wait in the event queue.
bool MainWindow::isRunning() const { return running_ && worker_ != nullptr; }

int MainWindow::lastIteration() const { return lastFrame_ ? lastFrame_->iteration : -1; }

engine::Params MainWindow::currentParams() const {
    engine::Params params;
    liveParams_->writeTo(params);
    runSettings_->writeTo(params);
    return params;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    if (worker_) worker_->stop();  // the destructor waits for the current iteration only
    event->accept();
}

}  // namespace ui
