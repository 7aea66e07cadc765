#pragma once
// Shows one image: zoom with the wheel around the cursor, pan by dragging, fit or 1:1.
// Takes ready QPixmaps (converted once in the frame slot), so paintEvent only draws.
#include <QPixmap>
#include <QPointF>
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

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void applyFit();
    void announce();

    QPixmap pixmap_;
    QString caption_, placeholder_;
    double zoom_ = 1.0;
    QPointF offset_;
    bool fit_ = true;
    bool dragging_ = false;
    QPointF dragStart_, offsetAtDragStart_;
};

}  // namespace ui
