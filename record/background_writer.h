#pragma once
// Disk work off the thread that computes (the CLI's optimization loop, the window's GUI thread):
// PNG encoding, checksums and atomic writes run one job at a time, in the order submitted, on a
// thread of their own, so a job never overtakes the writes before it and encoding never competes
// with itself for the cores.
//
// Bounded where it may be: "droppable" jobs (a window's automatic snapshots) are refused while
// max_droppable of them wait or run; other jobs are always accepted. The destructor runs every
// accepted job to its end, so nothing is lost at exit.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace record {

class BackgroundWriter {
public:
    explicit BackgroundWriter(int max_droppable = 2);
    ~BackgroundWriter();
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;

    // Queues `job`. Returns false, and runs nothing, for a droppable job while max_droppable
    // droppable jobs are queued or running. An exception a job throws is kept (first_error).
    bool submit(std::function<void()> job, bool droppable = false);
    // Blocks until every job accepted so far has run.
    void wait();
    // The message of the first exception a job threw (empty: none), and how many threw.
    std::string first_error() const;
    int failures() const;
    // Jobs accepted that have not finished.
    std::size_t in_flight() const;

private:
    struct Job {
        std::function<void()> work;
        bool droppable = false;
    };
    void run();

    const int max_droppable_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;  // a job queued, or stopping
    std::condition_variable idle_;  // a job finished
    std::deque<Job> queue_;
    std::size_t in_flight_ = 0;
    int droppable_in_flight_ = 0;
    bool stopping_ = false;
    std::string first_error_;
    int failures_ = 0;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace record
