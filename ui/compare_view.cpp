#include "ui/compare_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "ui/canvas.h"
#include "ui/image_convert.h"

namespace ui {

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    for (int i = 0; i < 2; ++i) {
        canvases_[i] = new Canvas(this);
        canvases_[i]->setObjectName(QStringLiteral("canvas%1").arg(i));
    }
    difference_ = new Canvas(this);
    difference_->setObjectName(QStringLiteral("differenceCanvas"));
    difference_->setCaption(tr("Difference ×4"));
    differenceCheck_ = new QCheckBox(tr("Show difference"), this);
    differenceCheck_->setObjectName(QStringLiteral("differenceCheck"));
    differenceCheck_->setToolTip(tr("Absolute difference of the two variants, amplified four times"));

    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    row->addWidget(canvases_[0]);
    row->addWidget(canvases_[1]);
    row->addWidget(difference_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row, 1);
    layout->addWidget(differenceCheck_);

    // Linked zoom and pan: every canvas copies the view of the one the user moved.
    const Canvas* all[] = {canvases_[0], canvases_[1], difference_};
    for (const Canvas* source : all)
        connect(source, &Canvas::viewChanged, this, [this, source](double zoom, const QPointF& offset, bool fit) {
            for (Canvas* target : {canvases_[0], canvases_[1], difference_})
                if (target != source) target->setView(zoom, offset, fit);
        });
    connect(differenceCheck_, &QCheckBox::toggled, this, [this] {
        updateDifference();
        updateVisibility();
    });
    updateVisibility();
}

void CompareView::setCompareMode(bool on, const QString& mainCaption, const QString& compareCaption) {
    compare_ = on;
    canvases_[0]->setCaption(on ? mainCaption : QString());
    canvases_[1]->setCaption(compareCaption);
    updateVisibility();
}

bool CompareView::differenceShown() const { return compare_ && differenceCheck_->isChecked(); }

void CompareView::showImages(const std::vector<QImage>& images) {
    images_ = images;
    for (int i = 0; i < 2; ++i)
        if (i < static_cast<int>(images.size())) canvases_[i]->setPixmap(QPixmap::fromImage(images[i]));
    updateDifference();
}

void CompareView::updateDifference() {
    // Computed only while shown: the view is the only consumer.
    if (!differenceShown() || images_.size() < 2) return;
    difference_->setPixmap(QPixmap::fromImage(differenceImage(images_[0], images_[1])));
}

void CompareView::setPlaceholder(const QString& text) {
    for (Canvas* canvas : {canvases_[0], canvases_[1], difference_}) canvas->setPlaceholder(text);
}

void CompareView::setTileOutlines(const QVector<QRectF>& tiles) {
    for (Canvas* canvas : canvases_) canvas->setTileOutlines(tiles);
}

void CompareView::clear() {
    images_.clear();
    setTileOutlines({});
    for (Canvas* canvas : {canvases_[0], canvases_[1], difference_}) canvas->setPixmap(QPixmap());
}

void CompareView::fitToWindow() {
    for (Canvas* canvas : {canvases_[0], canvases_[1], difference_}) canvas->fitToWindow();
}

void CompareView::actualSize() {
    canvases_[0]->actualSize();  // the others follow through the link
}

void CompareView::updateVisibility() {
    canvases_[1]->setVisible(compare_);
    differenceCheck_->setVisible(compare_);
    difference_->setVisible(differenceShown());
}

}  // namespace ui
