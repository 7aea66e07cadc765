// MainWindow: the actions, their shortcuts, the menus and the tool bar.
#include <QAction>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/main_window.h"

namespace ui {

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
    save->setToolTip(tr("Save the latest image as PNG with its parameters (JSON) beside it (Ctrl+S). In compare "
                        "mode both variants are saved at full size, named after their style loss: "
                        "NAME_full.png and NAME_diag.png, each with its own JSON"));
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
    QMenu* help = menuBar()->addMenu(tr("&Help"));
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

}  // namespace ui
