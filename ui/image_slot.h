#pragma once
// One input image (Content or Style): drop a file or image data, click to open, Ctrl+V to paste.
// Shows a thumbnail with the file name, pixel size and file size; a bad file leaves the slot as it
// was and shows the engine's reason inline.
#include <QFrame>
#include <QString>
#include <QStringList>

#include "engine/rgb_image.h"

class QLabel;
class QMimeData;

namespace ui {

// The line under a slot's thumbnail: "building.jpg · 868 × 600 px · 78 KB" (no size when
// fileBytes < 0, e.g. pasted image data).
QString describeImage(const QString& label, int width, int height, qint64 fileBytes);

// An input image file as the slots load it: any format the engine reads, shrunk to at most 4096 px
// (the largest result). Throws engine::InputError naming the file and the reason.
engine::RgbImage loadInputImage(const QString& path);

// The local files a drop or the clipboard holds (URLs), in order.
QStringList localFiles(const QMimeData* mime);

class ImageSlot : public QFrame {
    Q_OBJECT
public:
    explicit ImageSlot(const QString& title, QWidget* parent = nullptr);

    bool hasImage() const { return !image_.empty(); }
    const engine::RgbImage& image() const { return image_; }
    QString path() const { return path_; }          // empty for pasted or dropped image data
    QString sourceLabel() const { return label_; }  // file name or "pasted image"
    QString errorText() const { return error_; }
    QString infoText() const;  // the line under the thumbnail
    QString title() const { return title_; }

    // Each returns false (and shows why) when nothing usable was loaded.
    bool loadFile(const QString& path);
    bool loadMimeData(const QMimeData* mime);
    void setImage(const engine::RgbImage& image, const QString& label, const QString& path);
    void clearError();

    // The folder the file dialog starts in (shared by both slots, persisted by the window).
    void setDialogFolder(const QString& folder) { dialogFolder_ = folder; }
    QString dialogFolder() const { return dialogFolder_; }

public Q_SLOTS:
    void openFileDialog();
    void paste();

Q_SIGNALS:
    void imageChanged();
    void loadFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void showError(const QString& message);
    void setHighlighted(bool on);
    void updateThumbnail();

    QString title_;
    engine::RgbImage image_;
    QString path_, label_, error_, dialogFolder_;
    QPixmap fullPixmap_;  // converted once when the image changes; scaled on resize only
    QLabel* titleLabel_;
    QLabel* thumbnail_;
    QLabel* info_;
    QLabel* errorLabel_;
};

}  // namespace ui
