#pragma once
// Shows one image: zoom with the wheel around the cursor, pan by dragging, fit or 1:1.
// Takes ready QPixmaps (converted once in the frame slot), so paintEvent only draws.
// In paint mode (Paint Regions) the left button paints instead: strokes are reported in the
// picture's own coordinates, 0..1 across and down, whatever the zoom and pan; the right or middle
// button pans. An overlay image (the regions) is drawn over the picture, stretched to it.
#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <QWidget>

namespace ui {

class Canvas : public QWidget {
    Q_OBJECT
public:
    explicit Canvas(QWidget* parent = nullptr);

    void setPixmap(const QPixmap& pixmap);
    const QPixmap& pixmap() const { return pixmap_; }
    void setCaption(const QString& caption);
    // Text shown when there is no image (e.g. where to put the weights).
    void setPlaceholder(const QString& text);
    QString placeholder() const { return placeholder_; }

    // null: none. `changed`: the part of the overlay that changed, in its pixels (null: all of it);
    // only that part of the widget is repainted, so painting a stroke stays cheap at any size.
    void setOverlay(const QImage& overlay, const QRect& changed = QRect());
    const QImage& overlay() const { return overlay_; }
    void setPaintMode(bool on);
    bool paintMode() const { return paintMode_; }
    // Thin dashed outlines of the tiles a run computes the picture in (engine/tiles.h), in the
    // picture's 0..1 coordinates; empty: none.
    void setTileOutlines(const QVector<QRectF>& tiles);
    const QVector<QRectF>& tileOutlines() const { return tiles_; }
    // The brush's radius as a fraction of the picture's width, for the outline under the cursor.
    void setBrushRadius(double fractionOfWidth);
    // Widget position -> the picture's 0..1 coordinates (and back), under the current zoom and pan.
    QPointF toPicture(const QPointF& widgetPos) const;
    QPointF fromPicture(const QPointF& picturePos) const;

    double zoom() const { return zoom_; }  // logical pixels per image pixel
    QPointF offset() const { return offset_; }
    bool isFit() const { return fit_; }

public Q_SLOTS:
    void fitToWindow();
    void actualSize();  // one image pixel per device pixel
    void zoomBy(double factor, const QPointF& anchor);
    // Linked canvases copy each other's view; does not re-emit viewChanged.
    void setView(double zoom, const QPointF& offset, bool fit);

Q_SIGNALS:
    void viewChanged(double zoom, const QPointF& offset, bool fit);
    void strokeStarted(const QPointF& at);  // paint mode; 0..1 picture coordinates
    void strokeMoved(const QPointF& at);
    void strokeEnded();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void applyFit();
    QRect brushOutlineRect(const QPointF& centre) const;  // the widget area the outline covers
    void announce();

    QPixmap pixmap_;
    QString caption_, placeholder_;
    double zoom_ = 1.0;
    QPointF offset_;
    bool fit_ = true;
    bool dragging_ = false;
    QPointF dragStart_, offsetAtDragStart_;
    QImage overlay_;
    QVector<QRectF> tiles_;
    bool paintMode_ = false;
    bool stroking_ = false;
    double brushRadius_ = 0.02;
    QPointF cursor_{-1, -1};  // widget position of the brush outline; negative: none
};

}  // namespace ui
