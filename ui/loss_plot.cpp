#include "ui/loss_plot.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {

const QColor kColors[] = {QColor(0xe0, 0xe0, 0xe0), QColor(0x4f, 0xc3, 0xf7), QColor(0xff, 0xb7, 0x4d),
                          QColor(0x81, 0xc7, 0x84)};
const char* const kNames[] = {QT_TRANSLATE_NOOP("LossPlot", "total"), QT_TRANSLATE_NOOP("LossPlot", "content"),
                              QT_TRANSLATE_NOOP("LossPlot", "style"), QT_TRANSLATE_NOOP("LossPlot", "TV")};

}  // namespace

LossPlot::LossPlot(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(120);
    setObjectName(QStringLiteral("lossPlot"));
}

void LossPlot::addPoint(int iteration, double total, double content, double style, double tv) {
    const double values[] = {total, content, style, tv};
    for (int s = 0; s < SeriesCount; ++s)
        if (values[s] > 0.0 && std::isfinite(values[s])) {
            auto& series = points_[s];
            // A restarted plot or a repeated frame must not draw backwards.
            if (!series.isEmpty() && series.back().x() >= iteration) continue;
            series.append(QPointF(iteration, std::log10(values[s])));
        }
    update();
}

void LossPlot::clear() {
    for (auto& series : points_) series.clear();
    update();
}

void LossPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), QColor(0x23, 0x23, 0x26));
    const QRectF area = QRectF(rect()).adjusted(44, 10, -10, -22);
    painter.setPen(QColor(0x88, 0x88, 0x8c));
    painter.drawRect(area);

    double minX = 0, maxX = 1, minY = 0, maxY = 0;
    bool any = false;
    for (const auto& series : points_)
        for (const QPointF& p : series) {
            if (!any) {
                minY = maxY = p.y();
                any = true;
            }
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
    if (!any) {
        painter.drawText(area, Qt::AlignCenter, tr("Losses appear here during a run"));
        return;
    }
    minY = std::floor(minY);
    maxY = std::max(std::ceil(maxY), minY + 1);
    auto map = [&](const QPointF& p) {
        return QPointF(area.left() + (p.x() - minX) / (maxX - minX) * area.width(),
                       area.bottom() - (p.y() - minY) / (maxY - minY) * area.height());
    };

    // Decade grid lines with 10^k labels.
    const int decades = static_cast<int>(maxY - minY);
    const int stride = std::max(1, decades / 5);
    for (int k = static_cast<int>(minY); k <= static_cast<int>(maxY); k += stride) {
        const double y = map(QPointF(minX, k)).y();
        painter.setPen(QColor(0x3a, 0x3a, 0x3e));
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(QColor(0xa0, 0xa0, 0xa4));
        painter.drawText(QRectF(0, y - 8, area.left() - 4, 16), Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("1e%1").arg(k));
    }
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 18), Qt::AlignRight,
                     tr("iteration %1").arg(static_cast<int>(maxX)));

    for (int s = 0; s < SeriesCount; ++s) {
        if (points_[s].isEmpty()) continue;
        QPainterPath path(map(points_[s].front()));
        for (const QPointF& p : points_[s]) path.lineTo(map(p));
        painter.setPen(QPen(kColors[s], s == Total ? 2.0 : 1.4));
        painter.drawPath(path);
    }
    // Legend.
    double x = area.left() + 8;
    for (int s = 0; s < SeriesCount; ++s) {
        const QString name = tr(kNames[s]);
        painter.setPen(QPen(kColors[s], 3));
        painter.drawLine(QPointF(x, area.top() + 10), QPointF(x + 14, area.top() + 10));
        painter.setPen(QColor(0xe0, 0xe0, 0xe0));
        painter.drawText(QPointF(x + 18, area.top() + 14), name);
        x += 26 + painter.fontMetrics().horizontalAdvance(name);
    }
}

}  // namespace ui
