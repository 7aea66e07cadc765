// Several styles in the window (offscreen): the blend list under the Style slot, live during a run,
// recorded in the session's records, which the CLI replays byte for byte.
#include "catch_checks.h"

#include <QFile>
#include <QPushButton>
#include <QSlider>
#include <QToolButton>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "process.h"
#include "record/sha256.h"
#include "test_paths.h"
#include "ui/run_worker.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"
#include "ui/style_blend_panel.h"
#include "window_test_support.h"

using ui_test::imagePath;
using ui_test::readyWindow;
using ui_test::waitUntil;
using ui_test::waitUntilIdle;

namespace {

nlohmann::json recordBeside(const QString& png) {
    QFile file(ui::SessionFolder::sidecarPathFor(png));
    REQUIRE(file.open(QIODevice::ReadOnly));
    return nlohmann::json::parse(file.readAll().toStdString());
}

std::string normalized(const char* image) {
    return std::filesystem::absolute(test_paths::image(image)).lexically_normal().string();
}

}  // namespace

TEST_CASE("The blend list: one painting shows no rows, a second adds a row per painting with its share",
          "[ui][window][blend]") {
    auto window = readyWindow(10);
    ui::StyleBlendPanel* panel = window->styleBlendPanel();
    CHECK(panel->styleCount() == 1);
    CHECK(panel->blendSlider(0) == nullptr);
    CHECK(window->currentParams().style_blend.empty());

    REQUIRE(panel->addFile(imagePath("grass.png")));
    CHECK(panel->styleCount() == 2);
    REQUIRE(panel->blendSlider(1) != nullptr);
    CHECK(window->currentParams().style_blend == std::vector<double>{50, 50});
    panel->blendSlider(1)->setValue(100);
    CHECK(window->currentParams().style_blend == std::vector<double>{50, 100});

    // A broken file is refused with its name; nothing is added.
    QTemporaryDir dir;
    QFile broken(dir.filePath("broken.png"));
    REQUIRE(broken.open(QIODevice::WriteOnly));
    broken.write("not an image");
    broken.close();
    CHECK_FALSE(panel->addFile(broken.fileName()));
    CHECK_THAT(window->statusText().toStdString(), Catch::Contains("broken.png"));
    CHECK(panel->styleCount() == 2);

    // Up to four in all; the fifth is refused and the + button is off.
    REQUIRE(panel->addFile(imagePath("fruits.jpg")));
    REQUIRE(panel->addFile(imagePath("home.jpg")));
    CHECK_FALSE(panel->addButton()->isEnabled());
    CHECK_FALSE(panel->addFile(imagePath("chelsea.png")));
    CHECK_THAT(window->statusText().toStdString(), Catch::Contains("at most 4"));

    // The first row's remove button: the next painting moves into the Style slot with its share.
    auto* removeFirst = panel->findChild<QToolButton*>(QStringLiteral("removeStyle0"));
    REQUIRE(removeFirst != nullptr);
    removeFirst->click();
    CHECK(window->styleSlot()->sourceLabel() == "grass.png");
    CHECK(panel->styleCount() == 3);
    CHECK(window->currentParams().style_blend == std::vector<double>{100, 50, 50});
    // All shares at zero cannot start.
    for (int row = 0; row < 3; ++row) panel->blendSlider(row)->setValue(0);
    window->startRun();
    CHECK_FALSE(window->isRunning());
    CHECK_THAT(window->statusText().toStdString(), Catch::Contains("share is 0"));
}

TEST_CASE("A painting added mid-run changes the next iteration's losses, the run goes on and its records name both",
          "[ui][window][blend]") {
    auto window = readyWindow(100000, 0);
    window->startRun();
    REQUIRE(window->isRunning());
    ui_test::FrameLog frames(*window);
    REQUIRE(waitUntil([&] { return frames.size() >= ui_test::FrameLog::kRecentSteps + 2; }, 60000));
    const quint64 generation = frames.lastGeneration();

    window->takeSnapshot();  // before: one painting
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->allPngs().size() >= 1; }, 20000));
    REQUIRE(window->styleBlendPanel()->addFile(imagePath("grass.png")));
    REQUIRE(waitUntil([&] { return window->worker()->appliedStylePaths().size() == 2; }, 20000));
    CHECK(window->worker()->appliedParams().style_blend == std::vector<double>{50, 50});
    REQUIRE(waitUntil([&] { return frames.lastGeneration() > generation; }, 20000));
    const auto [before, after, largestStepChange] = frames.changeAfter(generation);
    INFO("style loss before " << before.style << " at " << before.iteration << ", after " << after.style << " at "
                              << after.iteration << "; largest change of one step before: " << largestStepChange);
    CHECK(after.iteration > before.iteration);  // the count goes on
    CHECK(std::abs(after.style - before.style) / before.style > 2 * largestStepChange);
    CHECK(window->isRunning());  // no restart

    window->takeSnapshot();  // after: both, with their blend
    REQUIRE(waitUntil([&] { return window->snapshotStrip()->allPngs().size() >= 2; }, 20000));
    window->stopRun();
    REQUIRE(waitUntilIdle(*window, 30000));
    const QStringList pngs = window->snapshotStrip()->allPngs();
    REQUIRE(pngs.size() >= 2);
    std::vector<std::size_t> styleCounts;
    for (const QString& png : pngs) styleCounts.push_back(recordBeside(png).at("styles").size());
    CHECK(std::count(styleCounts.begin(), styleCounts.end(), 1u) >= 1);
    CHECK(std::count(styleCounts.begin(), styleCounts.end(), 2u) >= 1);
    for (const QString& png : pngs) {
        const nlohmann::json record = recordBeside(png);
        if (record.at("styles").size() != 2) continue;
        CHECK(record.at("styles")[1].at("file") == normalized("grass.png"));
        CHECK(record.at("styles")[1].at("blend") == 0.5);
        CHECK(record.at("params").at("style_blend") == nlohmann::json::array({50.0, 50.0}));
    }
}

TEST_CASE("A two-style window run's record replays with the CLI byte for byte", "[ui][window][blend][record]") {
    auto window = readyWindow(8, 8);
    REQUIRE(window->styleBlendPanel()->addFile(imagePath("grass.png")));
    window->styleBlendPanel()->blendSlider(1)->setValue(25);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    QString at8;
    for (const QString& png : window->snapshotStrip()->allPngs())
        if (window->snapshotStrip()->entry(png).iteration == 8) at8 = png;
    REQUIRE_FALSE(at8.isEmpty());
    const nlohmann::json record = recordBeside(at8);
    REQUIRE(record.at("styles").size() == 2);
    CHECK(record.at("styles")[0].at("sha256") == record::sha256_file(test_paths::image("starry_night.jpg")));
    CHECK(record.at("styles")[1].at("blend") == Approx(25.0 / 75.0));

    QTemporaryDir out;
    const std::string replayed = out.filePath("replayed.png").toStdString();
    const auto replay = cli_test::run_cli({"--replay", ui::SessionFolder::sidecarPathFor(at8).toStdString(), "--out",
                                           replayed, "--quiet"});
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    CHECK(cli_test::read_file(replayed) == cli_test::read_file(at8.toStdString()));
}

TEST_CASE("Open Run brings back a CLI run's blend: its paintings and shares, and continues with them",
          "[ui][window][blend][record]") {
    cli_test::TempDir dir;
    const auto cli = cli_test::run_cli({"--content", test_paths::image("building.jpg"), "--style",
                                        test_paths::image("starry_night.jpg"), "--style", test_paths::image("grass.png"),
                                        "--style-blend", "1,3", "--out", dir / "out.png", "--size", "64", "--iters", "6",
                                        "--threads", "2", "--quiet", "--snapshot-every", "3", "--snapshot-dir", dir / "run"});
    INFO(cli.err);
    REQUIRE(cli.exit_code == 0);
    auto window = readyWindow(3);
    REQUIRE(window->styleBlendPanel()->addFile(imagePath("fruits.jpg")));  // replaced by the record's
    REQUIRE(window->openRun(QString::fromStdString(dir / "run/run.json")));
    ui::StyleBlendPanel* panel = window->styleBlendPanel();
    REQUIRE(panel->styleCount() == 2);
    CHECK(window->styleSlot()->sourceLabel() == "starry_night.jpg");
    CHECK(panel->extras().at(0).label == "grass.png");
    CHECK(window->currentParams().style_blend == std::vector<double>{33, 100});  // 1:3, the largest at 100

    QString at3;
    for (const QString& png : window->snapshotStrip()->allPngs())
        if (window->snapshotStrip()->entry(png).iteration == 3) at3 = png;
    REQUIRE_FALSE(at3.isEmpty());
    window->continueFrom(at3);
    REQUIRE(waitUntilIdle(*window, 60000));
    CHECK(window->lastIteration() == 6);
    CHECK(window->worker()->appliedStylePaths().size() == 2);
}
