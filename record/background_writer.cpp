#include "record/background_writer.h"

#include <exception>

namespace record {

BackgroundWriter::BackgroundWriter(int max_droppable) : max_droppable_(max_droppable), thread_([this] { run(); }) {}

BackgroundWriter::~BackgroundWriter() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();  // the thread empties the queue before it ends
}

bool BackgroundWriter::submit(std::function<void()> job, bool droppable) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (droppable) {
            if (droppable_in_flight_ >= max_droppable_) return false;
            ++droppable_in_flight_;
        }
        ++in_flight_;
        queue_.push_back({std::move(job), droppable});
    }
    wake_.notify_one();
    return true;
}

void BackgroundWriter::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return in_flight_ == 0; });
}

std::string BackgroundWriter::first_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return first_error_;
}

int BackgroundWriter::failures() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_;
}

std::size_t BackgroundWriter::in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
}

void BackgroundWriter::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        std::string error;
        bool failed = false;
        try {
            job.work();
        } catch (const std::exception& e) {
            failed = true;
            error = e.what();
        } catch (...) {
            failed = true;
            error = "unknown error while writing";
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (failed && failures_++ == 0) first_error_ = error;
            if (job.droppable) --droppable_in_flight_;
            --in_flight_;
        }
        idle_.notify_all();
    }
}

}  // namespace record
