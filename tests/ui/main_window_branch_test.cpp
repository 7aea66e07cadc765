// Continue from Here (offscreen): a new run from exactly a snapshot's image, its iterations
// counted on from the snapshot's, recorded with its start image and parent.
#include "catch_checks.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "record/sha256.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "window_test_support.h"

using ui_test::DialogAnswerer;
using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

QString snapshotAt(const ui::SnapshotStrip& strip, int iteration) {
    for (const QString& png : strip.allPngs())
        if (strip.entry(png).iteration == iteration) return png;
    return QString();
}

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
