#pragma once
// Which VGG-19 layers the losses use: style layers conv1_1 ... conv5_1 with relative weights,
// and the content layer. Layers the weights file lacks are greyed out and unticked, with a tooltip
// saying why (the artist's choice comes back with weights that have them).
#include <QStringList>
#include <QWidget>
#include <vector>

#include "engine/params.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace ui {

class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(QWidget* parent = nullptr);

    // What the loaded weights provide; the defaults are applied when the saved choice is empty.
    void setAvailableLayers(const QStringList& available, const QString& weightsFileName);

    // Checked and available layers, in network order.
    std::vector<engine::StyleLayer> styleLayers() const;
    QString contentLayer() const;
    // Restores a choice (unknown or unavailable names are ignored; empty: the model's defaults).
    void setLayers(const std::vector<engine::StyleLayer>& styleLayers, const QString& contentLayer);
    void resetToDefaults();

    QCheckBox* styleCheckBox(const QString& layer) const;
    QDoubleSpinBox* styleWeightBox(const QString& layer) const;
    QComboBox* contentCombo() const { return content_; }

Q_SIGNALS:
    void changed();

private:
    struct Row {
        QString layer;
        QString effect;  // what the layer adds to the picture, for tooltips
        QCheckBox* check;
        QDoubleSpinBox* weight;
        bool wanted;  // ticked by the artist; shown ticked only while the weights have the layer
    };
    std::vector<Row> rows_;
    QComboBox* content_;
    QStringList available_;
    QString wantedContent_;
    bool restoring_ = false;
};

}  // namespace ui
