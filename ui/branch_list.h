#pragma once
// The session's branches as a tree beside the snapshot strip: each row a run, under the run it
// continued from, labelled with the iteration it started from and what changed (record/branch_tree.h).
// Choosing a row shows that branch's snapshots in the strip and its iterations on the timeline.
// Hidden while the session has a single run.
#include <QTreeWidget>

namespace record {
class BranchTree;
}

namespace ui {

class BranchList : public QTreeWidget {
    Q_OBJECT
public:
    explicit BranchList(QWidget* parent = nullptr);

    // Lists `tree`; the running branch (0: none) in bold, `shown` selected.
    void setTree(const record::BranchTree& tree, int running, int shown);
    int shownBranch() const;  // 0: none
    // The row's text: "Run 2 · from 40 · style 100 -> 1000" (for tests and the tooltip).
    QString rowText(int branch) const;

Q_SIGNALS:
    void branchChosen(int branch);

private:
    bool filling_ = false;  // setTree's own selection is not the artist's choice
    QString listed_;  // what the rows show (the running branch, each node): rebuilt only when it changes
};

}  // namespace ui
