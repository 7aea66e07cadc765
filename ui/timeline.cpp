#include "ui/timeline.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "record/run_history.h"

namespace ui {

Timeline::Timeline(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("timeline"));
    setMinimumHeight(34);
    setFocusPolicy(Qt::ClickFocus);
    setToolTip(tr("Every iteration of the run, with its loss behind. Click or drag to look at an earlier one "
                  "(the run goes on), scroll or Alt+Left / Alt+Right to step, End or Live for the newest; "
                  "right-click to continue from the one shown"));
}

void Timeline::setRange(int first, int last) {
    first_ = first;
    last_ = std::max(first + 1, last);
    update();
}

QRectF Timeline::plotArea() const { return QRectF(rect()).adjusted(6, 4, -6, -4); }

double Timeline::xOf(int iteration) const {
    const QRectF area = plotArea();
    return area.left() + double(iteration - first_) / (last_ - first_) * area.width();
}

int Timeline::iterationAt(double x) const {
    if (!history_ || history_->empty()) return -1;
    const QRectF area = plotArea();
    const int iteration = first_ + static_cast<int>(std::lround((x - area.left()) / area.width() * (last_ - first_)));
    return history_->entries()[history_->nearest(iteration)].iteration;
}

void Timeline::showIteration(int iteration) {
    if (!history_ || history_->empty()) return;
    const int kept = history_->entries()[history_->nearest(iteration)].iteration;
    if (kept == history_->entries().back().iteration && followsNewest_) {
        goLive();
        return;
    }
    shown_ = kept;
    update();
    Q_EMIT iterationChosen(kept);
}

void Timeline::step(int steps) {
    if (!history_ || history_->empty()) return;
    const int size = static_cast<int>(history_->size());
    const int from = isLive() ? size - 1 : history_->nearest(shown_);
    showIteration(history_->entries()[std::clamp(from + steps, 0, size - 1)].iteration);
}

void Timeline::goLive() {
    const bool was = isLive();
    shown_ = -1;
    update();
    if (!was) Q_EMIT liveChosen();
}

void Timeline::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const int iteration = iterationAt(event->position().x());
    if (iteration >= 0) showIteration(iteration);
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton)) return;
    const int iteration = iterationAt(event->position().x());
    if (iteration >= 0 && iteration != (isLive() ? history_->entries().back().iteration : shown_))
        showIteration(iteration);
}

void Timeline::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
    if (delta == 0) return;
    step(delta > 0 ? -1 : 1);  // away from you: back in time
    event->accept();
}

void Timeline::contextMenuEvent(QContextMenuEvent* event) {
    if (!history_ || history_->empty()) return;
    const int iteration = isLive() ? history_->entries().back().iteration : shown_;
    const auto& entry = history_->entries()[history_->nearest(iteration)];
    QMenu menu(this);
    if (entry.images().size() >= 2) {
        menu.addAction(tr("Continue from Iteration %1 (left picture)").arg(iteration), this,
                       [this, iteration] { Q_EMIT continueRequested(iteration, 0); });
        menu.addAction(tr("Continue from Iteration %1 (right picture)").arg(iteration), this,
                       [this, iteration] { Q_EMIT continueRequested(iteration, 1); });
    } else {
        menu.addAction(tr("Continue from Iteration %1").arg(iteration), this,
                       [this, iteration] { Q_EMIT continueRequested(iteration, 0); });
    }
    menu.addSeparator();
    menu.addAction(tr("Keep Iteration %1 Beside").arg(iteration), this, [this, iteration] { Q_EMIT besideRequested(iteration); });
    if (besideShown_) menu.addAction(tr("Stop Showing Side by Side"), this, [this] { Q_EMIT besideRequested(-1); });
    menu.exec(event->globalPos());
}

void Timeline::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), QColor(0x23, 0x23, 0x26));
    const QRectF area = plotArea();
    if (!history_ || history_->empty()) {
        painter.setPen(QColor(0x88, 0x88, 0x8c));
        painter.drawText(area, Qt::AlignCenter, tr("Every iteration of a run appears here"));
        return;
    }
    const auto& entries = history_->entries();
    // The loss curve (log scale), filled, behind everything.
    double low = INFINITY, high = -INFINITY;
    for (const auto& e : entries)
        if (e.losses.total > 0) {
            low = std::min(low, std::log10(e.losses.total));
            high = std::max(high, std::log10(e.losses.total));
        }
    if (low < high) {
        QPainterPath curve(QPointF(xOf(entries.front().iteration), area.bottom()));
        for (const auto& e : entries)
            if (e.losses.total > 0)
                curve.lineTo(xOf(e.iteration), area.bottom() - (std::log10(e.losses.total) - low) / (high - low) *
                                                                    area.height() * 0.9);
        curve.lineTo(xOf(entries.back().iteration), area.bottom());
        painter.fillPath(curve, QColor(0x4f, 0xc3, 0xf7, 60));
        painter.setPen(QPen(QColor(0x4f, 0xc3, 0xf7, 160), 1.2));
        painter.drawPath(curve);
    }
    // Branch points: where the lineage shown went on as a new run.
    painter.setPen(QPen(QColor(0xce, 0x93, 0xd8), 1.5, Qt::DashLine));
    for (const int at : branchPoints_)
        if (at >= first_ && at <= last_) painter.drawLine(QPointF(xOf(at), area.top()), QPointF(xOf(at), area.bottom()));
    // Snapshots: ticks along the top.
    painter.setPen(QPen(QColor(0xff, 0xb7, 0x4d), 2));
    for (const auto& e : entries)
        if (e.pinned) painter.drawLine(QPointF(xOf(e.iteration), area.top()), QPointF(xOf(e.iteration), area.top() + 6));
    // The iteration shown: white when looking back, green when live.
    const int shown = isLive() ? entries.back().iteration : shown_;
    const double x = xOf(shown);
    painter.setPen(QPen(isLive() ? QColor(0x81, 0xc7, 0x84) : QColor(Qt::white), 2));
    painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    painter.setPen(QColor(0xe0, 0xe0, 0xe0));
    const QString label = isLive() ? tr("live · %1").arg(shown) : tr("%1").arg(shown);
    const QRectF box(std::min(x + 4, area.right() - 80), area.top(), 80, area.height());
    painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, label);
}

}  // namespace ui
