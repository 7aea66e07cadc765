#include "ui/canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 32.0;
}  // namespace

Canvas::Canvas(QWidget* parent) : QWidget(parent) {
    setMinimumSize(160, 120);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(false);
    // Clicking the picture takes the focus from a field, so Space pauses and Esc stops again.
    setFocusPolicy(Qt::ClickFocus);
    setToolTip(tr("Wheel: zoom around the cursor · drag: pan · double-click: fit"));
}

void Canvas::setPixmap(const QPixmap& pixmap) {
    const bool sizeChanged = pixmap.size() != pixmap_.size();
    if (sizeChanged && !pixmap_.isNull() && !fit_ && !pixmap.isNull()) {
        // Multi-scale runs grow the image: keep the same region in view.
        const double ratio = static_cast<double>(pixmap_.width()) / pixmap.width();
        zoom_ = std::clamp(zoom_ * ratio, kMinZoom, kMaxZoom);
    }
    pixmap_ = pixmap;
    if (fit_ || sizeChanged) {
        if (fit_) applyFit();
    }
    update();
}

void Canvas::setOverlay(const QImage& overlay, const QRect& changed) {
    const bool whole = changed.isNull() || overlay.isNull() || overlay_.isNull() || pixmap_.isNull();
    overlay_ = overlay;
    if (whole) return update();
    const double sx = static_cast<double>(pixmap_.width()) / overlay_.width() * zoom_;
    const double sy = static_cast<double>(pixmap_.height()) / overlay_.height() * zoom_;
    const QRectF area(offset_.x() + changed.x() * sx, offset_.y() + changed.y() * sy, changed.width() * sx,
                      changed.height() * sy);
    update(area.toAlignedRect().adjusted(-2, -2, 2, 2));
}

QRect Canvas::brushOutlineRect(const QPointF& centre) const {
    const double r = brushRadius_ * pixmap_.width() * zoom_ + 3;
    return QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r).toAlignedRect();
}

void Canvas::setPaintMode(bool on) {
    if (on == paintMode_) return;
    paintMode_ = on;
    setMouseTracking(on);  // the brush outline follows the cursor
    if (stroking_) Q_EMIT strokeEnded();
    stroking_ = false;
    cursor_ = QPointF(-1, -1);
    setToolTip(on ? tr("Paint mode: drag to paint · right or middle drag: pan · wheel: zoom · [ and ]: brush size")
                  : tr("Wheel: zoom around the cursor · drag: pan · double-click: fit"));
    update();
}

void Canvas::setBrushRadius(double fractionOfWidth) {
    brushRadius_ = fractionOfWidth;
    update();
}

QPointF Canvas::toPicture(const QPointF& widgetPos) const {
    if (pixmap_.isNull()) return {};
    const QPointF image = (widgetPos - offset_) / zoom_;
    return {image.x() / pixmap_.width(), image.y() / pixmap_.height()};
}

QPointF Canvas::fromPicture(const QPointF& picturePos) const {
    return offset_ + QPointF(picturePos.x() * pixmap_.width(), picturePos.y() * pixmap_.height()) * zoom_;
}

void Canvas::setCaption(const QString& caption) {
    caption_ = caption;
    update();
}

void Canvas::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void Canvas::applyFit() {
    if (pixmap_.isNull()) return;
    const QSizeF image = QSizeF(pixmap_.size());
    const double margin = 8.0;
    zoom_ = std::min((width() - 2 * margin) / image.width(), (height() - 2 * margin) / image.height());
    zoom_ = std::clamp(zoom_, kMinZoom, kMaxZoom);
    offset_ = QPointF((width() - image.width() * zoom_) / 2.0, (height() - image.height() * zoom_) / 2.0);
}

void Canvas::fitToWindow() {
    fit_ = true;
    applyFit();
    update();
    announce();
}

void Canvas::actualSize() {
    const QPointF center(width() / 2.0, height() / 2.0);
    zoomBy((1.0 / devicePixelRatioF()) / zoom_, center);
}

void Canvas::zoomBy(double factor, const QPointF& anchor) {
    const double newZoom = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
    const QPointF imagePoint = (anchor - offset_) / zoom_;  // stays under the anchor
    zoom_ = newZoom;
    offset_ = anchor - imagePoint * zoom_;
    fit_ = false;
    update();
    announce();
}

void Canvas::setView(double zoom, const QPointF& offset, bool fit) {
    fit_ = fit;
    if (fit_) {
        applyFit();
    } else {
        zoom_ = zoom;
        offset_ = offset;
    }
    update();
}

void Canvas::announce() { Q_EMIT viewChanged(zoom_, offset_, fit_); }

void Canvas::setTileOutlines(const QVector<QRectF>& tiles) {
    if (tiles == tiles_) return;
    tiles_ = tiles;
    update();
}

void Canvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x2b, 0x2b, 0x2e));
    if (pixmap_.isNull()) {
        painter.setPen(QColor(0xc8, 0xc8, 0xcc));
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         placeholder_.isEmpty() ? tr("Choose a content and a style image, then press Start")
                                                : placeholder_);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 1.0);
    const QRectF target(offset_, QSizeF(pixmap_.size()) * zoom_);
    painter.drawPixmap(target, pixmap_, QRectF(pixmap_.rect()));
    if (!overlay_.isNull()) painter.drawImage(target, overlay_, QRectF(overlay_.rect()));
    if (!tiles_.isEmpty()) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(255, 255, 255, 150), 1, Qt::DashLine));
        for (const QRectF& tile : tiles_)
            painter.drawRect(QRectF(target.left() + tile.left() * target.width(), target.top() + tile.top() * target.height(),
                                    tile.width() * target.width(), tile.height() * target.height()));
    }
    if (paintMode_ && cursor_.x() >= 0) {
        const double r = brushRadius_ * pixmap_.width() * zoom_;
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
        painter.drawEllipse(cursor_, r, r);
        painter.setPen(QPen(QColor(255, 255, 255, 220), 1));
        painter.drawEllipse(cursor_, r, r);
    }
    if (!caption_.isEmpty()) {
        const QRect box = painter.fontMetrics().boundingRect(caption_).adjusted(-6, -3, 6, 3);
        const QRect placed = box.translated(8 - box.left(), 8 - box.top());
        painter.fillRect(placed, QColor(0, 0, 0, 150));
        painter.setPen(Qt::white);
        painter.drawText(placed, Qt::AlignCenter, caption_);
    }
}

void Canvas::resizeEvent(QResizeEvent*) {
    if (fit_) applyFit();
}

void Canvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0 || pixmap_.isNull()) return;
    zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void Canvas::mousePressEvent(QMouseEvent* event) {
    if (paintMode_ && event->button() == Qt::LeftButton && !pixmap_.isNull()) {
        stroking_ = true;
        Q_EMIT strokeStarted(toPicture(event->position()));
        return;
    }
    const bool pan = paintMode_ ? event->button() == Qt::RightButton || event->button() == Qt::MiddleButton
                                : event->button() == Qt::LeftButton;
    if (!pan) return;
    dragging_ = true;
    dragStart_ = event->position();
    offsetAtDragStart_ = offset_;
    setCursor(Qt::ClosedHandCursor);
}

void Canvas::mouseMoveEvent(QMouseEvent* event) {
    if (paintMode_) {
        if (cursor_.x() >= 0) update(brushOutlineRect(cursor_));
        cursor_ = event->position();
        update(brushOutlineRect(cursor_));
        if (stroking_) Q_EMIT strokeMoved(toPicture(event->position()));
    }
    if (!dragging_) return;
    offset_ = offsetAtDragStart_ + (event->position() - dragStart_);
    fit_ = false;
    update();
    announce();
}

void Canvas::mouseReleaseEvent(QMouseEvent* event) {
    if (stroking_ && event->button() == Qt::LeftButton) {
        stroking_ = false;
        Q_EMIT strokeEnded();
        return;
    }
    dragging_ = false;
    unsetCursor();
}

void Canvas::mouseDoubleClickEvent(QMouseEvent*) {
    if (!paintMode_) fitToWindow();  // in paint mode a double click is two dabs
}

void Canvas::leaveEvent(QEvent*) {
    if (cursor_.x() < 0) return;
    cursor_ = QPointF(-1, -1);
    update();
}

}  // namespace ui
