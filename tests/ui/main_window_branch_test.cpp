// Continue from Here and Open Run (offscreen): a new run from exactly a snapshot's image, its iterations
// counted on from the snapshot's, recorded with its start image and parent.
#include "catch_checks.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QSpinBox>
#include <fstream>

#include <nlohmann/json.hpp>

#include "process.h"
#include "record/sha256.h"
#include "test_paths.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/weight_slider.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::canvasImage;
using ui_test::readyWindow;
using ui_test::snapshotAt;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

nlohmann::json recordOf(const QString& png) {
    QFile file(ui::SessionFolder::sidecarPathFor(png));
    REQUIRE(file.open(QIODevice::ReadOnly));
    return nlohmann::json::parse(file.readAll().toStdString());
}

}  // namespace

TEST_CASE("Continue from Here starts a new run from exactly that snapshot, counting on from its iteration",
          "[ui][window][branch]") {
    auto window = readyWindow(12, 4);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->lastIteration() == 12);
    const QString chosen = snapshotAt(*window->snapshotStrip(), 4);
    REQUIRE_FALSE(chosen.isEmpty());
    const QImage chosenImage = QImage(chosen).convertToFormat(QImage::Format_RGB888);
    REQUIRE_FALSE(chosenImage.isNull());

    std::vector<int> shown;
    QImage firstShown;
    QObject::connect(window.get(), &ui::MainWindow::frameShown, window.get(), [&](int iteration) {
        if (shown.empty()) firstShown = window->compareView()->canvas(0)->pixmap().toImage();
        shown.push_back(iteration);
    });
    {
        DialogAnswerer answer("Replace");  // the result of the first run is not saved: asked as Start asks
        window->continueFrom(chosen);
        CHECK(answer.boxes() == 1);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front() == 4);  // the count goes on from the snapshot's iteration
    CHECK(firstShown.convertToFormat(QImage::Format_RGB888) == chosenImage);  // exactly the chosen image
    CHECK(window->lastIteration() == 12);

    // The new run's snapshots (8 and 12) record where it started and from what.
    const QString at8 = snapshotAt(*window->snapshotStrip(), 8);
    REQUIRE_FALSE(at8.isEmpty());
    CHECK(snapshotAt(*window->snapshotStrip(), 4).isEmpty());  // numbered on: no snapshot of its own at 4
    const nlohmann::json record = recordOf(at8);
    CHECK(record.at("start_iteration") == 4);
    CHECK(record.at("init_image").at("path") == QFileInfo(chosen).absoluteFilePath().toStdString());
    CHECK(record.at("init_image").at("sha256") == record::sha256_file(chosen.toStdString()));
    CHECK(record.at("parent").at("run") ==
          QFileInfo(ui::SessionFolder::sidecarPathFor(chosen)).absoluteFilePath().toStdString());
    CHECK(record.at("parent").at("iteration") == 4);

    // From the last snapshot (at the panel's total), a branch runs that many iterations more.
    const QString last = snapshotAt(*window->snapshotStrip(), 12);
    REQUIRE_FALSE(last.isEmpty());
    {
        DialogAnswerer answer("Replace");
        window->continueFrom(last);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    CHECK(window->lastIteration() == 24);
}

TEST_CASE("Cancelling the question leaves the result, and the next Start is a plain run", "[ui][window][branch]") {
    auto window = readyWindow(6, 3);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    const quint64 runBefore = window->runId();
    {
        DialogAnswerer answer("Cancel");
        window->continueFrom(snapshotAt(*window->snapshotStrip(), 3));
        CHECK(answer.boxes() == 1);
    }
    CHECK_FALSE(window->isRunning());
    CHECK(window->runId() == runBefore);
    CHECK(window->lastIteration() == 6);
    std::vector<int> shown;
    QObject::connect(window.get(), &ui::MainWindow::frameShown, window.get(), [&](int i) { shown.push_back(i); });
    {
        DialogAnswerer answer("Replace");
        window->startRun();
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front() == 0);
}

TEST_CASE("Open Run brings a CLI run back: images, settings, snapshots, and continues from one", "[ui][window][branch]") {
    cli_test::TempDir dir;
    const auto cli = cli_test::run_cli({"--content", test_paths::image("building.jpg"), "--style",
                                        test_paths::image("starry_night.jpg"), "--out", dir / "out.png", "--size", "64",
                                        "--iters", "10", "--style-weight", "250", "--threads", "2", "--quiet",
                                        "--snapshot-every", "5", "--snapshot-dir", dir / "run"});
    INFO(cli.err);
    REQUIRE(cli.exit_code == 0);
    auto window = readyWindow(3);
    REQUIRE(window->openRun(QString::fromStdString(dir / "run/run.json")));
    const auto canonical = [](const QString& path) { return QFileInfo(path).canonicalFilePath(); };
    CHECK(canonical(window->contentSlot()->path()) == canonical(QString::fromStdString(test_paths::image("building.jpg"))));
    CHECK(canonical(window->styleSlot()->path()) ==
          canonical(QString::fromStdString(test_paths::image("starry_night.jpg"))));
    CHECK(window->liveParams()->styleWeight()->value() == Approx(250.0));
    CHECK(window->runSettings()->iterationsBox()->value() == 10);
    CHECK(window->runSettings()->sizeBox()->value() == 64);
    REQUIRE(window->snapshotStrip()->count() == 2);
    const QString at5 = snapshotAt(*window->snapshotStrip(), 5);
    REQUIRE(at5 == QString::fromStdString(dir / "run/iter_0005.png"));
    CHECK(canvasImage(*window) ==
          QImage(QString::fromStdString(dir / "run/iter_0010.png")).convertToFormat(QImage::Format_RGB888));
    INFO(window->statusText().toStdString());
    CHECK(window->statusText().contains("run.json: 2 snapshots"));

    std::vector<int> shown;
    QObject::connect(window.get(), &ui::MainWindow::frameShown, window.get(), [&](int i) { shown.push_back(i); });
    window->continueFrom(at5);  // nothing unsaved: no question
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front() == 5);
    CHECK(window->lastIteration() == 10);
    CHECK(window->worker()->appliedParams().style_weight == Approx(250.0));
}

TEST_CASE("Open Run refuses a broken, foreign or newer record, saying which and why, and changes nothing",
          "[ui][window][branch]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "broken.json") << "{not json";
    std::ofstream(dir / "foreign.json") << R"({"format": "something-else"})";
    std::ofstream(dir / "newer.json") << R"({"format": "gramstudio-run", "format_version": 9, "params": {}})";
    auto window = readyWindow(3);
    const QString contentBefore = window->contentSlot()->path();
    for (const auto& [file, why] : {std::pair<std::string, QString>{"broken.json", "not valid JSON"},
                                    {"foreign.json", "not a gramstudio-run record"},
                                    {"newer.json", "newer"}, {"missing.json", "cannot open"}}) {
        INFO(file);
        CHECK_FALSE(window->openRun(QString::fromStdString(dir / file)));
        CHECK(window->statusText().contains(QString::fromStdString(file)));
        CHECK(window->statusText().contains(why));
    }
    CHECK(window->contentSlot()->path() == contentBefore);
    CHECK(window->snapshotStrip()->count() == 0);
}
