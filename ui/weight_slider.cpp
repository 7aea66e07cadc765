#include "ui/weight_slider.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <algorithm>
#include <cmath>

namespace ui {

WeightSlider::WeightSlider(const QString& name, double minPositive, double max, bool allowZero, double defaultValue,
                           QWidget* parent)
    : QWidget(parent), minPositive_(minPositive), max_(max), default_(defaultValue), allowZero_(allowZero),
      value_(defaultValue) {
    label_ = new QLabel(name, this);
    label_->setMinimumWidth(56);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, kSteps);
    slider_->setObjectName(name + QStringLiteral("Slider"));
    slider_->setToolTip(tr("%1 weight (logarithmic scale)").arg(name));
    spin_ = new QDoubleSpinBox(this);
    spin_->setObjectName(name + QStringLiteral("Spin"));
    spin_->setRange(allowZero ? 0.0 : minPositive, max);
    spin_->setDecimals(minPositive < 0.1 ? 3 : 2);
    spin_->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    spin_->setKeyboardTracking(false);  // apply when the user finishes typing, not per keystroke
    spin_->setMinimumWidth(96);
    label_->setBuddy(spin_);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);

    connect(slider_, &QSlider::valueChanged, this, &WeightSlider::onSliderMoved);
    connect(spin_, &QDoubleSpinBox::valueChanged, this, &WeightSlider::onSpinChanged);
    syncWidgets();
}

void WeightSlider::setExplanation(const QString& text) {
    for (QWidget* widget : {static_cast<QWidget*>(label_), static_cast<QWidget*>(slider_), static_cast<QWidget*>(spin_)})
        widget->setToolTip(text);
}

double WeightSlider::valueAtPosition(int position) const {
    const int first = allowZero_ ? 1 : 0;
    if (allowZero_ && position <= 0) return 0.0;
    const double t = static_cast<double>(position - first) / (kSteps - first);
    const double logValue = std::log10(minPositive_) + t * (std::log10(max_) - std::log10(minPositive_));
    // Round to 3 significant digits so slider values read cleanly in the field.
    const double raw = std::pow(10.0, logValue);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)) - 2);
    return std::clamp(std::round(raw / magnitude) * magnitude, minPositive_, max_);
}

int WeightSlider::positionOfValue(double value) const {
    const int first = allowZero_ ? 1 : 0;
    if (value <= 0.0) return allowZero_ ? 0 : first;
    const double clamped = std::clamp(value, minPositive_, max_);
    const double t = (std::log10(clamped) - std::log10(minPositive_)) / (std::log10(max_) - std::log10(minPositive_));
    return first + static_cast<int>(std::lround(t * (kSteps - first)));
}

void WeightSlider::setValue(double value) {
    const double lowest = allowZero_ ? 0.0 : minPositive_;
    value = std::clamp(value, lowest, max_);
    if (allowZero_ && value > 0.0 && value < minPositive_) value = minPositive_;
    if (value == value_) {
        syncWidgets();
        return;
    }
    value_ = value;
    syncWidgets();
    Q_EMIT valueChanged(value_);
}

void WeightSlider::onSliderMoved(int position) {
    if (syncing_) return;
    // Keep the typed value when the slider merely re-rounds it.
    if (positionOfValue(value_) == position) return;
    setValue(valueAtPosition(position));
}

void WeightSlider::onSpinChanged(double value) {
    if (syncing_) return;
    setValue(value);
}

void WeightSlider::syncWidgets() {
    syncing_ = true;
    slider_->setValue(positionOfValue(value_));
    spin_->setValue(value_);
    syncing_ = false;
}

}  // namespace ui
