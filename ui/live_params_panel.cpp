#include "ui/live_params_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/layer_panel.h"
#include "ui/weight_slider.h"

namespace ui {

void addStyleLossModes(QComboBox* combo) {
    combo->addItem(QObject::tr("Full Gram"), static_cast<int>(engine::StyleLossMode::Full));
    combo->addItem(QObject::tr("Diagonal"), static_cast<int>(engine::StyleLossMode::Diagonal));
    combo->addItem(QObject::tr("Mean + Std"), static_cast<int>(engine::StyleLossMode::MeanStd));
    combo->addItem(QObject::tr("Wasserstein (W2)"), static_cast<int>(engine::StyleLossMode::W2));
}

namespace {

// Each mode's own tooltip in the list.
void addStyleLossTips(QComboBox* combo) {
    const std::pair<engine::StyleLossMode, QString> tips[] = {
        {engine::StyleLossMode::Full,
         QObject::tr("Full Gram: copies whole patterns and strokes, which features appear together (the classic method)")},
        {engine::StyleLossMode::Diagonal,
         QObject::tr("Diagonal: copies how strong each feature is, not how they combine: looser patterns")},
        {engine::StyleLossMode::MeanStd,
         QObject::tr("Mean + Std: copies each feature's average and spread: a softer colour and texture transfer")},
        {engine::StyleLossMode::W2,
         QObject::tr("Wasserstein (W2): copies each feature's average and how features vary together, as a "
                     "distance between distributions: patterns like Full Gram, colours closer to the painting's")}};
    for (const auto& [mode, tip] : tips) combo->setItemData(combo->findData(static_cast<int>(mode)), tip, Qt::ToolTipRole);
}

engine::StyleLossMode modeOf(const QComboBox* combo) {
    return static_cast<engine::StyleLossMode>(combo->currentData().toInt());
}

void selectMode(QComboBox* combo, engine::StyleLossMode mode) {
    combo->setCurrentIndex(combo->findData(static_cast<int>(mode)));
}

void addColorControls(QComboBox* combo) {
    const std::pair<engine::ColorControl, QString> items[] = {
        {engine::ColorControl::None, QObject::tr("Painting's colours")},
        {engine::ColorControl::Luminance, QObject::tr("Preserve luminance only")},
        {engine::ColorControl::Match, QObject::tr("Match colours to the photo")}};
    const QString tips[] = {
        QObject::tr("The painting's palette is transferred with its texture"),
        QObject::tr("Keep the photo's own colours: only light and dark, strokes and texture come from the painting"),
        QObject::tr("The painting's colours are first shifted to the photo's (average and spread of red, green, "
                    "blue), then its texture is transferred in full colour: the photo's palette with painted strokes")};
    for (std::size_t i = 0; i < std::size(items); ++i) {
        combo->addItem(items[i].second, static_cast<int>(items[i].first));
        combo->setItemData(static_cast<int>(i), tips[i], Qt::ToolTipRole);
    }
}

}  // namespace

LiveParamsPanel::LiveParamsPanel(QWidget* parent) : QWidget(parent) {
    const engine::Params defaults;
    // Ranges fit the engine's normalized losses (each loss divided by its value for a black image).
    content_ = new WeightSlider(tr("Content"), 1e-3, 1e3, true, defaults.content_weight, this);
    style_ = new WeightSlider(tr("Style"), 1e-2, 1e6, false, defaults.style_weight, this);
    tv_ = new WeightSlider(tr("TV"), 1e-2, 1e4, true, defaults.tv_weight, this);
    content_->setExplanation(tr("How much of the photo the picture keeps: higher keeps the subject and its "
                                "shapes recognisable, lower lets the painting take over"));
    style_->setExplanation(tr("How strongly the painting's colours and brushwork are applied: higher paints "
                              "more, lower stays closer to the photo"));
    tv_->setExplanation(tr("Smooths away speckle and noisy pixels; higher is smoother (too high looks "
                           "blurred), 0 turns smoothing off"));
    auto* reset = new QPushButton(tr("Reset to defaults"), this);
    reset->setObjectName(QStringLiteral("resetParamsButton"));
    reset->setToolTip(tr("Set the loss weights, layers, style loss and learning rate back to their defaults; "
                         "the picture is not touched"));

    auto* weightsBox = new QGroupBox(tr("Loss weights"), this);
    auto* weightsLayout = new QVBoxLayout(weightsBox);
    weightsLayout->addWidget(content_);
    weightsLayout->addWidget(style_);
    weightsLayout->addWidget(tv_);
    weightsLayout->addWidget(reset, 0, Qt::AlignRight);

    layers_ = new LayerPanel(this);
    auto* layersBox = new QGroupBox(tr("Layers"), this);
    (new QVBoxLayout(layersBox))->addWidget(layers_);

    styleLoss_ = new QComboBox(this);
    styleLoss_->setObjectName(QStringLiteral("styleLossCombo"));
    addStyleLossModes(styleLoss_);
    styleLoss_->setToolTip(tr("How the painting's texture is measured and copied. Full Gram: which features "
                              "appear together, so whole patterns and strokes (the classic method). Diagonal: "
                              "only how strong each feature is, looser patterns. Mean + Std: each feature's "
                              "average and spread, a softer transfer of colour and texture"));
    compare_ = new QCheckBox(tr("Compare side by side with"), this);
    compare_->setObjectName(QStringLiteral("compareCheck"));
    compare_->setToolTip(tr("Paint a second version with another style loss in the same run and show both side "
                            "by side, to see what the choice changes"));
    compareLoss_ = new QComboBox(this);
    compareLoss_->setObjectName(QStringLiteral("compareLossCombo"));
    addStyleLossModes(compareLoss_);
    selectMode(compareLoss_, defaults.compare_loss);
    compareLoss_->setEnabled(false);
    compareLoss_->setToolTip(tr("The style loss of the second version (see Mode)"));
    for (QComboBox* combo : {styleLoss_, compareLoss_}) addStyleLossTips(combo);
    colors_ = new QComboBox(this);
    colors_->setObjectName(QStringLiteral("colorControlCombo"));
    addColorControls(colors_);
    colors_->setToolTip(tr("Whose colours the picture has: the painting's, the photo's (only light and dark "
                           "from the painting), or the painting's matched to the photo's palette first"));
    styleScale_ = new WeightSlider(tr("Style scale"), engine::ParamLimits::min_style_scale,
                                   engine::ParamLimits::max_style_scale, false, defaults.style_scale, this);
    styleScale_->setObjectName(QStringLiteral("styleScaleSlider"));
    styleScale_->setExplanation(tr("The size of the painting's strokes in the picture: the painting is resized to "
                                   "this many times the picture's size before its texture is measured (above 1: "
                                   "larger strokes; past the painting's own resolution they get softer)"));
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setObjectName(QStringLiteral("learningRateBox"));
    learningRate_->setRange(0.0, 100.0);
    learningRate_->setDecimals(6);  // SGD's per-pixel rate is about 5e-5
    learningRate_->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    learningRate_->setSpecialValueText(tr("default"));
    learningRate_->setKeyboardTracking(false);
    learningRate_->setToolTip(tr("How big a change each iteration makes: larger changes faster but can blow up "
                                 "(the run then stops and offers a value that works); 0 is the optimizer's "
                                 "default (L-BFGS 1.0, Adam 0.02, SGD 0.00005 per pixel)"));
    tvExponent_ = new QDoubleSpinBox(this);
    tvExponent_->setObjectName(QStringLiteral("tvExponentBox"));
    tvExponent_->setRange(engine::ParamLimits::min_tv_exponent, engine::ParamLimits::max_tv_exponent);
    tvExponent_->setSingleStep(0.05);
    tvExponent_->setDecimals(2);
    tvExponent_->setValue(defaults.tv_exponent);
    tvExponent_->setKeyboardTracking(false);
    tvExponent_->setToolTip(tr("How Smoothness counts differences between neighbouring pixels: 1 squares each "
                               "difference; above 1 (the Keras example: 1.25) small ripples count less and hard "
                               "edges more, so fine texture survives"));
    rateDecay_ = new QDoubleSpinBox(this);
    rateDecay_->setObjectName(QStringLiteral("rateDecayBox"));
    rateDecay_->setRange(0.01, 1.0);
    rateDecay_->setSingleStep(0.01);
    rateDecay_->setDecimals(3);
    rateDecay_->setValue(defaults.lr_decay);
    rateDecay_->setKeyboardTracking(false);
    rateDecay_->setToolTip(tr("Adam and SGD: the learning rate is multiplied by this every N iterations, smoothly "
                              "(the Keras example: 0.96 every 100); 1 keeps it constant. L-BFGS ignores it"));
    pooling_ = new QComboBox(this);
    pooling_->setObjectName(QStringLiteral("poolingCombo"));
    pooling_->addItem(tr("Average"), static_cast<int>(engine::Pooling::Average));
    pooling_->addItem(tr("Max"), static_cast<int>(engine::Pooling::Max));
    pooling_->setToolTip(tr("How the network shrinks its maps between blocks. Average (the paper's choice): "
                            "smoother gradients, cleaner pictures; Max: the original VGG-19, as some recipes use"));
    rateDecaySteps_ = new QSpinBox(this);
    rateDecaySteps_->setObjectName(QStringLiteral("rateDecayStepsBox"));
    rateDecaySteps_->setRange(1, engine::ParamLimits::max_lr_decay_steps);
    rateDecaySteps_->setValue(defaults.lr_decay_steps);
    rateDecaySteps_->setPrefix(tr("every "));
    rateDecaySteps_->setKeyboardTracking(false);
    rateDecaySteps_->setToolTip(tr("How many iterations one decay factor takes (Keras: 100): the rate falls "
                                   "smoothly, by Rate decay every this many iterations"));

    auto* lossBox = new QGroupBox(tr("Style loss"), this);
    auto* lossForm = new QFormLayout(lossBox);
    lossForm->addRow(tr("Mode"), styleLoss_);
    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(compare_);
    compareRow->addWidget(compareLoss_, 1);
    lossForm->addRow(compareRow);
    lossForm->addRow(tr("Colour"), colors_);
    lossForm->addRow(styleScale_);
    lossForm->addRow(tr("Learning rate"), learningRate_);
    auto* decayRow = new QHBoxLayout;
    decayRow->addWidget(rateDecay_, 1);
    decayRow->addWidget(rateDecaySteps_, 1);
    lossForm->addRow(tr("Rate decay"), decayRow);
    lossForm->addRow(tr("TV exponent"), tvExponent_);
    lossForm->addRow(tr("Pooling"), pooling_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(weightsBox);
    layout->addWidget(layersBox);
    layout->addWidget(lossBox);

    for (WeightSlider* slider : {content_, style_, tv_})
        connect(slider, &WeightSlider::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(layers_, &LayerPanel::changed, this, &LiveParamsPanel::emitChanged);
    connect(styleLoss_, &QComboBox::currentIndexChanged, this, &LiveParamsPanel::emitChanged);
    connect(compareLoss_, &QComboBox::currentIndexChanged, this, &LiveParamsPanel::emitChanged);
    connect(compare_, &QCheckBox::toggled, compareLoss_, &QWidget::setEnabled);
    connect(compare_, &QCheckBox::toggled, this, &LiveParamsPanel::emitChanged);
    connect(colors_, &QComboBox::currentIndexChanged, this, &LiveParamsPanel::emitChanged);
    connect(styleScale_, &WeightSlider::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(learningRate_, &QDoubleSpinBox::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(tvExponent_, &QDoubleSpinBox::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(pooling_, &QComboBox::currentIndexChanged, this, &LiveParamsPanel::emitChanged);
    connect(rateDecay_, &QDoubleSpinBox::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(rateDecaySteps_, &QSpinBox::valueChanged, this, &LiveParamsPanel::emitChanged);
    connect(reset, &QPushButton::clicked, this, &LiveParamsPanel::resetToDefaults);
}

void LiveParamsPanel::writeTo(engine::Params& params) const {
    params.content_weight = content_->value();
    params.style_weight = style_->value();
    params.tv_weight = tv_->value();
    params.style_layers = layers_->styleLayers();
    params.content_layer = layers_->contentLayer().toStdString();
    params.style_loss = modeOf(styleLoss_);
    params.compare = compare_->isChecked();
    params.compare_loss = modeOf(compareLoss_);
    params.color_control = static_cast<engine::ColorControl>(colors_->currentData().toInt());
    params.style_scale = styleScale_->value();
    params.learning_rate = learningRate_->value();
    params.tv_exponent = tvExponent_->value();
    params.pooling = static_cast<engine::Pooling>(pooling_->currentData().toInt());
    params.lr_decay = rateDecay_->value();
    params.lr_decay_steps = rateDecaySteps_->value();
}

void LiveParamsPanel::readFrom(const engine::Params& params) {
    restoring_ = true;
    content_->setValue(params.content_weight);
    style_->setValue(params.style_weight);
    tv_->setValue(params.tv_weight);
    layers_->setLayers(params.style_layers, QString::fromStdString(params.content_layer));
    selectMode(styleLoss_, params.style_loss);
    compare_->setChecked(params.compare);
    selectMode(compareLoss_, params.compare_loss);
    colors_->setCurrentIndex(colors_->findData(static_cast<int>(params.color_control)));
    styleScale_->setValue(params.style_scale);
    learningRate_->setValue(params.learning_rate);
    tvExponent_->setValue(params.tv_exponent);
    pooling_->setCurrentIndex(pooling_->findData(static_cast<int>(params.pooling)));
    rateDecay_->setValue(params.lr_decay);
    rateDecaySteps_->setValue(params.lr_decay_steps);
    restoring_ = false;
    Q_EMIT changed();
}

void LiveParamsPanel::resetToDefaults() {
    engine::Params defaults;
    defaults.compare = compare_->isChecked();  // a view choice, not a tuning: keep it
    readFrom(defaults);
}

void LiveParamsPanel::emitChanged() {
    if (!restoring_) Q_EMIT changed();
}

}  // namespace ui
