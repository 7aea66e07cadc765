#include "ui/style_blend_panel.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/image_convert.h"
#include "ui/image_slot.h"

namespace ui {

namespace {
constexpr int kThumbnail = 36;

QLabel* thumbnailOf(const engine::RgbImage& image) {
    auto* label = new QLabel;
    label->setFixedSize(kThumbnail, kThumbnail);
    label->setAlignment(Qt::AlignCenter);
    if (!image.empty())
        label->setPixmap(QPixmap::fromImage(toQImage(image)).scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio,
                                                                    Qt::SmoothTransformation));
    return label;
}
}  // namespace

StyleBlendPanel::StyleBlendPanel(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("styleBlendPanel"));
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    rows_ = new QVBoxLayout;
    rows_->setSpacing(2);
    layout->addLayout(rows_);
    addButton_ = new QPushButton(tr("+ Blend another style…"));
    addButton_->setObjectName(QStringLiteral("addStyleButton"));
    addButton_->setToolTip(tr("Add a painting to blend with the style (up to %1 in all); or drop image files here. "
                              "Each painting's slider sets its share of the style").arg(kMaxStyles));
    connect(addButton_, &QPushButton::clicked, this, &StyleBlendPanel::openFileDialog);
    layout->addWidget(addButton_);
    blend_ = {kDefaultBlend};
    rebuildRows();
}

void StyleBlendPanel::setMainStyle(const engine::RgbImage& image, const QString& label) {
    mainImage_ = image;
    mainLabel_ = label;
    rebuildRows();
}

int StyleBlendPanel::styleCount() const { return (mainImage_.empty() ? 0 : 1) + static_cast<int>(extras_.size()); }

bool StyleBlendPanel::addFile(const QString& path) {
    if (styleCount() >= kMaxStyles) {
        Q_EMIT loadFailed(tr("%1 not added: at most %2 styles can be blended").arg(QFileInfo(path).fileName()).arg(kMaxStyles));
        return false;
    }
    try {
        const engine::RgbImage image = loadInputImage(path);
        dialogFolder_ = QFileInfo(path).absolutePath();
        addImage(image, QFileInfo(path).fileName(), path);
        return true;
    } catch (const std::exception& error) {
        Q_EMIT loadFailed(QString::fromStdString(error.what()));
        return false;
    }
}

void StyleBlendPanel::addImage(const engine::RgbImage& image, const QString& label, const QString& path, int blend) {
    extras_.push_back({image, label, path});
    blend_.push_back(std::clamp(blend, 0, 100));
    rebuildRows();
    Q_EMIT stylesChanged();
}

void StyleBlendPanel::removeExtra(int index) {
    if (index < 0 || index >= static_cast<int>(extras_.size())) return;
    extras_.erase(extras_.begin() + index);
    blend_.erase(blend_.begin() + index + 1);
    rebuildRows();
    Q_EMIT stylesChanged();
}

StyleBlendPanel::Extra StyleBlendPanel::takeFirstExtra() {
    if (extras_.empty()) return {};
    Extra first = std::move(extras_.front());
    extras_.erase(extras_.begin());
    blend_.erase(blend_.begin());
    rebuildRows();
    return first;
}

void StyleBlendPanel::clearExtras() {
    if (extras_.empty()) return;
    extras_.clear();
    blend_.resize(1);
    rebuildRows();
    Q_EMIT stylesChanged();
}

std::vector<double> StyleBlendPanel::blend() const {
    if (extras_.empty()) return {};
    return std::vector<double>(blend_.begin(), blend_.end());
}

bool StyleBlendPanel::allSharesZero() const {
    return !extras_.empty() && std::all_of(blend_.begin(), blend_.end(), [](int share) { return share <= 0; });
}

void StyleBlendPanel::setBlend(const std::vector<double>& blend) {
    if (blend.size() != blend_.size()) return;
    const double largest = *std::max_element(blend.begin(), blend.end());
    if (!(largest > 0)) return;
    for (std::size_t i = 0; i < blend.size(); ++i) blend_[i] = static_cast<int>(std::lround(100.0 * blend[i] / largest));
    rebuildRows();
    Q_EMIT blendChanged();
}

QSlider* StyleBlendPanel::blendSlider(int row) const {
    return row >= 0 && row < static_cast<int>(sliders_.size()) ? sliders_[static_cast<std::size_t>(row)] : nullptr;
}

void StyleBlendPanel::openFileDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Blend Another Style"), dialogFolder_, tr("Images (*.png *.jpg *.jpeg *.webp *.tif *.tiff *.bmp);;All files (*)"));
    for (const QString& file : files)
        if (!addFile(file)) break;
}

void StyleBlendPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void StyleBlendPanel::dropEvent(QDropEvent* event) {
    for (const QString& file : localFiles(event->mimeData()))
        if (!addFile(file)) break;
    event->acceptProposedAction();
}

void StyleBlendPanel::setSharesUsed(bool used) {
    if (used == sharesUsed_) return;
    sharesUsed_ = used;
    rebuildRows();
}

void StyleBlendPanel::rebuildRows() {
    while (QLayoutItem* item = rows_->takeAt(0)) {
        if (QWidget* row = item->widget()) {  // later: a row's own remove button may be what called
            row->hide();
            row->deleteLater();
        }
        delete item;
    }
    sliders_.clear();
    shares_.clear();
    addButton_->setEnabled(styleCount() < kMaxStyles);
    if (extras_.empty()) return;  // one painting: the slot says it all
    for (int row = 0; row <= static_cast<int>(extras_.size()); ++row) {
        const bool main = row == 0;
        const engine::RgbImage& image = main ? mainImage_ : extras_[static_cast<std::size_t>(row - 1)].image;
        const QString label = main ? mainLabel_ : extras_[static_cast<std::size_t>(row - 1)].label;
        auto* line = new QWidget;
        auto* h = new QHBoxLayout(line);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(thumbnailOf(image));
        auto* name = new QLabel(label);
        name->setToolTip(label);
        name->setFixedWidth(100);  // the sliders line up
        h->addWidget(name);
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setObjectName(QStringLiteral("blendSlider%1").arg(row));
        slider->setRange(0, 100);
        slider->setValue(blend_[static_cast<std::size_t>(row)]);
        slider->setEnabled(sharesUsed_);
        slider->setToolTip(sharesUsed_ ? tr("%1's share of the style (live)").arg(label)
                                       : tr("Regions are painted: %1 styles its own region, so the shares are not "
                                            "used (Paint > Remove Regions brings them back)")
                                             .arg(label));
        connect(slider, &QSlider::valueChanged, this, [this, row](int value) {
            blend_[static_cast<std::size_t>(row)] = value;
            updateShares();
            Q_EMIT blendChanged();
        });
        h->addWidget(slider, 1);
        auto* share = new QLabel;
        share->setMinimumWidth(36);
        h->addWidget(share);
        auto* remove = new QToolButton;
        remove->setText(QStringLiteral("×"));
        remove->setObjectName(QStringLiteral("removeStyle%1").arg(row));
        remove->setToolTip(tr("Remove %1 from the blend").arg(label));
        connect(remove, &QToolButton::clicked, this, [this, row] {
            if (row == 0)
                Q_EMIT mainRemoveRequested();
            else
                removeExtra(row - 1);
        });
        h->addWidget(remove);
        rows_->addWidget(line);
        sliders_.push_back(slider);
        shares_.push_back(share);
    }
    updateShares();
}

void StyleBlendPanel::updateShares() {
    double sum = 0;
    for (int b : blend_) sum += b;
    for (std::size_t i = 0; i < shares_.size(); ++i)
        shares_[i]->setText(sum > 0 ? QStringLiteral("%1 %").arg(std::lround(100.0 * blend_[i] / sum)) : tr("off"));
}

}  // namespace ui
