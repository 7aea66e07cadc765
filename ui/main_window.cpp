#include "ui/main_window.h"
#include "ui/region_paint_panel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "engine/run.h"
#include "record/branch_tree.h"
#include "record/run_history.h"
#include "ui/background_writer.h"
#include "ui/branch_list.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/field_keys.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/loss_plot.h"
#include "ui/model_loader.h"
#include "ui/notice_bar.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "ui/style_blend_panel.h"

namespace ui {

MainWindow::MainWindow(const QString& weightsPath, QWidget* parent)
    : QMainWindow(parent), weightsPath_(weightsPath), loader_(new ModelLoader(this)) {
    setWindowTitle(tr("Gram Studio"));
    setObjectName(QStringLiteral("mainWindow"));
    registerFrameTypes();
    writer_ = new BackgroundWriter(this);
    connect(writer_, &BackgroundWriter::finished, this, &MainWindow::onWriteFinished);

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

    // Enter or Escape leaves a number field for the canvas; Space in one pauses.
    auto* fieldKeys = new FieldKeys(compareView_->canvas(0), this);
    fieldKeys->watchFieldsUnder(left);

    buildActions();
    connect(runSettings_->sizeBox(), &QSpinBox::valueChanged, this, &MainWindow::updateRegionSize);
    restoreSettings();
    setRunning(false);
    updateSaveAction();

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
    // Then the writes in flight: they finish (never a half-written file) while every widget still
    // exists; their results die with the writer and reach no widget.
    disconnect(writer_, nullptr, this, nullptr);
    delete writer_;
    writer_ = nullptr;
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
            if (slot == contentSlot_) updateRegionSize();
            if (slot == styleSlot_) {
                updateRegionStyles();
                styleBlend_->setMainStyle(styleSlot_->image(), styleSlot_->sourceLabel());
                if (isRunning()) {  // the paintings are live
                    onStylesChanged();
                    showStatus(tr("Style image: %1 — the run takes it at its next iteration").arg(slot->sourceLabel()), 5000);
                    updateCanvasHint();
                    return;
                }
            }
            if (isRunning())  // the run copied its content at Start: say when this one takes effect
                showStatus(tr("%1 image: %2 — the current run keeps its images; it applies at the next Start")
                               .arg(slot->title(), slot->sourceLabel()));
            else
                showStatus(tr("%1 image: %2").arg(slot->title(), slot->sourceLabel()), 5000);
            if (!slot->dialogFolder().isEmpty()) {
                lastFolder_ = slot->dialogFolder();
                contentSlot_->setDialogFolder(lastFolder_);
                styleSlot_->setDialogFolder(lastFolder_);
            }
            updateCanvasHint();
        });
    }
    styleBlend_ = new StyleBlendPanel;
    connect(styleBlend_, &StyleBlendPanel::loadFailed, this, [this](const QString& message) { showError(message); });
    connect(styleBlend_, &StyleBlendPanel::stylesChanged, this, [this] {
        updateRegionStyles();
        onStylesChanged();
        const int count = styleBlend_->styleCount();
        showStatus(count > 1 ? tr("Blending %1 styles%2").arg(count).arg(isRunning() ? tr(": the run takes them at its next iteration")
                                                                                     : QString())
                             : tr("One style"),
                   5000);
    });
    connect(styleBlend_, &StyleBlendPanel::blendChanged, this, &MainWindow::onLiveParamsChanged);
    connect(styleBlend_, &StyleBlendPanel::mainRemoveRequested, this, &MainWindow::promoteFirstExtraStyle);
    // The blend list spans both slots: its rows need the width for a slider each.
    auto* box = new QWidget;
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* slots = new QHBoxLayout;
    slots->addWidget(contentSlot_, 1);
    slots->addWidget(swap);
    slots->addWidget(styleSlot_, 1);
    column->addLayout(slots, 1);
    column->addWidget(styleBlend_);
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
    connect(snapshots_, &SnapshotStrip::continueRequested, this, &MainWindow::continueFrom);
    connect(snapshots_, &SnapshotStrip::snapshotActivated, this, &MainWindow::showSnapshot);
    connect(snapshots_, &SnapshotStrip::besideRequested, this, &MainWindow::showSnapshotBeside);
    branchList_ = new BranchList;
    connect(branchList_, &BranchList::branchChosen, this, &MainWindow::showBranch);
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(lossPlot_);
    bottom->addWidget(branchList_);
    bottom->addWidget(snapshots_);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 2);
    bottom->setStretchFactor(2, 3);
    auto* vertical = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(notice_);
    topLayout->addWidget(buildRegionPainting());
    topLayout->addWidget(compareView_, 1);
    topLayout->addWidget(buildTimeline());
    vertical->addWidget(top);
    vertical->addWidget(bottom);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    connect(liveParams_, &LiveParamsPanel::changed, this, &MainWindow::updateCompareCaptions);
    return vertical;
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
    if (branchList_) refreshBranchList();  // the running branch in bold
}

void MainWindow::updateCompareCaptions() {
    if (besideIteration_ >= 0) {  // two iterations side by side (main_window_history.cpp)
        compareView_->setCompareMode(true, besideCaption_, shownCaption_);
        return;
    }
    const engine::Params params = currentParams();
    auto name = [](engine::StyleLossMode mode) {
        switch (mode) {
            case engine::StyleLossMode::Full: return tr("Full Gram");
            case engine::StyleLossMode::Diagonal: return tr("Diagonal");
            case engine::StyleLossMode::MeanStd: return tr("Mean + Std");
            case engine::StyleLossMode::W2: return tr("Wasserstein (W2)");
        }
        return QString();
    };
    compareView_->setCompareMode(params.compare, name(params.style_loss), name(params.compare_loss));
}

void MainWindow::showStatus(const QString& message, int timeoutMs) { statusBar()->showMessage(message, timeoutMs); }

void MainWindow::showError(const QString& message) { statusBar()->showMessage(message); }

void MainWindow::updateCanvasHint() {
    if (!loader_->isLoaded()) return;  // the weights' message (loading, or where to put them) stays
    QString hint;
    if (!contentSlot_->hasImage() && !styleSlot_->hasImage())
        hint = tr("Choose a content image (your photo) and a style image (a painting): drop them on the slots "
                  "at the left or click them. Then press Start");
    else if (!styleSlot_->hasImage())
        hint = tr("Now choose a style image (a painting): drop it on Style or click it");
    else if (!contentSlot_->hasImage())
        hint = tr("Now choose a content image (your photo): drop it on Content or click it");
    else
        hint = tr("Press Start (Ctrl+Return) to paint %1 in the style of %2")
                   .arg(contentSlot_->sourceLabel(), styleSlot_->sourceLabel());
    compareView_->setPlaceholder(hint);
}

void MainWindow::updateSaveAction() { saveAction_->setEnabled(lastFrame_ && !lastFrame_->images.empty()); }

QString MainWindow::noticeText() const { return notice_->text(); }

QString MainWindow::statusText() const { return statusBar()->currentMessage(); }

// Running until the window has handled the run's end: the thread may finish while its last
// frames and snapshots still wait in the event queue.
bool MainWindow::isRunning() const { return running_ && worker_ != nullptr; }

int MainWindow::lastIteration() const { return lastFrame_ ? lastFrame_->iteration : -1; }

engine::Params MainWindow::currentParams() const {
    engine::Params params;
    liveParams_->writeTo(params);
    runSettings_->writeTo(params);
    params.style_blend = styleBlend_->blend();
    params.style_masks = regionPaint_->masks();
    return params;
}

}  // namespace ui
