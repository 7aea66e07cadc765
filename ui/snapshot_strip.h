#pragma once
// The snapshots of the session as a horizontal strip of thumbnails (files on disk), one branch's
// at a time (record/branch_tree.h: every Continue from Here is a branch); the window's branch list
// chooses which. The snapshots of the other branches are kept, their icons made once.
#include <QListWidget>
#include <QPixmap>
#include <QStringList>
#include <map>
#include <vector>

namespace ui {

// Thumbnails are made this size (twice the icon side, for high-DPI screens) before they reach
// the strip, off the GUI thread.
constexpr int kSnapshotThumbnailSide = 176;
// The variant of a snapshot that shows both compare variants side by side (a CLI compare run's).
inline const QString kBothVariants = QStringLiteral("both");

class SnapshotStrip : public QListWidget {
    Q_OBJECT
public:
    explicit SnapshotStrip(QWidget* parent = nullptr);

    // `thumbnail` is the snapshot's image or a copy at most kSnapshotThumbnailSide on a side;
    // `variant` names the compare variant (full, diag, ...), empty for a single run; `branch`:
    // the branch it belongs to (shown at once when it is the branch shown).
    void addSnapshot(const QString& png, int iteration, const QImage& thumbnail, const QString& label = QString(),
                     const QString& variant = QString(), int branch = 0);
    struct Entry {
        int iteration = -1;  // -1: in no branch
        QString variant;
        int branch = 0;
    };
    // Any branch's snapshot, shown or not.
    Entry entry(const QString& png) const;
    QStringList selectedPngs() const;  // in strip order
    QStringList allPngs() const;       // of the branch shown
    // Lists that branch's snapshots (none yet: an empty strip that its snapshots will fill).
    void showBranch(int branch);
    int shownBranch() const { return shownBranch_; }
    void clearSnapshots();  // every branch's

Q_SIGNALS:
    void snapshotActivated(const QString& png);
    // "Continue from Here" in a snapshot's context menu: a new run from that image.
    void continueRequested(const QString& png);
    // "Keep Beside": that snapshot on the left canvas, what is shown next on the right.
    void besideRequested(const QString& png);

private:
    struct Kept {
        QString png, text, variant;
        int iteration = 0;
        QPixmap icon;
    };
    void addItemFor(const Kept& kept);

    std::map<int, std::vector<Kept>> branches_;
    int shownBranch_ = 0;
};

}  // namespace ui
