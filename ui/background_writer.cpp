#include "ui/background_writer.h"

#include <QMetaObject>
#include <exception>

namespace ui {

BackgroundWriter::BackgroundWriter(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ui::WriteResult>("ui::WriteResult");
}

BackgroundWriter::~BackgroundWriter() {
    // Every accepted job runs to its end while this object still exists; the results it posts to
    // this object are discarded with it.
    writer_.wait();
}

bool BackgroundWriter::submit(WriteResult request, std::function<void(WriteResult&)> work, bool droppable) {
    auto job = [this, request = std::move(request), work = std::move(work)]() mutable {
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
        // Queued to this object's thread; dropped if this object is destroyed first.
        QMetaObject::invokeMethod(this, [this, result = std::move(request)] { deliver(result); }, Qt::QueuedConnection);
    };
    if (!writer_.submit(std::move(job), droppable)) return false;
    // After the submit, on this (the owner's) thread: the result is delivered by its event loop,
    // never before this returns.
    ++pending_;
    return true;
}

void BackgroundWriter::waitForDone() { writer_.wait(); }

void BackgroundWriter::deliver(const WriteResult& result) {
    --pending_;
    Q_EMIT finished(result);
}

}  // namespace ui
