#include "ui/background_writer.h"

#include <QMetaObject>
#include <QThread>
#include <exception>

namespace ui {

BackgroundWriter::BackgroundWriter(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ui::WriteResult>("ui::WriteResult");
    // One thread: jobs run in submission order, so an export never overtakes the snapshot
    // writes before it, and PNG encoding never competes with itself for the two cores.
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);  // keep the thread: snapshots arrive every few hundred ms
    pool_.setObjectName(QStringLiteral("BackgroundWriter"));
}

BackgroundWriter::~BackgroundWriter() {
    // Every accepted job runs to its end; the results it posts to this object are discarded with it.
    pool_.waitForDone();
}

bool BackgroundWriter::submit(WriteResult request, std::function<void(WriteResult&)> work, bool droppable) {
    if (droppable) {
        // Only the GUI thread increments, so the check and the increment cannot race with another
        // submit; the writer thread only decrements.
        if (droppableInFlight_.load() >= kMaxDroppable) return false;
        ++droppableInFlight_;
    }
    ++pending_;
    pool_.start([this, request = std::move(request), work = std::move(work), droppable]() mutable {
        try {
            work(request);
        } catch (const std::exception& error) {
            request.written.clear();
            request.thumbnails.clear();
            request.labels.clear();
            request.error = QString::fromStdString(error.what());
        } catch (...) {
            request.written.clear();
            request.error = tr("%1: unknown error while writing").arg(request.target);
        }
        if (droppable) --droppableInFlight_;
        // Queued to this object's thread; dropped if this object is destroyed first.
        QMetaObject::invokeMethod(this, [this, result = std::move(request)] { deliver(result); }, Qt::QueuedConnection);
    });
    return true;
}

void BackgroundWriter::waitForDone() { pool_.waitForDone(); }

void BackgroundWriter::deliver(const WriteResult& result) {
    --pending_;
    Q_EMIT finished(result);
}

}  // namespace ui
