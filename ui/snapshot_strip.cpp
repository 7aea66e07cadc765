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
        QAction* beside = menu.addAction(tr("Keep Beside"));
        beside->setToolTip(tr("Keep this snapshot on the left; what you show next (any branch's) comes beside it"));
        connect(beside, &QAction::triggered, this, [this, png] { Q_EMIT besideRequested(png); });
        menu.exec(viewport()->mapToGlobal(at));
    });
}

void SnapshotStrip::addSnapshot(const QString& png, int iteration, const QImage& thumbnail, const QString& label,
                                const QString& variant, int branch) {
    const bool small = thumbnail.width() <= kSnapshotThumbnailSide && thumbnail.height() <= kSnapshotThumbnailSide;
    Kept kept;
    kept.png = png;
    kept.text = label.isEmpty() ? tr("iter %1").arg(iteration) : label;
    kept.variant = variant;
    kept.iteration = iteration;
    kept.icon = QPixmap::fromImage(small ? thumbnail
                                         : thumbnail.scaled(kSnapshotThumbnailSide, kSnapshotThumbnailSide,
                                                            Qt::KeepAspectRatio, Qt::SmoothTransformation));
    branches_[branch].push_back(kept);
    if (branch == shownBranch_) {
        addItemFor(kept);
        scrollToItem(item(count() - 1));
    }
}

void SnapshotStrip::addItemFor(const Kept& kept) {
    auto* item = new QListWidgetItem(QIcon(kept.icon), kept.text);
    item->setData(kPathRole, kept.png);
    item->setData(kIterationRole, kept.iteration);
    item->setData(kVariantRole, kept.variant);
    item->setToolTip(kept.png);
    addItem(item);
}

void SnapshotStrip::showBranch(int branch) {
    if (branch == shownBranch_ && count() == static_cast<int>(branches_[branch].size())) return;
    shownBranch_ = branch;
    clear();
    for (const Kept& kept : branches_[branch]) addItemFor(kept);
    if (count() > 0) scrollToItem(item(count() - 1));
}

void SnapshotStrip::clearSnapshots() {
    branches_.clear();
    clear();
}

SnapshotStrip::Entry SnapshotStrip::entry(const QString& png) const {
    for (const auto& [branch, snapshots] : branches_)
        for (const Kept& kept : snapshots)
            if (kept.png == png) return {kept.iteration, kept.variant, branch};
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
