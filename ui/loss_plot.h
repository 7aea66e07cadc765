#pragma once
// A live plot of the losses (total, content, style, TV) against the iteration, log scale.
// Painted polylines; points are kept per iteration (a few thousand at most).
#include <QPointF>
#include <QVector>
#include <QWidget>

namespace ui {

class LossPlot : public QWidget {
    Q_OBJECT
public:
    enum Series { Total, Content, Style, Tv, SeriesCount };

    explicit LossPlot(QWidget* parent = nullptr);

    void addPoint(int iteration, double total, double content, double style, double tv);
    void clear();
    int pointCount() const { return points_[Total].size(); }

    QSize sizeHint() const override { return {320, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<QPointF> points_[SeriesCount];  // x: iteration, y: log10(loss); non-positive losses skipped
};

}  // namespace ui
