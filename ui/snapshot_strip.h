#pragma once
// The snapshots of the session as a horizontal strip of thumbnails (files on disk).
#include <QListWidget>
#include <QStringList>

namespace ui {

class SnapshotStrip : public QListWidget {
    Q_OBJECT
public:
    explicit SnapshotStrip(QWidget* parent = nullptr);

    // `thumbnail` is the snapshot's image; only a small copy is kept.
    void addSnapshot(const QString& png, int iteration, const QImage& thumbnail, const QString& label = QString());
    QStringList selectedPngs() const;  // in strip order
    QStringList allPngs() const;
    void clearSnapshots() { clear(); }

signals:
    void snapshotActivated(const QString& png);
};

}  // namespace ui
