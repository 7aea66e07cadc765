#pragma once
// The snapshots of the session as a horizontal strip of thumbnails (files on disk).
#include <QListWidget>
#include <QStringList>

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
    // `variant` names the compare variant (full, diag, ...), empty for a single run.
    void addSnapshot(const QString& png, int iteration, const QImage& thumbnail, const QString& label = QString(),
                     const QString& variant = QString());
    struct Entry {
        int iteration = -1;  // -1: not in the strip
        QString variant;
    };
    Entry entry(const QString& png) const;
    QStringList selectedPngs() const;  // in strip order
    QStringList allPngs() const;
    void clearSnapshots() { clear(); }

Q_SIGNALS:
    void snapshotActivated(const QString& png);
    // "Continue from Here" in a snapshot's context menu: a new run from that image.
    void continueRequested(const QString& png);
};

}  // namespace ui
