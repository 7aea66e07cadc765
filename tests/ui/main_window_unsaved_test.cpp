// Nothing the artist made is lost without asking (offscreen): Clear Result asks before clearing
// an unsaved result, closing mid-run or with an unsaved result asks Save / Discard / Cancel,
// saved and exported files are named after the run and nothing is replaced without asking.
#include "catch_checks.h"

#include <filesystem>

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "process.h"
#include "record/sha256.h"
#include "test_paths.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/loss_plot.h"
#include "ui/run_worker.h"
#include "ui/snapshot_strip.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

QStringList entriesOf(const QString& path) {
    return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

void writeMarker(const QString& path) {
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("marker");
}

QByteArray contentsOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writesDone(ui::MainWindow& window) {
    return waitUntil([&] { return window.backgroundWriter()->pending() == 0; }, 10000);
}

}  // namespace

TEST_CASE("Clear Result says what it clears and asks before clearing an unsaved result", "[ui][window][unsaved]") {
    auto window = readyWindow(3, 1);
    CHECK_FALSE(window->saveAction()->isEnabled());  // nothing to save yet
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->lastIteration() == 3);
    REQUIRE(window->snapshotStrip()->count() == 3);
    CHECK(window->saveAction()->isEnabled());
    CHECK(window->clearAction()->text().remove('&') == "Clear Result…");
    CHECK(window->clearAction()->toolTip().contains("loss plot"));
    CHECK(window->hasUnsavedResult());

    {  // Cancel: everything stays, and Save still has the result
        DialogAnswerer answer("Cancel");
        window->clearAction()->trigger();
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("iteration 3"));
        CHECK(answer.texts().front().contains("not saved"));
    }
    CHECK(window->lastIteration() == 3);
    CHECK(window->snapshotStrip()->count() == 3);
    CHECK(window->lossPlot()->pointCount() >= 3);
    CHECK_FALSE(window->compareView()->canvas(0)->pixmap().isNull());
    REQUIRE(window->saveAction()->isEnabled());
    QTemporaryDir out;
    REQUIRE(window->saveResultTo(out.filePath("kept.png")));
    REQUIRE(writesDone(*window));
    CHECK(QFileInfo::exists(out.filePath("kept.png")));
    CHECK_FALSE(window->hasUnsavedResult());

    {  // saved: Clear Result asks nothing and clears
        DialogAnswerer answer("Cancel");
        window->clearAction()->trigger();
        CHECK(answer.boxes() == 0);
    }
    CHECK(window->lastIteration() == -1);
    CHECK(window->snapshotStrip()->count() == 0);
    CHECK(window->lossPlot()->pointCount() == 0);
    CHECK(window->compareView()->canvas(0)->pixmap().isNull());
    CHECK_FALSE(window->saveAction()->isEnabled());

    // Unsaved again: agreeing clears it.
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    {
        DialogAnswerer answer("Clear Result");
        window->clearAction()->trigger();
        CHECK(answer.boxes() == 1);
    }
    CHECK(window->lastIteration() == -1);
    CHECK_FALSE(window->saveAction()->isEnabled());
}

TEST_CASE("Closing mid-run asks: Cancel keeps the window and the run, Discard closes", "[ui][window][unsaved]") {
    auto window = readyWindow(100000);
    window->startRun();
    REQUIRE(waitUntil([&] { return window->framesShown() >= 2; }, 60000));
    {
        DialogAnswerer answer("Cancel");
        CHECK_FALSE(window->close());
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("run is going"));
    }
    CHECK(window->isVisible());
    REQUIRE(window->isRunning());
    const int shown = window->framesShown();
    CHECK(waitUntil([&] { return window->framesShown() >= shown + 2; }, 60000));  // the run went on
    {
        DialogAnswerer answer("Discard");
        CHECK(window->close());
        CHECK(answer.boxes() == 1);
    }
    CHECK_FALSE(window->isVisible());
    CHECK(waitUntil([&] { return !window->worker() || !window->worker()->isRunning(); }, 5000));
}

TEST_CASE("Closing with a finished result not saved asks and once saved it does not", "[ui][window][unsaved]") {
    auto window = readyWindow(2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    {
        DialogAnswerer answer("Cancel");
        CHECK_FALSE(window->close());
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("result (iteration 2) is not saved"));
    }
    CHECK(window->isVisible());
    QTemporaryDir out;
    REQUIRE(window->saveResultTo(out.filePath("done.png")));
    REQUIRE(writesDone(*window));
    DialogAnswerer answer("Cancel");
    CHECK(window->close());
    CHECK(answer.boxes() == 0);
}

TEST_CASE("Closing and choosing Save writes the result where the save dialog says, then closes", "[ui][window][unsaved]") {
    auto window = readyWindow(2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QTemporaryDir out;
    const QString chosen = out.filePath("closing.png");
    {
        DialogAnswerer answer("Save", chosen);
        window->close();  // stays open until the files are written, then closes itself
        CHECK(answer.boxes() == 1);
        CHECK(answer.otherDialogs() == QStringList{"QFileDialog"});
    }
    CHECK(writesDone(*window));
    CHECK(waitUntil([&] { return !window->isVisible(); }, 10000));
    CHECK(contentsOf(chosen).startsWith("\x89PNG"));
    CHECK(QFileInfo::exists(out.filePath("closing.json")));
}

TEST_CASE("Closing and choosing Save, then cancelling the save dialog, keeps the window open", "[ui][window][unsaved]") {
    auto window = readyWindow(2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    {
        DialogAnswerer answer("Save");  // no file given: the save dialog is cancelled
        CHECK_FALSE(window->close());
        CHECK(answer.otherDialogs() == QStringList{"QFileDialog"});
    }
    CHECK(window->isVisible());
    CHECK(window->hasUnsavedResult());
}

TEST_CASE("Start over an unsaved result asks: Cancel keeps it, Save writes it first, Replace starts", "[ui][window][unsaved]") {
    auto window = readyWindow(2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    REQUIRE(window->lastIteration() == 2);
    const quint64 firstRun = window->runId();
    {
        DialogAnswerer answer("Cancel");
        window->startRun();
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("result (iteration 2) is not saved"));
        CHECK(answer.texts().front().contains("replaces the picture"));
    }
    CHECK_FALSE(window->isRunning());
    CHECK(window->runId() == firstRun);
    CHECK(window->lastIteration() == 2);
    CHECK(window->statusText().contains("Not started"));

    QTemporaryDir out;
    {
        DialogAnswerer answer("Save", out.filePath("first.png"));
        window->startRun();
        CHECK(answer.boxes() == 1);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    CHECK(contentsOf(out.filePath("first.png")).startsWith("\x89PNG"));
    CHECK(window->runId() != firstRun);  // saved, then the new run started
    const quint64 secondRun = window->runId();

    {
        DialogAnswerer answer("Replace");
        window->startRun();
        CHECK(answer.boxes() == 1);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
    CHECK(window->runId() != secondRun);

    // A saved result is replaced without a question.
    REQUIRE(window->saveResultTo(out.filePath("third.png")));
    REQUIRE(writesDone(*window));
    {
        DialogAnswerer answer("Cancel");
        window->startRun();
        CHECK(answer.boxes() == 0);
    }
    REQUIRE(waitUntilIdle(*window, 60000));
}

TEST_CASE("Exports are named after the run and never replace files without asking", "[ui][window][unsaved]") {
    QSettings().clear();  // no save folder from an earlier test
    auto window = readyWindow(4, 2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    const QStringList pngs = window->snapshotStrip()->allPngs();
    REQUIRE(pngs.size() == 2);
    CHECK(QFileInfo(pngs[0]).fileName() == "iter_0002.png");  // the session folder's own names

    QTemporaryDir out;
    window->exportSnapshotsTo(pngs, out.path());
    REQUIRE(writesDone(*window));
    CHECK(entriesOf(out.path()) == QStringList{"building_starry_night_0002.json", "building_starry_night_0002.png",
                                               "building_starry_night_0004.json", "building_starry_night_0004.png"});
    CHECK(window->exportFolder() == QFileInfo(out.path()).absoluteFilePath());
    // Each exported record names its exported image, not the session's iter_0002.png.
    const nlohmann::json exported =
        nlohmann::json::parse(contentsOf(out.filePath("building_starry_night_0002.json")).toStdString());
    CHECK(exported.at("snapshots")[0].at("file") == "building_starry_night_0002.png");
    CHECK(exported.at("snapshots")[0].at("iteration") == 2);

    // The same export again: the clashing files are listed, Cancel writes nothing.
    const QString first = out.filePath("building_starry_night_0002.png");
    writeMarker(first);
    {
        DialogAnswerer answer("Cancel");
        window->exportSnapshotsTo(pngs, out.path());
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("4 file(s) exist already"));
        CHECK(answer.texts().front().contains("building_starry_night_0002.png"));
        CHECK(answer.texts().front().contains("building_starry_night_0004.json"));
    }
    REQUIRE(writesDone(*window));
    CHECK(contentsOf(first) == "marker");
    CHECK(window->statusText().contains("nothing written"));
    {
        DialogAnswerer answer("Replace");
        window->exportSnapshotsTo(pngs, out.path());
        CHECK(answer.boxes() == 1);
    }
    REQUIRE(writesDone(*window));
    CHECK(contentsOf(first).startsWith("\x89PNG"));
    CHECK(entriesOf(out.path()).size() == 4);

    // Save Result: suggested after the run, in the folder the images came from until a save.
    CHECK(window->suggestedResultPath() ==
          QDir(QFileInfo(ui_test::imagePath("building.jpg")).absolutePath()).filePath("building_starry_night_0004.png"));
    QTemporaryDir saved;
    REQUIRE(window->saveResultTo(saved.filePath("night.png")));
    REQUIRE(writesDone(*window));
    CHECK(window->suggestedResultPath() == saved.filePath("building_starry_night_0004.png"));
    CHECK(window->exportFolder() == QFileInfo(out.path()).absoluteFilePath());  // kept apart
    writeMarker(saved.filePath("night.json"));
    {
        DialogAnswerer answer("Cancel");
        CHECK_FALSE(window->saveResultTo(saved.filePath("night.png")));
        REQUIRE(answer.boxes() == 1);
        CHECK(answer.texts().front().contains("night.png"));
        CHECK(answer.texts().front().contains("night.json"));
    }
    CHECK(contentsOf(saved.filePath("night.json")) == "marker");
}

TEST_CASE("Compare-mode exports carry each variant's style loss in the name", "[ui][window][unsaved]") {
    auto window = readyWindow(2, 2);
    window->liveParams()->compareCheck()->setChecked(true);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    const QStringList pngs = window->snapshotStrip()->allPngs();
    REQUIRE(pngs.size() == 2);
    QTemporaryDir out;
    window->exportSnapshotsTo(pngs, out.path());
    REQUIRE(writesDone(*window));
    CHECK(entriesOf(out.path()) == QStringList{"building_starry_night_0002_diag.json", "building_starry_night_0002_diag.png",
                                               "building_starry_night_0002_full.json", "building_starry_night_0002_full.png"});
}

TEST_CASE("A saved result's JSON is a run record naming the input files, and the CLI replays it", "[ui][window][unsaved][record]") {
    auto window = readyWindow(3);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QTemporaryDir out;
    REQUIRE(window->saveResultTo(out.filePath("kept.png")));
    REQUIRE(writesDone(*window));
    const std::string sidecar = out.filePath("kept.json").toStdString();
    const nlohmann::json document = nlohmann::json::parse(contentsOf(out.filePath("kept.json")).toStdString());
    CHECK(document.at("format") == "gramstudio-run");
    CHECK(document.at("content").at("path") ==
          std::filesystem::absolute(test_paths::image("building.jpg")).lexically_normal().string());
    CHECK(document.at("content").at("sha256") == record::sha256_file(test_paths::image("building.jpg")));
    CHECK(document.at("style").at("sha256") == record::sha256_file(test_paths::image("starry_night.jpg")));
    CHECK(document.at("weights").at("sha256") == record::sha256_file(test_paths::weights_file()));
    CHECK(document.at("device") == "cpu");
    CHECK(document.at("params").at("iterations") == 3);
    REQUIRE(document.at("snapshots").size() == 1);
    CHECK(document.at("snapshots")[0].at("file") == "kept.png");
    CHECK(document.at("snapshots")[0].at("iteration") == 3);
    const QImage saved(out.filePath("kept.png"));
    CHECK(document.at("size") == nlohmann::json::array({saved.height(), saved.width()}));

    // The same record drives the command line: its inputs are found and their checksums match.
    const std::string replayed = out.filePath("replayed.png").toStdString();
    const cli_test::ProcessResult replay = cli_test::run_cli({"--replay", sidecar, "--out", replayed, "--quiet"});
    INFO(replay.err);
    CHECK(replay.exit_code == 0);
    const QImage again(QString::fromStdString(replayed));
    CHECK(again.size() == saved.size());
}
