#include "ui/image_slot.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QMimeData>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "ui/image_convert.h"

namespace ui {
namespace {

// Inputs larger than the largest output are shrunk on load: the run never uses more.
constexpr int kMaxInputSide = 4096;

QString firstLocalFile(const QMimeData* mime) {
    const QStringList files = localFiles(mime);
    return files.isEmpty() ? QString() : files.front();
}

}  // namespace

QStringList localFiles(const QMimeData* mime) {
    QStringList files;
    if (!mime || !mime->hasUrls()) return files;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) files << url.toLocalFile();
    return files;
}

engine::RgbImage loadInputImage(const QString& path) {
    engine::RgbImage loaded = engine::load_image(path.toStdString(), 0);
    if (std::max(loaded.width, loaded.height) > kMaxInputSide)
        loaded = engine::resize_to_longest_side(loaded, kMaxInputSide);
    return loaded;
}

QString describeImage(const QString& label, int width, int height, qint64 fileBytes) {
    QString text = QStringLiteral("%1 · %2 × %3 px").arg(label).arg(width).arg(height);
    if (fileBytes < 0) return text;
    // "78 KB", "1.4 MB": the units artists see in file managers (powers of 1024). Qt's own
    // formattedDataSize writes "kB" or "KiB".
    const QLocale locale;
    QString size;
    if (fileBytes < 1024)
        size = QObject::tr("%1 bytes").arg(fileBytes);
    else if (fileBytes < 1024 * 1024)
        size = QStringLiteral("%1 KB").arg(locale.toString(static_cast<double>(fileBytes) / 1024.0, 'f', 0));
    else if (fileBytes < 1024LL * 1024 * 1024)
        size = QStringLiteral("%1 MB").arg(locale.toString(static_cast<double>(fileBytes) / (1024.0 * 1024.0), 'f', 1));
    else
        size = QStringLiteral("%1 GB").arg(locale.toString(static_cast<double>(fileBytes) / (1024.0 * 1024.0 * 1024.0), 'f', 1));
    return text + QStringLiteral(" · ") + size;
}

ImageSlot::ImageSlot(const QString& title, QWidget* parent)
    : QFrame(parent), title_(title), label_(), dialogFolder_() {
    setObjectName(title + "Slot");
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::StyledPanel);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("%1 image: drop a file or image here, click to open, or focus and press Ctrl+V").arg(title));
    setMinimumSize(150, 150);

    titleLabel_ = new QLabel(QStringLiteral("<b>%1</b>").arg(title), this);
    thumbnail_ = new QLabel(tr("Drop an image\nor click to open"), this);
    thumbnail_->setAlignment(Qt::AlignCenter);
    thumbnail_->setMinimumHeight(96);
    thumbnail_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    thumbnail_->setStyleSheet(QStringLiteral("color: palette(mid);"));
    info_ = new QLabel(this);
    info_->setAlignment(Qt::AlignCenter);
    info_->setWordWrap(true);  // a narrow slot breaks "name · W × H px · size" at the dots' spaces
    info_->setObjectName(QStringLiteral("slotInfo"));
    info_->setTextInteractionFlags(Qt::NoTextInteraction);
    errorLabel_ = new QLabel(this);
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet(QStringLiteral("color: #c62828;"));
    errorLabel_->setVisible(false);
    errorLabel_->setObjectName(QStringLiteral("slotError"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(titleLabel_);
    layout->addWidget(thumbnail_, 1);
    layout->addWidget(info_);
    layout->addWidget(errorLabel_);
}

bool ImageSlot::loadFile(const QString& path) {
    try {
        const engine::RgbImage loaded = loadInputImage(path);
        dialogFolder_ = QFileInfo(path).absolutePath();  // before imageChanged: the window reads it
        setImage(loaded, QFileInfo(path).fileName(), path);
        return true;
    } catch (const std::exception& error) {
        // InputError names the file and the reason; anything else is still shown, never fatal.
        showError(QString::fromStdString(error.what()));
        return false;
    }
}

bool ImageSlot::loadMimeData(const QMimeData* mime) {
    const QString file = firstLocalFile(mime);
    if (!file.isEmpty()) return loadFile(file);
    if (mime && mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            engine::RgbImage rgb = fromQImage(image);
            if (std::max(rgb.width, rgb.height) > kMaxInputSide) rgb = engine::resize_to_longest_side(rgb, kMaxInputSide);
            setImage(rgb, tr("pasted image"), QString());
            return true;
        }
    }
    if (mime && mime->hasText()) {  // a path copied as text from a terminal
        const QString text = mime->text().trimmed();
        const QUrl url(text);
        if (url.isLocalFile()) return loadFile(url.toLocalFile());
        if (QFileInfo(text).isAbsolute()) return loadFile(text);
    }
    showError(tr("%1: the clipboard or drop holds no image and no local file").arg(title_));
    return false;
}

void ImageSlot::setImage(const engine::RgbImage& image, const QString& label, const QString& path) {
    image_ = image;
    label_ = label;
    path_ = path;
    fullPixmap_ = QPixmap::fromImage(toQImage(image_));
    clearError();
    const QFileInfo file(path_);
    const qint64 bytes = !path_.isEmpty() && file.isFile() ? file.size() : -1;  // pasted data has no file size
    info_->setText(image_.empty() ? QString() : describeImage(label_, image_.width, image_.height, bytes));
    info_->setToolTip(path_);
    updateThumbnail();
    Q_EMIT imageChanged();
}

QString ImageSlot::infoText() const { return info_->text(); }

void ImageSlot::clearError() {
    error_.clear();
    errorLabel_->clear();
    errorLabel_->setVisible(false);
}

void ImageSlot::showError(const QString& message) {
    error_ = message;
    errorLabel_->setText(message);
    errorLabel_->setVisible(true);
    Q_EMIT loadFailed(message);
}

void ImageSlot::openFileDialog() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open %1 Image").arg(title_), dialogFolder_,
        tr("Images (*.png *.jpg *.jpeg *.webp *.tif *.tiff *.bmp);;All files (*)"));
    if (!file.isEmpty()) loadFile(file);
}

void ImageSlot::paste() { loadMimeData(QApplication::clipboard()->mimeData()); }

void ImageSlot::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!firstLocalFile(mime).isEmpty() || mime->hasImage()) {
        event->acceptProposedAction();
        setHighlighted(true);
    }
}

void ImageSlot::dragLeaveEvent(QDragLeaveEvent*) { setHighlighted(false); }

void ImageSlot::dropEvent(QDropEvent* event) {
    setHighlighted(false);
    if (loadMimeData(event->mimeData())) event->acceptProposedAction();
}

void ImageSlot::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) openFileDialog();
}

void ImageSlot::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Paste)) {
        paste();
        return;
    }
    // A plain Enter opens a file; Ctrl+Return (Start) and other combinations are the window's.
    const bool plain = (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (plain && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        openFileDialog();
        return;
    }
    QFrame::keyPressEvent(event);
}

void ImageSlot::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    updateThumbnail();
}

void ImageSlot::setHighlighted(bool on) {
    setStyleSheet(on ? QStringLiteral("ui--ImageSlot { border: 2px dashed palette(highlight); }") : QString());
}

void ImageSlot::updateThumbnail() {
    if (fullPixmap_.isNull()) return;
    const QSize box = thumbnail_->size().boundedTo(QSize(1024, 1024)) * devicePixelRatioF();
    QPixmap scaled = fullPixmap_.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    scaled.setDevicePixelRatio(devicePixelRatioF());
    thumbnail_->setPixmap(scaled);
}

}  // namespace ui
