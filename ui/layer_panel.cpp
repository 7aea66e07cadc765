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
// What each style layer adds to the picture, in an artist's words: early layers see small
// patches of the image, deeper layers larger ones.
const char* const kStyleLayerEffects[] = {
    QT_TRANSLATE_NOOP("ui::LayerPanel", "fine brush texture: grain, small strokes, colour speckle"),
    QT_TRANSLATE_NOOP("ui::LayerPanel", "brush strokes and small patterns"),
    QT_TRANSLATE_NOOP("ui::LayerPanel", "larger strokes and repeating patterns"),
    QT_TRANSLATE_NOOP("ui::LayerPanel", "larger shapes and motifs (swirls, patches of colour)"),
    QT_TRANSLATE_NOOP("ui::LayerPanel", "the painting's largest shapes and motifs")};
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
    for (qsizetype i = 0; i < kStyleLayers.size(); ++i) {
        const QString& layer = kStyleLayers[i];
        const QString effect = tr(kStyleLayerEffects[i]);
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
        weight->setToolTip(tr("How much %1 (%2) counts against the other ticked layers; 0 leaves it out")
                               .arg(layer, effect));
        grid->addWidget(check, row, 0);
        grid->addWidget(weight, row, 1);
        rows_.push_back({layer, effect, check, weight, true});
        connect(check, &QCheckBox::toggled, this, [this, weight, index = rows_.size() - 1](bool on) {
            if (!restoring_) rows_[index].wanted = on;  // the artist's choice, kept while unavailable
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
    content_->setToolTip(tr("How much of the photo the picture keeps: an earlier layer (conv2_2, conv3_2) keeps "
                            "its exact edges and fine detail, a deeper one (conv4_2) keeps only the layout and "
                            "lets the painting redraw the rest"));
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
        row.check->setChecked(has && row.wanted);  // greyed out is shown unticked: it takes no part
        row.weight->setProperty("available", has);
        row.weight->setEnabled(has && row.check->isChecked());
        const QString why =
            available.isEmpty()
                ? tr("No weights loaded yet")
                : tr("%1 is not in %2; download the full network with Help > Download the Full Network")
                      .arg(row.layer, weightsFileName);
        row.check->setToolTip(has ? tr("%1: %2. Tick to take it from the painting").arg(row.layer, row.effect)
                                  : tr("%1 (%2): %3").arg(row.layer, row.effect, why));
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
    for (Row& row : rows_) {
        bool wanted = styleLayers.empty();  // empty: every available conv*_1 layer (the model's default)
        double weight = 1.0;
        for (const auto& layer : styleLayers)
            if (QString::fromStdString(layer.name) == row.layer) {
                wanted = true;
                weight = layer.weight;
            }
        row.wanted = wanted;
        row.check->setChecked(wanted && available_.contains(row.layer));
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
