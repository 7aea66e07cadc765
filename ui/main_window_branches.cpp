// MainWindow: the session's branches (record/branch_tree.h). A fresh Start begins a tree; every
// Continue from Here adds a branch under the run it continued, with its own session folder inside
// the tree's first one and the history of its ancestors up to the branch point (shared images).
// The branch list beside the strip chooses which branch the strip and the timeline show; the tree
// is saved as branches.json and File > Open Run reopens it.
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QToolButton>
#include <algorithm>
#include <filesystem>

#include "record/branch_tree.h"
#include "record/run_history.h"
#include "record/run_record.h"
#include "engine/image_io.h"
#include "ui/background_writer.h"
#include "ui/branch_list.h"
#include "ui/image_convert.h"
#include "ui/main_window.h"
#include "ui/run_settings_panel.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "ui/timeline.h"

namespace ui {
namespace {

// "iter_0010_diag.png" -> "diag"; "" for a single run's snapshot.
QString variantOfFile(const QString& png) {
    const QString base = QFileInfo(png).completeBaseName();
    const int cut = base.indexOf('_', 5);  // after "iter_"
    return cut < 0 ? QString() : base.mid(cut + 1);
}

}  // namespace

record::RunHistory& MainWindow::historyOf(int branch) {
    auto& history = histories_[branch];
    if (!history) {
        history = std::make_unique<record::RunHistory>();
        shareHistoryBudget();
    }
    return *history;
}

void MainWindow::shareHistoryBudget() {
    const std::size_t total = std::size_t(runSettings_->historyBudgetMiB()) << 20;
    // Shared images count in every branch that holds them: the real total stays under the budget.
    // (Branch 0 is the empty session's timeline, never filled.)
    const std::size_t branches = histories_.size() - histories_.count(0);
    const std::size_t each = total / std::max<std::size_t>(1, branches);
    for (auto& [branch, history] : histories_)
        if (history) history->set_budget(each);
}

void MainWindow::clearBranches() {
    branches_ = std::make_unique<record::BranchTree>();
    histories_.clear();
    runningBranch_ = shownBranch_ = 0;
    branchesHome_.clear();
    history_ = &historyOf(0);  // an empty session: an empty timeline
    timeline_->setHistory(history_);
    timeline_->setBranchPoints({});
    timeline_->setFollowsNewest(true);
    timeline_->goLive();
    if (liveButton_) liveButton_->setChecked(true);
    snapshots_->clearSnapshots();
    snapshots_->showBranch(0);
    if (besideIteration_ >= 0) showBeside(-1);
    refreshBranchList();
}

std::shared_ptr<SessionFolder> MainWindow::beginBranch(int parent, int fromIteration) {
    const std::vector<std::string> styles = stylePaths();
    std::shared_ptr<SessionFolder> session;
    if (parent == 0 || !branches_->find(parent)) {
        // A fresh Start: a new tree, whose first folder is the session's home.
        clearBranches();
        session = std::make_shared<SessionFolder>();
        branchesHome_ = session->plannedPath();
        runningBranch_ = branches_->add(0, 0, runParams_, styles, branchesHome_.toStdString());
    } else {
        const int id = branches_->nodes().back().id + 1;
        if (branchesHome_.isEmpty()) {
            // The tree's root is an opened run (a CLI folder): this window's first folder becomes the home.
            session = std::make_shared<SessionFolder>();
            branchesHome_ = session->plannedPath();
        } else {
            session = SessionFolder::inFolder(QDir(branchesHome_).filePath(QStringLiteral("branch_%1").arg(id)));
        }
        runningBranch_ = branches_->add(parent, fromIteration, runParams_, styles, session->plannedPath().toStdString());
        // The branch's timeline starts with its ancestors' iterations up to the branch point.
        auto found = histories_.find(parent);
        histories_[runningBranch_] = std::make_unique<record::RunHistory>(
            found != histories_.end() && found->second ? found->second->until(fromIteration) : record::RunHistory());
    }
    historyOf(runningBranch_);
    shareHistoryBudget();
    shownBranch_ = -1;  // showBranch redraws everything for the new branch
    showBranch(runningBranch_);
    saveBranches();
    return session;
}

void MainWindow::saveBranches() {
    if (branchesHome_.isEmpty() || branches_->empty()) return;
    WriteResult request;
    request.kind = WriteResult::Kind::Branches;
    request.target = QDir(branchesHome_).filePath(QString::fromUtf8(record::kBranchesFileName));
    writer_->submit(request, [tree = *branches_, home = branchesHome_.toStdString()](WriteResult& result) {
        std::filesystem::create_directories(home);
        record::write_branches(tree, home);
        result.written << result.target;
    });
}

void MainWindow::refreshBranchList() { branchList_->setTree(*branches_, isRunning() ? runningBranch_ : 0, shownBranch_); }

QString MainWindow::branchCaption(int branch, int iteration) const {
    if (branches_->size() < 2) return tr("Iteration %1").arg(iteration);
    return tr("Run %1 · iteration %2").arg(branch).arg(iteration);
}

QString MainWindow::liveCaption() const {
    return branches_->size() < 2 ? tr("Live") : tr("Run %1 · live").arg(runningBranch_);
}

void MainWindow::showBranch(int branch) {
    const record::BranchNode* node = branches_->find(branch);
    if (!node) return;
    const bool changed = branch != shownBranch_;
    shownBranch_ = branch;
    history_ = &historyOf(branch);
    timeline_->setHistory(history_);
    std::vector<int> points;
    for (const record::BranchNode* n = node; n && n->parent != 0; n = branches_->find(n->parent))
        points.push_back(n->from_iteration);
    timeline_->setBranchPoints(points);
    const int first = history_->empty() ? node->from_iteration : history_->entries().front().iteration;
    const int last = std::max(node->params.iterations, history_->empty() ? 0 : history_->entries().back().iteration);
    timeline_->setRange(first, last);
    snapshots_->showBranch(branch);
    refreshBranchList();
    const bool running = branch == runningBranch_;
    timeline_->setFollowsNewest(running);
    if (running) {
        timeline_->goLive();
        liveButton_->setChecked(true);
        if (changed && lastFrame_) showOnCanvas(lastFrame_->images, liveCaption());
    } else {
        liveButton_->setChecked(false);
        if (!history_->empty()) {
            timeline_->showIteration(history_->entries().back().iteration);
        } else if (!snapshots_->allPngs().isEmpty()) {
            showSnapshot(snapshots_->allPngs().back());
        }
    }
    if (changed && branches_->size() >= 2)
        showStatus(node->parent == 0
                       ? tr("Run %1: %2 · %3 snapshots").arg(branch).arg(QString::fromStdString(node->label)).arg(snapshots_->count())
                       : tr("Run %1, from iteration %2 of run %3: %4 · %5 snapshots")
                             .arg(branch)
                             .arg(node->from_iteration)
                             .arg(node->parent)
                             .arg(QString::fromStdString(node->label))
                             .arg(snapshots_->count()),
                   8000);
}

void MainWindow::showSnapshot(const QString& png) {
    const SnapshotStrip::Entry entry = snapshots_->entry(png);
    if (entry.iteration < 0) return;
    // An iteration the timeline keeps: shown through it (it leaves live, so the run's next frame
    // does not replace it; the newest goes live).
    if (entry.branch == shownBranch_ && entry.variant != kBothVariants && !history_->empty()) {
        const int index = history_->nearest(entry.iteration);
        if (history_->entries()[index].iteration == entry.iteration) {
            timeline_->showIteration(entry.iteration);
            return;
        }
    }
    // Else (a reopened branch, a CLI run's snapshot) the canvas shows the file; frames of a run
    // going on only reach the canvas while its own branch is shown live.
    engine::RgbImage image;
    try {
        image = engine::load_image(png.toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot show %1: %2").arg(QFileInfo(png).fileName(), QString::fromStdString(error.what())));
        return;
    }
    liveButton_->setChecked(false);
    showOnCanvas({image}, branchCaption(entry.branch, entry.iteration));
    showStatus(tr("%1: snapshot %2 (End: the newest)").arg(branchCaption(entry.branch, entry.iteration), QFileInfo(png).fileName()));
}

void MainWindow::showSnapshotBeside(const QString& png) {
    const SnapshotStrip::Entry entry = snapshots_->entry(png);
    const QImage image(png);
    if (entry.iteration < 0 || image.isNull()) {
        showError(tr("Cannot show %1 beside: it cannot be read").arg(QFileInfo(png).fileName()));
        return;
    }
    keepBeside(image.convertToFormat(QImage::Format_RGB888), entry.iteration, branchCaption(entry.branch, entry.iteration));
}

bool MainWindow::openBranches(const QString& recordPath) {
    const QDir folder = QFileInfo(recordPath).absoluteDir();
    QString home;
    for (const QDir& candidate : {folder, QDir(folder.absoluteFilePath(QStringLiteral("..")))})
        if (QFileInfo::exists(candidate.absoluteFilePath(QString::fromUtf8(record::kBranchesFileName)))) {
            home = QDir::cleanPath(candidate.absolutePath());
            break;
        }
    if (home.isEmpty()) return false;
    record::BranchTree tree;
    try {
        tree = record::read_branches(QDir(home).filePath(QString::fromUtf8(record::kBranchesFileName)).toStdString());
    } catch (const std::exception& error) {
        showStatus(tr("The session's branches are not shown: %1").arg(QString::fromStdString(error.what())), 8000);
        return false;
    }
    int shown = 0;
    for (const auto& node : tree.nodes())
        if (QDir::cleanPath(QString::fromStdString(node.folder)) == QDir::cleanPath(folder.absolutePath())) shown = node.id;
    if (shown == 0) return false;  // a record the tree does not list
    clearBranches();
    *branches_ = std::move(tree);
    branchesHome_ = home;
    for (const auto& node : branches_->nodes()) {
        // A window branch's folder: one record per snapshot; an opened CLI run's: its run.json.
        const QDir branchFolder(QString::fromStdString(node.folder));
        QStringList records;
        for (const QString& name : branchFolder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            if (name != QString::fromUtf8(record::kBranchesFileName)) records << branchFolder.filePath(name);
        addRecordedSnapshots(records, node.id);
    }
    shownBranch_ = -1;
    showBranch(shown);
    return true;
}

int MainWindow::addRecordedSnapshots(const QStringList& records, int branch) {
    QStringList added;
    for (const QString& path : records) {
        const QDir folder = QFileInfo(path).absoluteDir();
        record::RunRecord run;
        try {
            run = record::read_run_record(path.toStdString());
        } catch (const std::exception&) {
            continue;  // not a run record (or a broken one): its snapshots are not listed
        }
        for (const auto& snapshot : run.snapshots) {
            // A compare run's: one file per variant (an older CLI record's one file shows both).
            std::vector<std::string> files{snapshot.file};
            if (!snapshot.variants.empty()) {
                files.clear();
                for (const auto& variant : snapshot.variants) files.push_back(variant.file);
            }
            for (const std::string& file : files) {
                const QString png = folder.filePath(QString::fromStdString(file));
                if (added.contains(png)) continue;
                const QImage image(png);
                if (image.isNull()) continue;
                // An older CLI compare snapshot holds both variants side by side: wider than the result.
                const bool both = run.params.compare && run.width > 0 && image.width() > run.width;
                const QString variant = both ? kBothVariants : variantOfFile(png);
                snapshots_->addSnapshot(
                    png, snapshot.iteration, image,
                    variant.isEmpty() || both ? QString() : tr("iter %1 %2").arg(snapshot.iteration).arg(variant), variant,
                    branch);
                added << png;
            }
        }
    }
    return static_cast<int>(added.size());
}

}  // namespace ui
