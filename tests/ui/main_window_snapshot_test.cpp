// The window's snapshots and exports (offscreen): written off the GUI thread while frames stream,
// the Snap action, saving both compare variants, and exports that fail cleanly.
#include "catch_checks.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListWidgetItem>
#include <QMap>
#include <QTemporaryDir>
#include <algorithm>

#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "window_test_support.h"

using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

// Every file of a folder (hidden ones too) with a hash of its bytes.
QMap<QString, QByteArray> folderContents(const QString& path) {
    QMap<QString, QByteArray> contents;
    const QDir dir(path);
    for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        QFile file(dir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            contents[name] = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    }
    return contents;
}

QStringList entriesOf(const QString& path) {
    return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

}  // namespace

TEST_CASE("The UI thread never stalls with snapshots every iteration in compare mode at 128 px",
          "[ui][window][snapshots][stall]") {
    auto window = readyWindow(100000, 1, 128);
    window->liveParams()->compareCheck()->setChecked(true);
    // The strip's entries come from the BackgroundWriter (whose jobs run off the GUI thread, see
    // background_writer_test.cpp). At 128 px, writing on the GUI thread measured 40-60 ms stalls
    // here, under the 100 ms bound, so the bound alone would not notice the writes moving back.
    int writtenSnapshotFiles = 0;
    QObject::connect(window->backgroundWriter(), &ui::BackgroundWriter::finished, window.get(),
                     [&](const ui::WriteResult& result) {
                         if (result.kind == ui::WriteResult::Kind::Snapshot) writtenSnapshotFiles += result.written.size();
                     });
    window->startRun();
    ui_test::StallMeter stalls(10);
    // At least 5 iterations' snapshots (two variants each) in the strip, while frames stream.
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->count() >= 10 && window->framesShown() >= 6; }, 120000));
    stalls.stop();
    INFO("longest stall of the UI thread: " << stalls.longestMs() << " ms; automatic snapshots skipped: "
                                            << window->snapshotsDropped());
    CHECK(stalls.longestMs() < 100);
    CHECK_FALSE(window->compareView()->canvas(1)->pixmap().isNull());
    window->stopRun();
    REQUIRE(waitUntilIdle(*window, 5000));
    // Each entry is a complete file with its sidecar; the two variants alternate.
    const QStringList pngs = window->snapshotStrip()->allPngs();
    CHECK(writtenSnapshotFiles == pngs.size());
    for (const QString& png : pngs) {
        CHECK(QFileInfo(png).size() > 0);
        CHECK(QFile::exists(ui::SessionFolder::sidecarPathFor(png)));
    }
    CHECK(pngs.filter("_diag.png").size() * 2 == pngs.size());
    CHECK(pngs.filter("_full.png").size() * 2 == pngs.size());
    CHECK(window->snapshotStrip()->item(0)->text().endsWith(" A"));
}

TEST_CASE("The Snap action adds exactly one snapshot to the strip during a run", "[ui][window][snapshots]") {
    auto window = readyWindow(100000, 0);  // no automatic snapshots
    window->startRun();
    REQUIRE(waitUntil([&] { return window->framesShown() >= 2; }, 60000));
    REQUIRE(window->snapAction()->isEnabled());
    const int iterationAtSnap = window->worker()->iterationsDone();
    window->snapAction()->trigger();
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->count() >= 1; }, 30000));
    const int framesAfterSnap = window->framesShown();
    REQUIRE(waitUntil([&] { return window->framesShown() >= framesAfterSnap + 3; }, 60000));
    CHECK(window->snapshotStrip()->count() == 1);  // one Snap, one snapshot
    window->stopRun();
    REQUIRE(waitUntilIdle(*window, 5000));
    REQUIRE(window->snapshotStrip()->count() == 1);  // stopping adds none
    const QString png = window->snapshotStrip()->allPngs().front();
    CHECK(QFile::exists(png));
    CHECK(QFile::exists(ui::SessionFolder::sidecarPathFor(png)));
    const int snappedIteration = window->snapshotStrip()->item(0)->text().section(' ', 1, 1).toInt();
    CHECK(snappedIteration > iterationAtSnap);  // the next iteration's frame
    CHECK(snappedIteration <= iterationAtSnap + 3);
}

TEST_CASE("Saving the result in compare mode writes both variants", "[ui][window][snapshots]") {
    auto window = readyWindow(3);
    CHECK(window->saveAction()->toolTip().contains("both variants"));
    window->liveParams()->compareCheck()->setChecked(true);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QTemporaryDir out;
    window->saveResultTo(out.filePath("night"));  // ".png" is added
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    INFO(window->statusText().toStdString());
    CHECK(entriesOf(out.path()) == QStringList{"night_diag.json", "night_diag.png", "night_full.json", "night_full.png"});
    CHECK(window->statusText().contains("night_full.png"));
    CHECK(window->statusText().contains("night_diag.png"));

    // Without compare mode: the one file the artist named.
    window->liveParams()->compareCheck()->setChecked(false);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QTemporaryDir single;
    window->saveResultTo(single.filePath("night.png"));
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    CHECK(entriesOf(single.path()) == QStringList{"night.json", "night.png"});
}

TEST_CASE("Exporting to a folder that cannot be written says so and leaves nothing behind",
          "[ui][window][snapshots]") {
    auto window = readyWindow(4, 2);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    const QStringList pngs = window->snapshotStrip()->allPngs();
    REQUIRE(pngs.size() == 2);
    const QString sessionPath = QFileInfo(pngs.front()).absolutePath();
    const QMap<QString, QByteArray> sessionBefore = folderContents(sessionPath);
    REQUIRE(sessionBefore.size() == 5);  // two PNGs, two sidecars, the session's branches.json

    QTemporaryDir temp;
    QString target = temp.filePath("readonly");
    REQUIRE(QDir().mkdir(target));
    REQUIRE(QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                              QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QString checkFolder = target;
    QFile probe(QDir(target).filePath("probe"));
    if (probe.open(QIODevice::WriteOnly)) {
        // Root writes into a 0555 folder anyway: use a folder that cannot exist (under a file).
        probe.close();
        probe.remove();
        QFile plain(temp.filePath("plain"));
        REQUIRE(plain.open(QIODevice::WriteOnly));
        plain.close();
        target = temp.filePath("plain/export");
        checkFolder = temp.path();
    }
    const QStringList before = entriesOf(checkFolder);

    window->exportSnapshotsTo(pngs, target);
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    INFO(window->statusText().toStdString());
    CHECK(window->statusText().contains(target));
    CHECK(window->statusText().contains("nothing written"));
    CHECK(entriesOf(checkFolder) == before);  // no partial or temporary files
    CHECK(folderContents(sessionPath) == sessionBefore);

    // The result cannot be saved there either.
    window->saveResultTo(QDir(target).filePath("result.png"));
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    CHECK(window->statusText().contains("Not saved"));
    CHECK(window->statusText().contains("result.png"));
    CHECK(entriesOf(checkFolder) == before);

    // A failure half-way (the second snapshot's name is taken by a folder): the first one's
    // files are removed again.
    const QString halfway = temp.filePath("halfway");
    REQUIRE(QDir().mkpath(halfway + "/building_starry_night_0004.png"));
    {
        ui_test::DialogAnswerer answer("Replace");  // the folder in the way is listed as a clash
        window->exportSnapshotsTo(pngs, halfway);
        CHECK(answer.boxes() == 1);
    }
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    CHECK(window->statusText().contains(halfway));
    CHECK(entriesOf(halfway) == QStringList{"building_starry_night_0004.png"});
    CHECK(folderContents(sessionPath) == sessionBefore);

    // And a writable folder works.
    window->exportSnapshotsTo(pngs, temp.filePath("good"));
    REQUIRE(waitUntil([&] { return window->backgroundWriter()->pending() == 0; }, 10000));
    CHECK(entriesOf(temp.filePath("good")).size() == 4);
    QFile::setPermissions(temp.filePath("readonly"), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                         QFileDevice::ExeOwner);
}
