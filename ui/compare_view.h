#pragma once
// The canvas area: one canvas, or in compare mode two canvases side by side with linked zoom
// and pan, plus an optional amplified difference view.
#include <QImage>
#include <QRectF>
#include <QVector>
#include <QWidget>
#include <vector>

class QCheckBox;
class QLabel;

namespace ui {

class Canvas;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);

    void setCompareMode(bool on, const QString& mainCaption, const QString& compareCaption);
    bool compareMode() const { return compare_; }
    // One image per variant; converted to pixmaps here, once.
    void showImages(const std::vector<QImage>& images);
    void setPlaceholder(const QString& text);
    void clear();
    // The tiles the run computes in (Canvas::setTileOutlines), on the picture canvases.
    void setTileOutlines(const QVector<QRectF>& tiles);

    Canvas* canvas(int index) const { return canvases_[index]; }
    Canvas* differenceCanvas() const { return difference_; }
    QCheckBox* differenceCheck() const { return differenceCheck_; }
    bool differenceShown() const;

public Q_SLOTS:
    void fitToWindow();
    void actualSize();

private:
    void updateVisibility();
    void updateDifference();

    Canvas* canvases_[2];
    Canvas* difference_;
    QCheckBox* differenceCheck_;
    std::vector<QImage> images_;
    bool compare_ = false;
};

}  // namespace ui
