// MainWindow: the VGG-19 weights — what the window says when they are missing, and the download
// it offers (first run, and Help > Download the Full Network while only a partial file is loaded).
#include <QAction>
#include <QFileInfo>

#include "download/weights_download.h"
#include "engine/vgg19.h"
#include "engine/weights_locator.h"
#include "ui/compare_view.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/notice_bar.h"
#include "ui/weights_download_dialog.h"

namespace ui {

void MainWindow::setWeightsDownloadSource(const QString& url, const QString& folder) {
    downloadUrl_ = url;
    downloadFolder_ = folder;
}

void MainWindow::openWeightsDownload() {
    if (auto* open = findChild<WeightsDownloadDialog*>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    const QString url = !downloadUrl_.isEmpty() ? downloadUrl_
                        : qEnvironmentVariableIsEmpty("GRAMSTUDIO_WEIGHTS_URL")
                            ? QString::fromUtf8(download::kDefaultWeightsUrl)
                            : qEnvironmentVariable("GRAMSTUDIO_WEIGHTS_URL");
    const QString folder =
        !downloadFolder_.isEmpty() ? downloadFolder_ : QString::fromStdString(engine::user_models_dir());
    auto* dialog = new WeightsDownloadDialog(url, folder, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WeightsDownloadDialog::downloaded, this, [this](const QString& path) {
        // Go on without a restart: load the new file; onModelLoaded enables its layers.
        weightsPath_ = path;
        notice_->dismiss();
        compareView_->setPlaceholder(tr("Loading the downloaded VGG-19 weights…"));
        showStatus(tr("Downloaded %1: loading it").arg(QFileInfo(path).fileName()));
        loader_->load(path);
    });
    dialog->show();
}

void MainWindow::offerWeightsDownload(const QString& where) {
    notice_->showNotice(NoticeBar::Kind::Error,
                        tr("No VGG-19 weights found. Gram Studio can download them now (about 80 MB, once), or "
                           "put a .safetensors file in %1.")
                            .arg(where),
                        tr("Download the Weights…"), [this] { openWeightsDownload(); });
}

void MainWindow::updateDownloadOffer() {
    // Help offers the full network while the loaded file lacks layers (the development file has
    // blocks 1-3 only) or nothing is loaded.
    const bool partial = !loader_->isLoaded() ||
                         loader_->availableLayers().size() < static_cast<int>(engine::vgg19_layer_names().size());
    downloadNetworkAction_->setEnabled(partial);
}

}  // namespace ui
