#include "ui/branch_list.h"

#include <QHeaderView>
#include <map>

#include "record/branch_tree.h"

namespace ui {
namespace {
constexpr int kBranchRole = Qt::UserRole;
}

BranchList::BranchList(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("branchList"));
    setColumnCount(3);
    setHeaderLabels({tr("Run"), tr("From"), tr("What changed")});
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setToolTip(tr("The runs of this session: each Continue from Here is a branch of the run it continued. "
                  "Choose one to see its snapshots and its iterations on the timeline"));
    connect(this, &QTreeWidget::itemSelectionChanged, this, [this] {
        if (filling_) return;
        if (const int branch = shownBranch()) Q_EMIT branchChosen(branch);
    });
    hide();
}

void BranchList::setTree(const record::BranchTree& tree, int running, int shown) {
    filling_ = true;
    // Only the choice changed (the artist clicked a row): select it, never rebuild the rows under
    // the click being handled.
    QString signature = QString::number(running);
    for (const auto& node : tree.nodes())
        signature += QStringLiteral("|%1:%2:%3:%4").arg(node.id).arg(node.parent).arg(QString::fromStdString(node.label),
                                                                                  QString::fromStdString(node.folder));
    if (signature == listed_) {
        for (QTreeWidgetItemIterator it(this); *it; ++it) (*it)->setSelected((*it)->data(0, kBranchRole).toInt() == shown);
        filling_ = false;
        return;
    }
    listed_ = signature;
    clear();
    std::map<int, QTreeWidgetItem*> items;
    for (const int id : tree.tree_order()) {
        const record::BranchNode& node = *tree.find(id);
        const auto parent = items.find(node.parent);
        auto* item = parent == items.end() ? new QTreeWidgetItem(this) : new QTreeWidgetItem(parent->second);
        item->setText(0, id == running ? tr("Run %1 (running)").arg(id) : tr("Run %1").arg(id));
        item->setText(1, node.parent == 0 ? tr("start") : tr("%1 of run %2").arg(node.from_iteration).arg(node.parent));
        item->setText(2, QString::fromStdString(node.label));
        item->setData(0, kBranchRole, id);
        item->setToolTip(2, QString::fromStdString(node.label));
        if (id == running) {
            QFont bold = font();
            bold.setBold(true);
            for (int column = 0; column < 3; ++column) item->setFont(column, bold);
        }
        items[id] = item;
        if (id == shown) item->setSelected(true);
    }
    expandAll();
    setVisible(tree.size() >= 2);
    filling_ = false;
}

int BranchList::shownBranch() const {
    const QList<QTreeWidgetItem*> chosen = selectedItems();
    return chosen.isEmpty() ? 0 : chosen.front()->data(0, kBranchRole).toInt();
}

QString BranchList::rowText(int branch) const {
    for (QTreeWidgetItemIterator it(const_cast<BranchList*>(this)); *it; ++it)
        if ((*it)->data(0, kBranchRole).toInt() == branch)
            return QStringLiteral("%1 · %2 · %3").arg((*it)->text(0), (*it)->text(1), (*it)->text(2));
    return QString();
}

}  // namespace ui
