// The window's weights download (WeightsDownloadDialog and the main window's offer) against
// range_server.py on 127.0.0.1, serving make_fake_vgg19.py's stand-in for timm's model.safetensors.
#include "widget_test_support.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <filesystem>
#include <fstream>

#include "download/weights_download.h"
#include "engine/safetensors.h"
#include "local_server.h"
#include "process.h"
#include "ui/layer_panel.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/notice_bar.h"
#include "ui/weights_download_dialog.h"

using Catch::Contains;
using cli_test::file_exists;
using cli_test::TempDir;

namespace {

const std::string kResult = download::kFetchedWeightsName;

bool waitForEnd(ui::WeightsDownloadDialog& dialog, int timeoutMs = 90000) {
    return ui_test::waitUntil([&] { return !dialog.isDownloading(); }, timeoutMs);
}

// Overwrites the first float of `tensor` in a safetensors file with NaN.
void poison_tensor(const std::string& path, const std::string& tensor) {
    const engine::SafetensorsHeader header = engine::read_safetensors_header(path);
    const auto& info = header.tensors.at(tensor);
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(header.data_offset + info.begin));
    const unsigned char nan[4] = {0x00, 0x00, 0xc0, 0x7f};  // quiet NaN, little-endian
    file.write(reinterpret_cast<const char*>(nan), 4);
}

}  // namespace

TEST_CASE("the download dialog fetches, verifies and reports progress", "[ui][download]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path(), {"--rate", "40000000"});
    ui::WeightsDownloadDialog dialog(QString::fromStdString(server.url()), QString::fromStdString(dir / "models"));
    QSignalSpy progressed(&dialog, &ui::WeightsDownloadDialog::progressed);
    QSignalSpy downloaded(&dialog, &ui::WeightsDownloadDialog::downloaded);
    dialog.downloadButton()->click();
    CHECK(dialog.isDownloading());
    CHECK(dialog.cancelButton()->isEnabled());
    REQUIRE(waitForEnd(dialog));
    INFO(dialog.statusLabel()->text().toStdString());
    REQUIRE(downloaded.count() == 1);
    const std::string path = downloaded.at(0).at(0).toString().toStdString();
    CHECK(path == dir / ("models/" + kResult));
    CHECK(engine::load_vgg19(path)->available_layers().size() == 16);
    CHECK_FALSE(file_exists(path + ".part"));
    // Progress: several reports of the conv data, growing, with a speed shown while it ran.
    REQUIRE(progressed.count() >= 3);
    qint64 last = -1, total = 0;
    for (const auto& args : progressed) {
        if (args.at(1).toLongLong() <= 0) continue;  // the header phase
        CHECK(args.at(0).toLongLong() >= last);
        last = args.at(0).toLongLong();
        total = args.at(1).toLongLong();
    }
    CHECK(total > 80000000);
    CHECK(last == total);
    CHECK(dialog.progressBar()->value() == dialog.progressBar()->maximum());
    CHECK_THAT(dialog.statusLabel()->text().toStdString(), Contains("verified"));
    CHECK_FALSE(dialog.downloadButton()->isEnabled());
}

TEST_CASE("a cancelled download keeps what arrived and the next one continues from there", "[ui][download]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    const std::string part = dir / ("models/" + kResult + ".part");
    int port = 0;
    {
        cli_test::LocalServer slow(dir / "model.safetensors", dir.path(), {"--rate", "8000000"});
        port = slow.port();
        ui::WeightsDownloadDialog dialog(QString::fromStdString(slow.url()), QString::fromStdString(dir / "models"));
        QSignalSpy failed(&dialog, &ui::WeightsDownloadDialog::failed);
        QSignalSpy progressed(&dialog, &ui::WeightsDownloadDialog::progressed);
        dialog.startDownload();
        REQUIRE(ui_test::waitUntil(
            [&] { return !progressed.isEmpty() && progressed.last().at(0).toLongLong() > 10000000; }, 60000));
        dialog.cancelButton()->click();
        REQUIRE(waitForEnd(dialog, 10000));  // a cancel takes effect within seconds, never a hang
        REQUIRE(failed.count() == 1);
        CHECK_THAT(failed.at(0).at(0).toString().toStdString(), Contains("Cancelled"));
        CHECK(dialog.downloadButton()->isEnabled());
        CHECK_FALSE(file_exists(dir / ("models/" + kResult)));
        REQUIRE(file_exists(part));
        CHECK(std::filesystem::file_size(part) > 5000000);
    }
    // The same address again (the .part records its source): a new dialog says it continues.
    cli_test::LocalServer server(dir / "model.safetensors", dir.path(), {"--port", std::to_string(port)});
    ui::WeightsDownloadDialog again(QString::fromStdString(server.url()), QString::fromStdString(dir / "models"));
    CHECK_THAT(again.statusLabel()->text().toStdString(), Contains("continues from there"));
    QSignalSpy downloaded(&again, &ui::WeightsDownloadDialog::downloaded);
    again.startDownload();
    REQUIRE(waitForEnd(again));
    INFO(again.statusLabel()->text().toStdString());
    REQUIRE(downloaded.count() == 1);
    CHECK(engine::load_vgg19(dir / ("models/" + kResult))->available_layers().size() == 16);
    CHECK(server.body_bytes_sent() < 80097536 - 5000000);  // only what was missing
}

TEST_CASE("the download dialog reports failures and keeps nothing half-written", "[ui][download]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");

    SECTION("no network") {
        ui::WeightsDownloadDialog dialog(QStringLiteral("http://127.0.0.1:1/model.safetensors"),
                                         QString::fromStdString(dir / "models"));
        QSignalSpy failed(&dialog, &ui::WeightsDownloadDialog::failed);
        dialog.startDownload();
        REQUIRE(waitForEnd(dialog, 30000));
        REQUIRE(failed.count() == 1);
        CHECK_THAT(failed.at(0).at(0).toString().toStdString(), Contains("network error") && Contains("127.0.0.1:1"));
        CHECK(dialog.downloadButton()->text().contains(QStringLiteral("Try Again")));
        CHECK(std::filesystem::is_empty(dir / "models"));
    }
    SECTION("a file that fails verification is removed") {
        poison_tensor(dir / "model.safetensors", "features.34.bias");  // NaN in conv5_4's bias
        cli_test::LocalServer server(dir / "model.safetensors", dir.path());
        ui::WeightsDownloadDialog dialog(QString::fromStdString(server.url()), QString::fromStdString(dir / "models"));
        QSignalSpy failed(&dialog, &ui::WeightsDownloadDialog::failed);
        dialog.startDownload();
        REQUIRE(waitForEnd(dialog));
        REQUIRE(failed.count() == 1);
        CHECK_THAT(failed.at(0).at(0).toString().toStdString(), Contains("failed verification"));
        CHECK(std::filesystem::is_empty(dir / "models"));  // neither the weights nor a .part
    }
    SECTION("a destination that cannot be created") {
        std::ofstream(dir / "a-file") << "x";
        ui::WeightsDownloadDialog dialog(QStringLiteral("http://127.0.0.1:1/model.safetensors"),
                                         QString::fromStdString(dir / "a-file/models"));
        QSignalSpy failed(&dialog, &ui::WeightsDownloadDialog::failed);
        dialog.startDownload();
        REQUIRE(waitForEnd(dialog, 30000));
        REQUIRE(failed.count() == 1);
        CHECK_THAT(failed.at(0).at(0).toString().toStdString(), Contains("cannot create the destination folder"));
    }
}

TEST_CASE("without weights the window offers the download and goes on without a restart", "[ui][download]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path());
    ui::MainWindow window(QString::fromStdString(dir / "no-such-weights.safetensors"));
    REQUIRE(ui_test::waitUntil([&] { return !window.modelLoader()->isLoading(); }, 30000));
    REQUIRE_FALSE(window.modelLoader()->isLoaded());
    CHECK(window.noticeBar()->actionButton()->text().contains(QStringLiteral("Download")));
    CHECK_FALSE(window.startAction()->isEnabled());

    window.setWeightsDownloadSource(QString::fromStdString(server.url()), QString::fromStdString(dir / "models"));
    window.noticeBar()->actionButton()->click();  // opens the dialog (non-modal)
    ui::WeightsDownloadDialog* dialog = window.findChild<ui::WeightsDownloadDialog*>();
    REQUIRE(dialog != nullptr);
    dialog->startDownload();
    REQUIRE(ui_test::waitUntil([&] { return window.modelLoader()->isLoaded(); }, 90000));
    CHECK(window.modelLoader()->availableLayers().size() == 16);
    CHECK(window.modelLoader()->weightsPath().toStdString() == dir / ("models/" + kResult));
    // The layer panel offers the new layers: conv5_1 can be ticked now.
    auto* conv51 = window.findChild<QCheckBox*>(QStringLiteral("conv5_1Check"));
    REQUIRE(conv51 != nullptr);
    CHECK(conv51->isEnabled());
}

TEST_CASE("Help offers the full network while only the development weights are loaded", "[ui][download]") {
    ui::MainWindow window(QString::fromStdString(test_paths::weights_file()));
    REQUIRE(ui_test::waitUntil([&] { return window.modelLoader()->isLoaded(); }, 30000));
    QAction* offer = window.findChild<QAction*>(QStringLiteral("downloadFullNetworkAction"));
    REQUIRE(offer != nullptr);
    CHECK(offer->isEnabled());  // the shared file has conv1_1..conv3_4 only
}
