#include "ui/layer_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace ui {
namespace {

const QStringList kStyleLayers = {"conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"};
const QStringList kAllLayers = {"conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2",
                                "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4",
                                "conv5_1", "conv5_2", "conv5_3", "conv5_4"};

QString preferredContentLayer(const QStringList& available) {
    if (available.contains(QStringLiteral("conv4_2"))) return QStringLiteral("conv4_2");  // Gatys et al.
    for (auto it = available.crbegin(); it != available.crend(); ++it)
        if (it->endsWith(QStringLiteral("_2"))) return *it;
    return available.isEmpty() ? QString() : available.back();
}

}  // namespace

LayerPanel::LayerPanel(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("Style layers"), this), 0, 0);
    grid->addWidget(new QLabel(tr("Weight"), this), 0, 1);
    int row = 1;
    for (const QString& layer : kStyleLayers) {
        auto* check = new QCheckBox(layer, this);
        check->setObjectName(layer + QStringLiteral("Check"));
        check->setChecked(true);
        auto* weight = new QDoubleSpinBox(this);
        weight->setObjectName(layer + QStringLiteral("Weight"));
        weight->setRange(0.0, 100.0);
        weight->setDecimals(2);
        weight->setSingleStep(0.1);
        weight->setValue(1.0);
        weight->setKeyboardTracking(false);
        weight->setToolTip(tr("Relative weight of %1 in the style loss").arg(layer));
        grid->addWidget(check, row, 0);
        grid->addWidget(weight, row, 1);
        rows_.push_back({layer, check, weight});
        connect(check, &QCheckBox::toggled, this, [this, weight](bool on) {
            weight->setEnabled(on && weight->property("available").toBool());
            if (!restoring_) Q_EMIT changed();
        });
        connect(weight, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!restoring_) Q_EMIT changed();
        });
        ++row;
    }
    grid->addWidget(new QLabel(tr("Content layer"), this), row, 0);
    content_ = new QComboBox(this);
    content_->setObjectName(QStringLiteral("contentLayerCombo"));
    content_->setToolTip(tr("The layer whose activations the result must keep from the content image"));
    grid->addWidget(content_, row, 1);
    connect(content_, &QComboBox::currentTextChanged, this, [this] {
        if (!restoring_) Q_EMIT changed();
    });
    setAvailableLayers({}, QString());
}

void LayerPanel::setAvailableLayers(const QStringList& available, const QString& weightsFileName) {
    const QString previousContent = wantedContent_.isEmpty() ? contentLayer() : wantedContent_;
    available_ = available;
    restoring_ = true;
    for (const Row& row : rows_) {
        const bool has = available.contains(row.layer);
        row.check->setEnabled(has);
        row.weight->setProperty("available", has);
        row.weight->setEnabled(has && row.check->isChecked());
        const QString why =
            available.isEmpty()
                ? tr("No weights loaded yet")
                : tr("%1 is not in %2; download the full network with gramstudio-cli fetch-weights")
                      .arg(row.layer, weightsFileName);
        row.check->setToolTip(has ? tr("Use %1 in the style loss").arg(row.layer) : why);
    }
    content_->clear();
    for (const QString& layer : kAllLayers)
        if (available.contains(layer)) content_->addItem(layer);
    restoring_ = false;
    const int index = content_->findText(previousContent);
    content_->setCurrentIndex(index >= 0 ? index : content_->findText(preferredContentLayer(available)));
    Q_EMIT changed();
}

std::vector<engine::StyleLayer> LayerPanel::styleLayers() const {
    std::vector<engine::StyleLayer> layers;
    for (const Row& row : rows_)
        if (row.check->isChecked() && row.check->isEnabled())
            layers.push_back({row.layer.toStdString(), row.weight->value()});
    return layers;
}

QString LayerPanel::contentLayer() const { return content_->currentText(); }

void LayerPanel::setLayers(const std::vector<engine::StyleLayer>& styleLayers, const QString& contentLayer) {
    wantedContent_ = contentLayer;  // kept for when the weights (and so the combo's items) arrive
    restoring_ = true;
    for (const Row& row : rows_) {
        bool wanted = styleLayers.empty();  // empty: every available conv*_1 layer (the model's default)
        double weight = 1.0;
        for (const auto& layer : styleLayers)
            if (QString::fromStdString(layer.name) == row.layer) {
                wanted = true;
                weight = layer.weight;
            }
        row.check->setChecked(wanted);
        row.weight->setValue(weight);
    }
    const int index = content_->findText(contentLayer);
    if (index >= 0) content_->setCurrentIndex(index);
    else content_->setCurrentIndex(content_->findText(preferredContentLayer(available_)));
    restoring_ = false;
    Q_EMIT changed();
}

void LayerPanel::resetToDefaults() { setLayers({}, QString()); }

QCheckBox* LayerPanel::styleCheckBox(const QString& layer) const {
    for (const Row& row : rows_)
        if (row.layer == layer) return row.check;
    return nullptr;
}

QDoubleSpinBox* LayerPanel::styleWeightBox(const QString& layer) const {
    for (const Row& row : rows_)
        if (row.layer == layer) return row.weight;
    return nullptr;
}

}  // namespace ui
