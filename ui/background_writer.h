#pragma once
// Disk and image work off the GUI thread: snapshots (PNG encoding, fsync'd atomic writes, JSON
// sidecars), saved results, snapshot exports and timelapse videos run on the run record's writer
// (record/background_writer.h, which the CLI writes through too): one thread, one job at a time,
// in the order submitted. Each job fills a WriteResult, a value struct that reaches the owner's
// thread through a queued call and is announced by finished().
//
// Bounded: "droppable" jobs (automatic snapshots) are refused while kMaxDroppable of them wait or
// run, so frames arriving faster than the disk takes them never queue without bound; other jobs
// (the Snap button, the run's last frame, exports) are always accepted.
//
// The destructor waits for every accepted job: each file is complete (the writes are atomic
// anyway) and, since results are delivered through this object, none reaches a destroyed window.
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <functional>

#include "record/background_writer.h"

namespace ui {

struct WriteResult {
    enum class Kind { Snapshot, SaveResult, ExportSnapshots, Timelapse, Branches };
    Kind kind = Kind::Snapshot;
    quint64 runId = 0;       // snapshots: the run the frame came from
    int iteration = -1;      // snapshots and saved results
    QString target;          // what the user chose: a file or a folder (for messages)
    QStringList written;     // files written, PNGs (or the video) first; empty on error
    QStringList labels;      // snapshots: one strip label per written PNG
    QList<QImage> thumbnails;  // snapshots: one small image per written PNG (made off the GUI thread)
    QStringList variants;    // snapshots in compare mode: each PNG's style loss (full, diag, ...)
    QString error;           // empty on success; else names the file and the reason
    bool ok() const { return error.isEmpty(); }
};

class BackgroundWriter : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxDroppable = 2;  // automatic snapshots waiting or being written

    explicit BackgroundWriter(QObject* parent = nullptr);
    ~BackgroundWriter() override;  // waits for every accepted job; undelivered results are dropped

    // Queues `work`, which fills in `request` on the writer thread (an exception becomes
    // request.error). Returns false, and runs nothing, for a droppable job while kMaxDroppable
    // droppable jobs are queued or running.
    bool submit(WriteResult request, std::function<void(WriteResult&)> work, bool droppable = false);

    // Jobs accepted whose result has not been delivered yet (GUI thread).
    int pending() const { return pending_; }
    // Blocks until every accepted job has run (their results are still delivered by the event loop).
    void waitForDone();

Q_SIGNALS:
    void finished(const ui::WriteResult& result);

private:
    void deliver(const WriteResult& result);

    int pending_ = 0;
    record::BackgroundWriter writer_{kMaxDroppable};
};

}  // namespace ui

Q_DECLARE_METATYPE(ui::WriteResult)
