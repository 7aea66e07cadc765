#include "ui/weights_download_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include "download/weights_download.h"
#include "engine/errors.h"
#include "engine/user_text.h"

namespace ui {

namespace {

QString megabytes(qint64 bytes) { return QStringLiteral("%1 MB").arg(bytes / 1e6, 0, 'f', 1); }

}  // namespace

WeightsDownloadDialog::WeightsDownloadDialog(const QString& url, const QString& folder, QWidget* parent)
    : QDialog(parent), url_(url), folder_(folder) {
    setWindowTitle(tr("Download the VGG-19 Network"));
    setObjectName(QStringLiteral("weightsDownloadDialog"));
    about_ = new QLabel(this);
    about_->setWordWrap(true);
    about_->setTextFormat(Qt::RichText);
    about_->setText(tr("<p>Gram Studio paints with the convolution layers of VGG-19, a network trained to "
                       "recognise photos. They are not part of the program and are downloaded once.</p>"
                       "<table>"
                       "<tr><td><b>What</b></td><td>%1</td></tr>"
                       "<tr><td><b>Size</b></td><td>%2</td></tr>"
                       "<tr><td><b>Licence</b></td><td>%3</td></tr>"
                       "<tr><td><b>From</b></td><td>%4</td></tr>"
                       "<tr><td><b>Saved in</b></td><td>%5</td></tr>"
                       "</table>")
                        .arg(QString::fromUtf8(download::kWeightsDescription), QString::fromUtf8(download::kWeightsSize),
                             QString::fromUtf8(download::kWeightsLicence), QUrl(url).host().toHtmlEscaped(),
                             QDir::toNativeSeparators(folder).toHtmlEscaped()));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(QString());
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("downloadStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    download_ = buttons->addButton(tr("&Download"), QDialogButtonBox::AcceptRole);
    cancel_ = buttons->addButton(tr("&Cancel Download"), QDialogButtonBox::ActionRole);
    close_ = buttons->addButton(QDialogButtonBox::Close);
    connect(download_, &QPushButton::clicked, this, &WeightsDownloadDialog::startDownload);
    connect(cancel_, &QPushButton::clicked, this, &WeightsDownloadDialog::cancelDownload);
    connect(close_, &QPushButton::clicked, this, &WeightsDownloadDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about_);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    setMinimumWidth(520);

    try {
        const QString partial = QString::fromStdString(
            download::WeightsDownload(url_.toStdString(), folder_.toStdString()).partial_download());
        if (!partial.isEmpty())
            status_->setText(tr("An earlier download stopped part way (%1 kept): it continues from there.")
                                 .arg(megabytes(QFileInfo(partial).size())));
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
    }
    setBusy(false);
}

WeightsDownloadDialog::~WeightsDownloadDialog() {
    cancelRequested_ = true;
    if (thread_) thread_->wait();
}

void WeightsDownloadDialog::setBusy(bool busy) {
    download_->setEnabled(!busy && resultPath_.isEmpty());
    cancel_->setEnabled(busy);
    close_->setEnabled(!busy);
}

void WeightsDownloadDialog::startDownload() {
    if (thread_ || !resultPath_.isEmpty()) return;
    cancelRequested_ = false;
    status_->setText(tr("Connecting to %1…").arg(QUrl(url_).host()));
    progress_->setRange(0, 0);  // busy until the size is known
    setBusy(true);
    const std::string url = url_.toStdString(), folder = folder_.toStdString();
    thread_ = QThread::create([this, url, folder] {
        QString path, error;
        bool cancelled = false;
        try {
            download::WeightsDownload job(url, folder);
            const auto progress = [this](const download::DownloadProgress& p) {
                QMetaObject::invokeMethod(
                    this,
                    [this, phase = static_cast<int>(p.phase), done = static_cast<qint64>(p.done),
                     total = static_cast<qint64>(p.total), resumed = static_cast<qint64>(p.resumed_from),
                     rate = p.bytes_per_second, left = p.seconds_left] {
                        showProgress(phase, done, total, resumed, rate, left);
                    },
                    Qt::QueuedConnection);
            };
            path = QString::fromStdString(job.run(progress, [this] { return cancelRequested_.load(); }).path);
        } catch (const download::Cancelled&) {
            cancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        // The destructor waits for this thread, so `this` outlives the queued call's posting.
        QMetaObject::invokeMethod(this, [this, path, error, cancelled] { finish(path, error, cancelled); },
                                  Qt::QueuedConnection);
    });
    connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
    thread_->start();
}

void WeightsDownloadDialog::cancelDownload() {
    if (!thread_) return;
    cancelRequested_ = true;
    status_->setText(tr("Cancelling…"));
    cancel_->setEnabled(false);
}

void WeightsDownloadDialog::reject() {
    if (thread_) {
        closeWhenStopped_ = true;  // the dialog closes once the download has stopped (finish)
        cancelDownload();
        return;
    }
    QDialog::reject();
}

void WeightsDownloadDialog::showProgress(int phase, qint64 done, qint64 total, qint64 resumedFrom,
                                         double bytesPerSecond, double secondsLeft) {
    if (!thread_ || cancelRequested_) return;
    const auto which = static_cast<download::DownloadProgress::Phase>(phase);
    QString text = QString::fromStdString(download::to_string(which));
    text[0] = text[0].toUpper();
    if (total > 0) {
        progress_->setRange(0, 1000);
        progress_->setValue(static_cast<int>(1000.0 * done / total));
        progress_->setFormat(QStringLiteral("%1 of %2").arg(megabytes(done), megabytes(total)));
    } else {
        progress_->setRange(0, 0);
        progress_->setFormat(done > 0 ? megabytes(done) : QString());
    }
    if (bytesPerSecond > 0) {
        text += tr(": %1/s").arg(megabytes(static_cast<qint64>(bytesPerSecond)));
        if (secondsLeft >= 0)
            text += tr(", %1 left").arg(QString::fromStdString(engine::format_duration(secondsLeft)));
    }
    if (resumedFrom > 0) text += tr(" (continued after %1 from an earlier attempt)").arg(megabytes(resumedFrom));
    status_->setText(text);
    Q_EMIT progressed(done, total);
}

void WeightsDownloadDialog::finish(const QString& path, const QString& error, bool cancelled) {
    thread_ = nullptr;  // deleted by its finished signal
    progress_->setRange(0, 1000);
    if (!path.isEmpty()) {
        resultPath_ = path;
        progress_->setValue(1000);
        progress_->setFormat(tr("Done"));
        status_->setText(tr("Downloaded and verified: %1").arg(QDir::toNativeSeparators(path)));
        close_->setText(tr("Close"));
        setBusy(false);
        Q_EMIT downloaded(path);
        return;
    }
    setBusy(false);
    download_->setText(tr("&Try Again"));
    const QString message = cancelled ? tr("Cancelled. What arrived is kept: Download continues from there.")
                                      : tr("Download failed: %1").arg(error);
    status_->setText(message);
    Q_EMIT failed(message);
    if (closeWhenStopped_) {
        closeWhenStopped_ = false;
        QDialog::reject();
    }
}

}  // namespace ui
