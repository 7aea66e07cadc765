// MainWindow: the actions, their shortcuts, the menus and the tool bar.
#include <QAction>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include "ui/compare_view.h"
#include "ui/guide_dialog.h"
#include "ui/image_slot.h"
#include "ui/main_window.h"
#include "ui/region_paint_panel.h"
#include "ui/snapshot_strip.h"
#include "ui/timeline.h"

namespace ui {

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const QKeySequence& key, QStyle::StandardPixmap icon, auto slot) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        if (!key.isEmpty()) action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    startAction_ = make(tr("&Start"), QKeySequence(Qt::CTRL | Qt::Key_Return), QStyle::SP_MediaPlay, &MainWindow::startRun);
    // Ctrl+Enter on the keypad too: it must never reach a focused image slot as a plain Enter.
    startAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    startAction_->setToolTip(tr("Start painting the photo in the painting's style (Ctrl+Return)"));
    pauseAction_ = make(tr("&Pause"), QKeySequence(Qt::Key_Space), QStyle::SP_MediaPause, &MainWindow::togglePause);
    pauseAction_->setCheckable(true);
    pauseAction_->setToolTip(tr("Pause or resume the run (Space)"));
    stopAction_ = make(tr("S&top"), QKeySequence(Qt::Key_Escape), QStyle::SP_MediaStop, &MainWindow::stopRun);
    stopAction_->setToolTip(tr("Stop the run and keep the picture it has painted so far (Esc)"));
    resetAction_ = make(tr("&Clear Result…"), QKeySequence(), QStyle::SP_BrowserReload, &MainWindow::resetRun);
    resetAction_->setObjectName(QStringLiteral("clearResultAction"));
    resetAction_->setToolTip(tr("Stop the run and clear the picture, the loss plot and the snapshot strip (asks "
                                "first when the result is not saved). The parameters stay: their Reset to "
                                "defaults is under Loss weights"));
    snapAction_ = make(tr("S&nap"), QKeySequence(Qt::CTRL | Qt::Key_T), QStyle::SP_DialogSaveButton, &MainWindow::takeSnapshot);
    snapAction_->setToolTip(tr("Keep a snapshot of the next iteration in the strip (Ctrl+T)"));
    for (QAction* action : {startAction_, pauseAction_, stopAction_, snapAction_})
        action->setShortcutContext(Qt::WindowShortcut);

    auto* openContent = new QAction(tr("Open &Content…"), this);
    openContent->setShortcut(QKeySequence::Open);
    connect(openContent, &QAction::triggered, contentSlot_, &ImageSlot::openFileDialog);
    auto* openStyle = new QAction(tr("Open St&yle…"), this);
    openStyle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(openStyle, &QAction::triggered, styleSlot_, &ImageSlot::openFileDialog);
    auto* paste = make(tr("&Paste Image"), QKeySequence::Paste, QStyle::SP_FileIcon, &MainWindow::pasteIntoFocusedSlot);
    auto* save = make(tr("&Save Result…"), QKeySequence::Save, QStyle::SP_DialogSaveButton, &MainWindow::saveResult);
    save->setToolTip(tr("Save the latest image as PNG with its parameters (JSON) beside it (Ctrl+S), named "
                        "photo_painting_iteration.png. In compare mode both variants are saved at full size, "
                        "named after their style loss: NAME_full.png and NAME_diag.png, each with its own JSON"));
    saveAction_ = save;
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

    downloadNetworkAction_ = new QAction(tr("&Download the Full Network…"), this);
    downloadNetworkAction_->setObjectName(QStringLiteral("downloadFullNetworkAction"));
    downloadNetworkAction_->setToolTip(tr("Download VGG-19's 16 convolution layers (about 80 MB): deeper layers "
                                          "paint larger shapes and motifs"));
    connect(downloadNetworkAction_, &QAction::triggered, this, &MainWindow::openWeightsDownload);

    auto* openRunAction = new QAction(tr("Open &Run…"), this);
    openRunAction->setObjectName(QStringLiteral("openRunAction"));
    openRunAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    openRunAction->setToolTip(tr("Open a run's record (a run.json of the command line, or the JSON beside a "
                                 "snapshot): its images, settings and snapshots, to continue from any of them"));
    connect(openRunAction, &QAction::triggered, this, &MainWindow::openRunDialog);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({openContent, openStyle, paste, openRunAction});
    file->addSeparator();
    file->addActions({save, exportSelected, exportAll, timelapse});
    file->addSeparator();
    file->addAction(quit);
    auto* continueAction = new QAction(tr("&Continue from Selected Snapshot"), this);
    continueAction->setObjectName(QStringLiteral("continueFromSnapshotAction"));
    continueAction->setToolTip(tr("Start a new run from the snapshot selected in the strip, with the settings now in "
                                  "the panel (also in the snapshot's context menu)"));
    connect(continueAction, &QAction::triggered, this, [this] {
        const QStringList chosen = snapshots_->selectedPngs();
        if (chosen.size() == 1)
            continueFrom(chosen.front());
        else
            showStatus(tr("Select one snapshot in the strip to continue from"), 5000);
    });
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({startAction_, pauseAction_, stopAction_, resetAction_, snapAction_});
    run->addSeparator();
    run->addAction(continueAction);
    recipeMenu_ = menuBar()->addMenu(tr("Re&cipe"));
    recipeMenu_->setObjectName(QStringLiteral("recipeMenu"));
    rebuildRecipeMenu();
    // The timeline (main_window_history.cpp): window-wide, so they work wherever the focus is
    // (a number field keeps End for itself).
    auto* earlier = new QAction(tr("&Earlier Iteration"), this);
    earlier->setObjectName(QStringLiteral("earlierIterationAction"));
    earlier->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    connect(earlier, &QAction::triggered, this, [this] { timeline_->step(-1); });
    auto* later = new QAction(tr("&Later Iteration"), this);
    later->setObjectName(QStringLiteral("laterIterationAction"));
    later->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    connect(later, &QAction::triggered, this, [this] { timeline_->step(1); });
    auto* live = new QAction(tr("&Live"), this);
    live->setObjectName(QStringLiteral("liveAction"));
    live->setShortcut(QKeySequence(Qt::Key_End));
    connect(live, &QAction::triggered, this, [this] { timeline_->goLive(); });
    for (QAction* action : {earlier, later, live}) {
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);  // shortcuts work without the menu open
    }
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({fit, actual});
    view->addSeparator();
    view->addActions({earlier, later, live});
    QMenu* paint = menuBar()->addMenu(tr("&Paint"));
    paint->addAction(regionPaint_->paintAction());
    paint->addAction(regionPaint_->overlayAction());
    paint->addSeparator();
    paint->addActions({regionPaint_->undoAction(), regionPaint_->redoAction()});
    paint->addSeparator();
    paint->addActions({regionPaint_->smallerAction(), regionPaint_->largerAction()});
    for (QAction* action : paint->actions()) addAction(action);  // shortcuts work without the menu open
    guideAction_ = new QAction(tr("Gram Studio &Guide"), this);
    guideAction_->setShortcut(QKeySequence::HelpContents);
    guideAction_->setToolTip(tr("What each control does to the picture, with examples (F1)"));
    connect(guideAction_, &QAction::triggered, this, &MainWindow::showGuide);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(guideAction_);
    help->addAction(downloadNetworkAction_);

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

void MainWindow::showGuide() {
    // One guide at a time, beside the window (not modal: the run and the controls stay usable).
    auto* guide = findChild<GuideDialog*>();
    if (!guide) {
        guide = new GuideDialog(this);
        guide->setAttribute(Qt::WA_DeleteOnClose);
    }
    guide->show();
    guide->raise();
    guide->activateWindow();
}

}  // namespace ui
