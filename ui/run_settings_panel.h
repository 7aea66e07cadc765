#pragma once
// The parameters fixed for a run (size, iterations, optimizer, start image, seed, scales, whether
// a scanned frame is cut off the paintings) and
// the snapshot interval. The window disables this panel while a run is going: changes apply at
// the next Start.
#include <QWidget>

#include "engine/params.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace ui {

class RunSettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunSettingsPanel(QWidget* parent = nullptr);

    void writeTo(engine::Params& params) const;  // sets only the fixed fields
    void readFrom(const engine::Params& params);

    // Scales chosen by the size (engine/preview_scales.h), the default: the box shows "Auto (N)".
    // readFrom shows a run's own number; the window keeps the choice of Auto in its settings.
    bool scalesAuto() const;
    void setScalesAuto(bool automatic);  // false keeps the number shown

    int snapshotEvery() const;  // 0: no automatic snapshots
    void setSnapshotEvery(int iterations);
    // How much memory the timeline's history may take (a preference, not a run parameter).
    int historyBudgetMiB() const;
    void setHistoryBudgetMiB(int mebibytes);
    // The most memory a run may use (a preference): 0, the default, is the memory available; a
    // run larger than the limit is computed in tiles (engine/memory_estimate.h).
    int memoryLimitMiB() const;
    void setMemoryLimitMiB(int mebibytes);

    QSpinBox* sizeBox() const { return size_; }
    QSpinBox* iterationsBox() const { return iterations_; }
    QSpinBox* snapshotEveryBox() const { return snapshotEvery_; }
    QCheckBox* trimFrameBox() const { return trimFrame_; }
    QSpinBox* historyBudgetBox() const { return historyBudget_; }
    QSpinBox* memoryLimitBox() const { return memoryLimit_; }
    QSpinBox* scalesBox() const { return scales_; }

private:
    int autoScales() const;
    void showAutoScales();

    QSpinBox* size_;
    QSpinBox* iterations_;
    QComboBox* optimizer_;
    QComboBox* init_;
    QSpinBox* seed_;
    QSpinBox* scales_;
    QSpinBox* snapshotEvery_;
    QCheckBox* trimFrame_;
    QSpinBox* historyBudget_;
    QSpinBox* memoryLimit_;
};

}  // namespace ui
