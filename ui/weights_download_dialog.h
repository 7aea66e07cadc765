#pragma once
// The window's first-run download of the VGG-19 weights: says what the file is (size, licence,
// where it goes), shows progress with speed and time left, cancels, and continues an interrupted
// download. The work is download::WeightsDownload (the same code as `gramstudio-cli
// fetch-weights`) on a helper thread; the dialog never blocks the GUI thread.
#include <QDialog>
#include <atomic>

class QLabel;
class QProgressBar;
class QPushButton;
class QThread;

namespace ui {

class WeightsDownloadDialog : public QDialog {
    Q_OBJECT
public:
    // url: where model.safetensors is served; folder: where the weights file goes.
    WeightsDownloadDialog(const QString& url, const QString& folder, QWidget* parent = nullptr);
    ~WeightsDownloadDialog() override;  // cancels a download in progress and waits for its thread

    void startDownload();
    void cancelDownload();
    bool isDownloading() const { return thread_ != nullptr; }
    QString resultPath() const { return resultPath_; }  // empty until a download succeeded

    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QPushButton* downloadButton() const { return download_; }
    QPushButton* cancelButton() const { return cancel_; }

Q_SIGNALS:
    void downloaded(const QString& path);  // verified and in place
    void failed(const QString& message);   // also for a cancel: "Cancelled; ... kept"
    void progressed(qint64 done, qint64 total);

protected:
    void reject() override;  // Esc or the close button: cancels first

private:
    void showProgress(int phase, qint64 done, qint64 total, qint64 resumedFrom, double bytesPerSecond,
                      double secondsLeft);
    void finish(const QString& path, const QString& error, bool cancelled);
    void setBusy(bool busy);

    QString url_, folder_, resultPath_;
    std::atomic<bool> cancelRequested_{false};
    bool closeWhenStopped_ = false;  // Esc or Close during a download: close once it stopped
    QThread* thread_ = nullptr;
    QLabel* about_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* download_;
    QPushButton* cancel_;
    QPushButton* close_;
};

}  // namespace ui
