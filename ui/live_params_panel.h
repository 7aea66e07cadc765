#pragma once
// The parameters that may change during a run (engine::Params' "live" block): loss weights,
// layers, style loss mode, compare mode, colours, style scale, learning rate. Every change emits changed();
// the window forwards it to the worker, which applies it at the next iteration.
#include <QWidget>

#include "engine/params.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace ui {

class LayerPanel;
class WeightSlider;

class LiveParamsPanel : public QWidget {
    Q_OBJECT
public:
    explicit LiveParamsPanel(QWidget* parent = nullptr);

    void writeTo(engine::Params& params) const;  // sets only the live fields
    void readFrom(const engine::Params& params);  // no changed() while restoring, one at the end
    void resetToDefaults();

    WeightSlider* contentWeight() const { return content_; }
    WeightSlider* styleWeight() const { return style_; }
    WeightSlider* tvWeight() const { return tv_; }
    LayerPanel* layers() const { return layers_; }
    QComboBox* styleLossCombo() const { return styleLoss_; }
    QCheckBox* compareCheck() const { return compare_; }
    QComboBox* compareLossCombo() const { return compareLoss_; }
    QDoubleSpinBox* learningRateBox() const { return learningRate_; }
    QComboBox* colorCombo() const { return colors_; }
    WeightSlider* styleScale() const { return styleScale_; }
    QDoubleSpinBox* tvExponentBox() const { return tvExponent_; }
    QComboBox* poolingCombo() const { return pooling_; }
    QDoubleSpinBox* rateDecayBox() const { return rateDecay_; }

Q_SIGNALS:
    void changed();

private:
    void emitChanged();

    WeightSlider* content_;
    WeightSlider* style_;
    WeightSlider* tv_;
    LayerPanel* layers_;
    QComboBox* styleLoss_;
    QCheckBox* compare_;
    QComboBox* compareLoss_;
    QComboBox* colors_;
    WeightSlider* styleScale_;
    QDoubleSpinBox* learningRate_;
    QDoubleSpinBox* tvExponent_;
    QComboBox* pooling_;
    QDoubleSpinBox* rateDecay_;
    QSpinBox* rateDecaySteps_;
    bool restoring_ = false;
};

// Fills a combo with the four style loss modes (data: the engine's enum as int).
void addStyleLossModes(QComboBox* combo);

}  // namespace ui
