#pragma once
// Under the canvas: the iterations the run's history keeps (record/run_history.h) along a strip,
// the loss curve behind them, a tick for each snapshot and a marker at the iteration shown. Click
// or drag to show an iteration, the wheel to step through the kept ones; "live" follows the
// newest as it comes. The window adds Alt+Left / Alt+Right / End and the Live button.
#include <QWidget>
#include <vector>

namespace record {
class RunHistory;
}

namespace ui {

class Timeline : public QWidget {
    Q_OBJECT
public:
    explicit Timeline(QWidget* parent = nullptr);

    // The history to draw (not owned; may be null). Call update() when it changed.
    void setHistory(const record::RunHistory* history) { history_ = history; update(); }
    // The iterations the axis spans: the run's first and last (so it does not rescale as it runs).
    void setRange(int first, int last);

    // The iteration shown, or -1 when following the newest.
    int shownIteration() const { return shown_; }
    bool isLive() const { return shown_ < 0; }
    // Shows the kept iteration nearest to `iteration` and emits iterationChosen; the newest goes live.
    void showIteration(int iteration);
    // By `steps` kept iterations from the one shown (from the newest when live).
    void step(int steps);
    void goLive();
    // Whether an iteration is kept beside the one shown (the context menu offers to stop that).
    void setBesideShown(bool shown) { besideShown_ = shown; }
    // false for a branch that is not running: its newest iteration is one to look at like any
    // other, not "live" (which follows the running branch).
    void setFollowsNewest(bool follows) { followsNewest_ = follows; }
    // The iterations the lineage shown branched at (a dashed line each).
    void setBranchPoints(std::vector<int> iterations) { branchPoints_ = std::move(iterations); update(); }

    QSize sizeHint() const override { return {400, 40}; }

Q_SIGNALS:
    void iterationChosen(int iteration);  // an earlier iteration to show
    void liveChosen();                    // back to the newest, as it comes
    void continueRequested(int iteration, int variant);  // the context menu's "Continue from Here"
    void besideRequested(int iteration);  // "Keep Beside": -1 to stop

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QRectF plotArea() const;
    int iterationAt(double x) const;  // the kept iteration nearest to a point on the strip
    double xOf(int iteration) const;

    const record::RunHistory* history_ = nullptr;
    int first_ = 0, last_ = 1;
    int shown_ = -1;
    bool besideShown_ = false;
    bool followsNewest_ = true;
    std::vector<int> branchPoints_;
};

}  // namespace ui
