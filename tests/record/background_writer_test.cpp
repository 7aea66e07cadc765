// The writer both front ends write through (record/background_writer.h): order, the bound on
// droppable jobs, errors kept, and nothing lost at the end.
#include "catch_checks.h"

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "record/background_writer.h"

using record::BackgroundWriter;

TEST_CASE("jobs run off the caller's thread, one at a time, in the order submitted", "[record][writer]") {
    std::vector<int> order;
    std::vector<std::thread::id> threads;
    BackgroundWriter writer;
    for (int i = 0; i < 50; ++i)
        REQUIRE(writer.submit([&order, &threads, i] {
            order.push_back(i);  // no lock: one job at a time
            threads.push_back(std::this_thread::get_id());
        }));
    writer.wait();
    REQUIRE(order.size() == 50);
    for (int i = 0; i < 50; ++i) CHECK(order[i] == i);
    for (const auto& id : threads) CHECK(id != std::this_thread::get_id());
    CHECK(writer.in_flight() == 0);
}

TEST_CASE("droppable jobs are refused while two wait or run, the others never", "[record][writer]") {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> ran{0};
    BackgroundWriter writer(2);
    // The first job holds the thread, so everything after it waits.
    REQUIRE(writer.submit([released, &ran] { released.wait(); ++ran; }, true));
    REQUIRE(writer.submit([&ran] { ++ran; }, true));
    CHECK_FALSE(writer.submit([&ran] { ++ran; }, true));  // a third automatic snapshot: dropped
    CHECK(writer.submit([&ran] { ++ran; }));               // a Snap or a result: always taken
    CHECK(writer.in_flight() == 3);
    release.set_value();
    writer.wait();
    CHECK(ran == 3);
    CHECK(writer.submit([&ran] { ++ran; }, true));  // room again
    writer.wait();
    CHECK(ran == 4);
}

TEST_CASE("a job's error is kept and the jobs after it still run", "[record][writer]") {
    BackgroundWriter writer;
    int after = 0;
    writer.submit([] { throw std::runtime_error("cannot write /full/disk/iter_0010.png: No space left"); });
    writer.submit([] { throw std::runtime_error("second"); });
    writer.submit([&after] { ++after; });
    writer.wait();
    CHECK(writer.first_error() == "cannot write /full/disk/iter_0010.png: No space left");
    CHECK(writer.failures() == 2);
    CHECK(after == 1);
}

TEST_CASE("destroying the writer runs every job accepted first", "[record][writer]") {
    std::atomic<int> ran{0};
    {
        BackgroundWriter writer;
        for (int i = 0; i < 20; ++i)
            writer.submit([&ran] {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                ++ran;
            });
    }
    CHECK(ran == 20);
}
