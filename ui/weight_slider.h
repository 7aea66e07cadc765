#pragma once
// A loss weight: a slider on a logarithmic scale and a numeric field, kept in sync.
// Weights span many decades (style 1e-2 .. 1e6), so a linear slider would be useless.
#include <QWidget>

class QSlider;
class QDoubleSpinBox;
class QLabel;

namespace ui {

class WeightSlider : public QWidget {
    Q_OBJECT
public:
    // Positive values run from minPositive to max on a log scale; with allowZero the slider's
    // leftmost position (and the field) also give exactly 0.
    WeightSlider(const QString& name, double minPositive, double max, bool allowZero, double defaultValue,
                 QWidget* parent = nullptr);

    // What the weight does to the picture, in plain words: the tooltip of the label, slider and field.
    void setExplanation(const QString& text);

    double value() const { return value_; }
    double defaultValue() const { return default_; }
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

    // Slider position <-> value (exposed for tests).
    double valueAtPosition(int position) const;
    int positionOfValue(double value) const;

public Q_SLOTS:
    void setValue(double value);  // clamped; emits valueChanged when it changes
    void resetToDefault() { setValue(default_); }

Q_SIGNALS:
    void valueChanged(double value);

private:
    void onSliderMoved(int position);
    void onSpinChanged(double value);
    void syncWidgets();

    static constexpr int kSteps = 1000;
    double minPositive_, max_, default_;
    bool allowZero_;
    double value_;
    bool syncing_ = false;
    QLabel* label_;
    QSlider* slider_;
    QDoubleSpinBox* spin_;
};

}  // namespace ui
