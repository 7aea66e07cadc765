#include "ui/snapshot_strip.h"

#include <QImage>
#include <QMenu>
#include <QPixmap>

namespace ui {
namespace {
constexpr int kPathRole = Qt::UserRole;
constexpr int kIterationRole = Qt::UserRole + 1;
constexpr int kVariantRole = Qt::UserRole + 2;
constexpr int kIconSide = 88;
}  // namespace

SnapshotStrip::SnapshotStrip(QWidget* parent) : QListWidget(parent) {
    setObjectName(QStringLiteral("snapshotStrip"));
    setViewMode(QListView::IconMode);
    setFlow(QListView::LeftToRight);
    setWrapping(false);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setIconSize(QSize(kIconSide, kIconSide));
    setSpacing(4);
    setUniformItemSizes(true);  // one layout pass per added item stays cheap in long runs
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFixedHeight(kIconSide + 48);
    setToolTip(tr("Snapshots of this session (saved on disk). Select some and use File ▸ Export"));
    connect(this, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT snapshotActivated(item->data(kPathRole).toString()); });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QListWidgetItem* item = itemAt(at);
        if (!item) return;
        const QString png = item->data(kPathRole).toString();
        QMenu menu(this);
        QAction* go = menu.addAction(tr("Continue from Here"));
        go->setToolTip(tr("Start a new run from this image with the settings now in the panel"));
        connect(go, &QAction::triggered, this, [this, png] { Q_EMIT continueRequested(png); });
        menu.exec(viewport()->mapToGlobal(at));
    });
}

void SnapshotStrip::addSnapshot(const QString& png, int iteration, const QImage& thumbnail, const QString& label,
                                const QString& variant) {
    const bool small = thumbnail.width() <= kSnapshotThumbnailSide && thumbnail.height() <= kSnapshotThumbnailSide;
    const QPixmap icon = QPixmap::fromImage(small ? thumbnail
                                                  : thumbnail.scaled(kSnapshotThumbnailSide, kSnapshotThumbnailSide,
                                                                     Qt::KeepAspectRatio, Qt::SmoothTransformation));
    auto* item = new QListWidgetItem(QIcon(icon), label.isEmpty() ? tr("iter %1").arg(iteration) : label);
    item->setData(kPathRole, png);
    item->setData(kIterationRole, iteration);
    item->setData(kVariantRole, variant);
    item->setToolTip(png);
    addItem(item);
    scrollToItem(item);
}

SnapshotStrip::Entry SnapshotStrip::entry(const QString& png) const {
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(kPathRole).toString() == png)
            return {item(i)->data(kIterationRole).toInt(), item(i)->data(kVariantRole).toString()};
    return {};
}

QStringList SnapshotStrip::selectedPngs() const {
    QStringList paths;
    for (int i = 0; i < count(); ++i)
        if (item(i)->isSelected()) paths << item(i)->data(kPathRole).toString();
    return paths;
}

QStringList SnapshotStrip::allPngs() const {
    QStringList paths;
    for (int i = 0; i < count(); ++i) paths << item(i)->data(kPathRole).toString();
    return paths;
}

}  // namespace ui
