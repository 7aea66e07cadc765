#include "ui/run_settings_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

#include "engine/preview_scales.h"

namespace ui {
namespace {

QSpinBox* spinBox(QWidget* parent, const QString& name, int min, int max, int value, const QString& tip) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setValue(value);
    box->setToolTip(tip);
    return box;
}

}  // namespace

RunSettingsPanel::RunSettingsPanel(QWidget* parent) : QWidget(parent) {
    const engine::Params defaults;
    size_ = spinBox(this, QStringLiteral("sizeBox"), engine::ParamLimits::min_size, engine::ParamLimits::max_size,
                    defaults.size, tr("Longest side of the picture in pixels: larger shows more detail but takes longer "
                       "(the time grows with the area)"));
    size_->setSuffix(tr(" px"));
    size_->setSingleStep(64);
    iterations_ = spinBox(this, QStringLiteral("iterationsBox"), 1, 100000, defaults.iterations,
                          tr("How many times the picture is refined, in total over all scales: more gives a "
                             "more finished painting; you can stop at any time"));
    optimizer_ = new QComboBox(this);
    optimizer_->setObjectName(QStringLiteral("optimizerCombo"));
    optimizer_->addItem(tr("L-BFGS"), static_cast<int>(engine::OptimizerKind::Lbfgs));
    optimizer_->addItem(tr("Adam"), static_cast<int>(engine::OptimizerKind::Adam));
    optimizer_->addItem(tr("SGD"), static_cast<int>(engine::OptimizerKind::Sgd));
    optimizer_->setToolTip(tr("How each step is chosen. L-BFGS: reaches a finished picture in few iterations "
                              "(recommended). Adam: steadier small steps, slower to finish. SGD: plain gradient "
                              "steps (the Keras example's), slowest; its rate may decay (Rate decay)"));
    init_ = new QComboBox(this);
    init_->setObjectName(QStringLiteral("initCombo"));
    init_->addItem(tr("Content image"), static_cast<int>(engine::InitMode::Content));
    init_->addItem(tr("Style image"), static_cast<int>(engine::InitMode::Style));
    init_->addItem(tr("Noise"), static_cast<int>(engine::InitMode::Noise));
    init_->setToolTip(tr("The picture the painting starts from. Content image: the photo's layout from the "
                         "first step (recommended); Style image: grows out of the painting; Noise: from random "
                         "dots, a looser result"));
    seed_ = spinBox(this, QStringLiteral("seedBox"), 0, std::numeric_limits<int>::max(), 0,
                    tr("The random pattern a Noise start begins from: the same seed gives the same picture"));
    scales_ = spinBox(this, QStringLiteral("scalesBox"), 0, engine::ParamLimits::max_scales, 0,
                      tr("Paint coarse to fine: with 2 or more scales the picture is first painted small, then "
                         "enlarged and refined, which gives larger brush patterns on big pictures; 1 paints at "
                         "full size only. Auto: one scale up to %1 px; above, coarse to fine from near %2 px, "
                         "so a large picture keeps the look of a %2 px preview instead of a finer texture")
                          .arg(engine::kLargestSingleScaleSize)
                          .arg(engine::kPreviewSize));
    connect(size_, qOverload<int>(&QSpinBox::valueChanged), this, &RunSettingsPanel::showAutoScales);
    connect(iterations_, qOverload<int>(&QSpinBox::valueChanged), this, &RunSettingsPanel::showAutoScales);
    showAutoScales();
    snapshotEvery_ = spinBox(this, QStringLiteral("snapshotEveryBox"), 0, 100000, 25,
                             tr("Keep a copy of the picture in the strip every N iterations (off: only when you "
                                "press Snap)"));
    snapshotEvery_->setSpecialValueText(tr("off"));
    historyBudget_ = spinBox(this, QStringLiteral("historyBudgetBox"), 64, 65536, 1024,
                             tr("Memory for the timeline's history of every iteration: over it, earlier "
                                "iterations are thinned evenly (the first, the newest and every snapshot stay). "
                                "A 512 px picture takes 0.75 MiB an iteration"));
    historyBudget_->setSuffix(tr(" MiB"));
    historyBudget_->setSingleStep(256);
    memoryLimit_ = spinBox(this, QStringLiteral("memoryLimitBox"), 0, 1 << 20, 0,
                           tr("The most memory a run may take, this window included. A picture too large for it "
                              "is computed in tiles (outlined on the canvas while it runs): the same picture, "
                              "in more time. Available: whatever memory is free when the run starts"));
    memoryLimit_->setSuffix(tr(" MiB"));
    memoryLimit_->setSpecialValueText(tr("Available"));
    memoryLimit_->setSingleStep(256);
    trimFrame_ = new QCheckBox(tr("Trim scanned frames"), this);
    trimFrame_->setObjectName(QStringLiteral("trimFrameBox"));
    trimFrame_->setChecked(defaults.trim_style_frame);
    trimFrame_->setToolTip(tr("Cut the black or white margin of a scanned painting, and the rim just inside it, "
                              "off before painting: its edges would otherwise come back as a dark or pale line "
                              "around the picture. The status bar says how much was cut"));

    auto* box = new QGroupBox(tr("Run (applies at the next Start)"), this);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Output size"), size_);
    form->addRow(tr("Iterations"), iterations_);
    form->addRow(tr("Optimizer"), optimizer_);
    form->addRow(tr("Start from"), init_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Scales"), scales_);
    form->addRow(tr("Snapshot every"), snapshotEvery_);
    form->addRow(tr("History memory"), historyBudget_);
    form->addRow(tr("Memory limit"), memoryLimit_);
    form->addRow(QString(), trimFrame_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
}

void RunSettingsPanel::writeTo(engine::Params& params) const {
    params.size = size_->value();
    params.iterations = iterations_->value();
    params.optimizer = static_cast<engine::OptimizerKind>(optimizer_->currentData().toInt());
    params.init = static_cast<engine::InitMode>(init_->currentData().toInt());
    params.seed = static_cast<std::uint64_t>(seed_->value());
    params.scales = scalesAuto() ? autoScales() : scales_->value();
    params.trim_style_frame = trimFrame_->isChecked();
}

void RunSettingsPanel::readFrom(const engine::Params& params) {
    size_->setValue(params.size);
    iterations_->setValue(params.iterations);
    optimizer_->setCurrentIndex(optimizer_->findData(static_cast<int>(params.optimizer)));
    init_->setCurrentIndex(init_->findData(static_cast<int>(params.init)));
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(params.seed, std::numeric_limits<int>::max())));
    scales_->setValue(params.scales);
    trimFrame_->setChecked(params.trim_style_frame);
}

bool RunSettingsPanel::scalesAuto() const { return scales_->value() == 0; }
void RunSettingsPanel::setScalesAuto(bool automatic) {
    if (automatic) scales_->setValue(0);
}

int RunSettingsPanel::autoScales() const { return engine::preview_scales(size_->value(), iterations_->value()); }

// The box's "Auto" says what it stands for at the size now set.
void RunSettingsPanel::showAutoScales() { scales_->setSpecialValueText(tr("Auto (%1)").arg(autoScales())); }

int RunSettingsPanel::snapshotEvery() const { return snapshotEvery_->value(); }
void RunSettingsPanel::setSnapshotEvery(int iterations) { snapshotEvery_->setValue(iterations); }
int RunSettingsPanel::historyBudgetMiB() const { return historyBudget_->value(); }
void RunSettingsPanel::setHistoryBudgetMiB(int mebibytes) { historyBudget_->setValue(mebibytes); }
int RunSettingsPanel::memoryLimitMiB() const { return memoryLimit_->value(); }
void RunSettingsPanel::setMemoryLimitMiB(int mebibytes) { memoryLimit_->setValue(mebibytes); }

}  // namespace ui
