// The session's tree of branches (offscreen): every Continue from Here a branch of the run it
// continued, labelled with what changed; the branch list choosing what the strip and the timeline
// show; any two iterations of the tree side by side; the tree saved and reopened with Open Run.
#include "catch_checks.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "process.h"
#include "record/branch_tree.h"
#include "record/run_history.h"
#include "test_paths.h"
#include "ui/branch_list.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/image_convert.h"
#include "ui/live_params_panel.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "ui/timeline.h"
#include "ui/weight_slider.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::canvasImage;
using ui_test::keptImage;
using ui_test::readyWindow;
using ui_test::snapshotAt;
using ui_test::waitUntilIdle;

namespace {

std::vector<int> snapshotIterations(const ui::SnapshotStrip& strip) {
    std::vector<int> iterations;
    for (const QString& png : strip.allPngs()) iterations.push_back(strip.entry(png).iteration);
    return iterations;
}

// Run 1 (12 iterations, a snapshot every 4), then run 2 from its iteration 8 at style weight 1000.
std::unique_ptr<ui::MainWindow> windowWithTwoBranches() {
    auto window = readyWindow(12, 4);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->branches().size() == 1);
    CHECK(window->branchList()->isHidden());  // a single run: no tree to show
    window->liveParams()->styleWeight()->setValue(1000.0);
    {
        DialogAnswerer answer("Replace");  // run 1's result is not saved
        window->continueFromIteration(8);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->branches().size() == 2);
    return window;
}

}  // namespace

TEST_CASE("Each Continue from Here is a branch of the run it continued, listed in a tree with what changed",
          "[ui][window][branch]") {
    auto window = windowWithTwoBranches();
    const record::BranchNode* second = window->branches().find(2);
    REQUIRE(second != nullptr);
    CHECK(second->parent == 1);
    CHECK(second->from_iteration == 8);
    CHECK(second->label == "style 100 -> 1000");
    CHECK(window->runningBranch() == 2);
    CHECK(window->shownBranch() == 2);
    CHECK_FALSE(window->branchList()->isHidden());
    CHECK(window->branchList()->shownBranch() == 2);
    CHECK(window->branchList()->rowText(2).toStdString() == "Run 2 · 8 of run 1 · style 100 -> 1000");
    CHECK(window->branchList()->rowText(1).toStdString() == "Run 1 · start · 64 px, style 100, content 1, TV 10");
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{12});  // run 2's own (8 was its start)

    // Run 1 keeps everything it had, its iterations after the branch point too.
    window->showBranch(1);
    CHECK(window->shownBranch() == 1);
    CHECK(window->branchList()->shownBranch() == 1);
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{4, 8, 12});
    REQUIRE(window->history().size() == 13);  // 0..12, every iteration shown
    CHECK_FALSE(window->timeline()->isLive());  // not the running branch: its newest is just one to look at
    CHECK(window->timeline()->shownIteration() == 12);
    CHECK(canvasImage(*window, 0) == keptImage(*window, 12));

    // A second branch of run 1, from its iteration 4, with less TV.
    window->liveParams()->styleWeight()->setValue(100.0);
    window->liveParams()->tvWeight()->setValue(2.0);
    {
        DialogAnswerer answer("Replace");  // run 2's result is not saved
        window->continueFromIteration(4);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->branches().size() == 3);
    const record::BranchNode* third = window->branches().find(3);
    CHECK(third->parent == 1);
    CHECK(third->from_iteration == 4);
    CHECK(third->label == "TV 10 -> 2");
    CHECK(window->branches().tree_order() == std::vector<int>{1, 2, 3});
    CHECK(window->branchList()->rowText(3).toStdString() == "Run 3 · 4 of run 1 · TV 10 -> 2");
    // Its timeline: run 1's iterations up to 4, then its own.
    std::vector<int> kept;
    for (const auto& entry : window->history().entries()) kept.push_back(entry.iteration);
    CHECK(kept == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{8, 12});

    // Choosing a row in the list shows that branch; Live (End) goes back to the running one.
    QTreeWidgetItem* row2 = nullptr;
    for (QTreeWidgetItemIterator it(window->branchList()); *it; ++it)
        if ((*it)->text(0).startsWith("Run 2")) row2 = *it;
    REQUIRE(row2 != nullptr);
    window->branchList()->setCurrentItem(row2);  // as a click does
    CHECK(window->shownBranch() == 2);
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{12});
    window->showLive();
    CHECK(window->shownBranch() == 3);
    CHECK(window->timeline()->isLive());
}

TEST_CASE("Any two iterations anywhere in the tree show side by side", "[ui][window][branch]") {
    auto window = windowWithTwoBranches();
    // Run 1's iteration 10 (past the branch point, never a snapshot) on the left ...
    window->showBranch(1);
    const QImage run1at10 = keptImage(*window, 10);
    window->showBeside(10);
    CHECK(window->besideIteration() == 10);
    CHECK(window->statusText().contains("Run 1 · iteration 10"));
    // ... and run 2's newest on the right.
    window->showBranch(2);
    const QImage run2at12 = keptImage(*window, 12);
    REQUIRE(window->compareView()->compareMode());
    CHECK(canvasImage(*window, 0) == run1at10);
    CHECK(canvasImage(*window, 1) == run2at12);
    CHECK(run1at10 != run2at12);
    // Run 2's iteration 9 from the timeline, then a snapshot of run 1 from the strip.
    window->timeline()->showIteration(9);
    CHECK(canvasImage(*window, 0) == run1at10);
    CHECK(canvasImage(*window, 1) == keptImage(*window, 9));
    window->showBranch(1);
    const QString run1at4 = snapshotAt(*window->snapshotStrip(), 4);
    REQUIRE_FALSE(run1at4.isEmpty());
    window->showSnapshot(run1at4);
    CHECK(canvasImage(*window, 1) == QImage(run1at4).convertToFormat(QImage::Format_RGB888));
    // A snapshot kept beside from the strip: run 2's at 12 on the left.
    window->showBranch(2);
    window->showSnapshotBeside(snapshotAt(*window->snapshotStrip(), 12));
    CHECK(canvasImage(*window, 0) == QImage(snapshotAt(*window->snapshotStrip(), 12)).convertToFormat(QImage::Format_RGB888));
    CHECK(window->statusText().contains("Run 2 · iteration 12"));
    window->showBeside(-1);
    CHECK_FALSE(window->compareView()->compareMode());
}

TEST_CASE("The session's branches are saved and come back with Open Run, ready to branch again",
          "[ui][window][branch]") {
    QString home, run2at12, run1Folder;
    {
        auto window = windowWithTwoBranches();
        home = QString::fromStdString(window->branches().find(1)->folder);
        run1Folder = home;
        run2at12 = snapshotAt(*window->snapshotStrip(), 12);
        REQUIRE_FALSE(run2at12.isEmpty());
        // Run 2's folder lies inside run 1's, where the tree is written.
        CHECK(QFileInfo(run2at12).absolutePath() == QDir(home).filePath("branch_2"));
        const record::BranchTree saved = record::read_branches(QDir(home).filePath("branches.json").toStdString());
        REQUIRE(saved.size() == 2);
        CHECK(saved.find(2)->label == "style 100 -> 1000");
        CHECK(saved.find(2)->from_iteration == 8);
    }
    auto window = readyWindow(12, 4);
    REQUIRE(window->openRun(ui::SessionFolder::sidecarPathFor(run2at12)));
    REQUIRE(window->branches().size() == 2);
    CHECK(window->shownBranch() == 2);  // the branch of the record opened
    CHECK(window->branches().find(2)->label == "style 100 -> 1000");
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{12});
    CHECK(window->statusText().contains("session of 2 runs"));
    CHECK(canvasImage(*window, 0) == QImage(run2at12).convertToFormat(QImage::Format_RGB888));
    window->showBranch(1);
    CHECK(snapshotIterations(*window->snapshotStrip()) == std::vector<int>{4, 8, 12});

    // Branching again from the reopened run 1 adds run 3 to the same tree, on disk too.
    window->liveParams()->tvWeight()->setValue(2.0);
    window->continueFrom(snapshotAt(*window->snapshotStrip(), 4));
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->branches().size() == 3);
    CHECK(window->branches().find(3)->parent == 1);
    CHECK(window->branches().find(3)->label.find("TV 10 -> 2") != std::string::npos);
    CHECK(QString::fromStdString(window->branches().find(3)->folder) == QDir(home).filePath("branch_3"));
    const record::BranchTree saved = record::read_branches(QDir(home).filePath("branches.json").toStdString());
    CHECK(saved.size() == 3);
    CHECK(window->lastIteration() == 12);
}

TEST_CASE("A CLI run opened and continued is the root of the new tree", "[ui][window][branch]") {
    cli_test::TempDir dir;
    const auto cli = cli_test::run_cli({"--content", test_paths::image("building.jpg"), "--style",
                                        test_paths::image("starry_night.jpg"), "--out", dir / "out.png", "--size", "64",
                                        "--iters", "10", "--threads", "2", "--quiet", "--snapshot-every", "5",
                                        "--snapshot-dir", dir / "run"});
    INFO(cli.err);
    REQUIRE(cli.exit_code == 0);
    auto window = readyWindow(3);
    REQUIRE(window->openRun(QString::fromStdString(dir / "run/run.json")));
    REQUIRE(window->branches().size() == 1);
    CHECK(QDir::cleanPath(QString::fromStdString(window->branches().find(1)->folder)) ==
          QDir::cleanPath(QString::fromStdString(dir / "run")));
    window->continueFrom(snapshotAt(*window->snapshotStrip(), 5));
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->branches().size() == 2);
    CHECK(window->branches().find(2)->parent == 1);
    // The tree is written in the window's own folder, never into the CLI's.
    const QString home = QString::fromStdString(window->branches().find(2)->folder);
    CHECK(QFileInfo::exists(QDir(home).filePath("branches.json")));
    CHECK_FALSE(QFileInfo::exists(QString::fromStdString(dir / "run/branches.json")));
}
