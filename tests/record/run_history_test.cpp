// The history of a run's iterations kept in memory (record/run_history.h): what is kept within
// the budget, and how iterations are found.
#include "catch_checks.h"

#include <algorithm>

#include "record/run_history.h"

using record::HistoryEntry;
using record::RunHistory;

namespace {

// An iteration whose single image is `bytes` bytes (a 1-px-high strip), its value the iteration.
HistoryEntry entry(int iteration, int bytes = 300) {
    HistoryEntry e;
    e.iteration = iteration;
    e.set_images({{bytes / 3, 1, std::vector<std::uint8_t>(bytes, static_cast<std::uint8_t>(iteration))}});
    e.losses.total = 1000.0 / (iteration + 1);
    return e;
}

std::vector<int> kept(const RunHistory& history) {
    std::vector<int> iterations;
    for (const auto& e : history.entries()) iterations.push_back(e.iteration);
    return iterations;
}

}  // namespace

TEST_CASE("within the budget every iteration is kept", "[history]") {
    RunHistory history(10 * 300);
    for (int i = 0; i < 10; ++i) history.add(entry(i));
    CHECK(kept(history) == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(history.bytes() == 3000);
    CHECK(history.stride() == 1);
    CHECK(history.entries()[4].images()[0].pixels[0] == 4);
}

TEST_CASE("over the budget iterations are thinned evenly, keeping the first and the latest", "[history]") {
    RunHistory history(10 * 300);  // room for ten
    // Worked by hand: the 11th iteration (10) doubles the step to 2 (0 2 4 6 8 10); the one after
    // 18 fills the budget again (0 2 ... 18 19) and doubles it to 4: 0 4 8 12 16 19.
    for (int i = 0; i <= 10; ++i) history.add(entry(i));
    CHECK(kept(history) == std::vector<int>{0, 2, 4, 6, 8, 10});
    CHECK(history.stride() == 2);
    for (int i = 11; i <= 19; ++i) history.add(entry(i));
    CHECK(kept(history) == std::vector<int>{0, 4, 8, 12, 16, 19});
    CHECK(history.stride() == 4);
    CHECK(history.bytes() == 6 * 300);

    // A long run: never over the budget, the first and latest there, and the rest evenly spaced.
    for (int i = 20; i < 1000; ++i) {
        history.add(entry(i));
        REQUIRE(history.bytes() <= history.budget());
        REQUIRE(history.entries().front().iteration == 0);
        REQUIRE(history.entries().back().iteration == i);
    }
    const auto iterations = kept(history);
    INFO("kept " << iterations.size() << " iterations, step " << history.stride());
    CHECK(iterations.size() >= 5);  // at least half the budget in use
    for (std::size_t k = 1; k + 1 < iterations.size(); ++k) CHECK(iterations[k] - iterations[k - 1] == history.stride());
    CHECK(history.bytes() == iterations.size() * 300);
}

TEST_CASE("snapshots are kept whatever the budget", "[history]") {
    RunHistory history(10 * 300);
    for (int i = 0; i < 100; ++i) {
        history.add(entry(i));
        if (i == 7 || i == 33 || i == 77) CHECK(history.pin(i));
    }
    const auto iterations = kept(history);
    for (int snapshot : {7, 33, 77}) CHECK(std::count(iterations.begin(), iterations.end(), snapshot) == 1);
    CHECK_FALSE(history.pin(1000));  // not kept: nothing to pin
    // A budget that holds less than the pinned ones keeps them and the ends, nothing else.
    history.set_budget(300);
    CHECK(kept(history) == std::vector<int>{0, 7, 33, 77, 99});
}

TEST_CASE("the same iteration again replaces it, keeping its pin", "[history]") {
    RunHistory history;
    history.add(entry(0));
    history.add(entry(5));
    REQUIRE(history.pin(5));
    HistoryEntry final_state = entry(5, 600);  // a run's last frame repeats its iteration
    history.add(final_state);
    REQUIRE(history.size() == 2);
    CHECK(history.entries()[1].pinned);
    CHECK(history.bytes() == 900);
}

TEST_CASE("the nearest kept iteration is found, the earlier of two as near", "[history]") {
    RunHistory history;
    CHECK(history.nearest(3) == -1);
    for (int i : {10, 20, 40}) history.add(entry(i));
    CHECK(history.nearest(0) == 0);
    CHECK(history.nearest(14) == 0);
    CHECK(history.nearest(15) == 0);
    CHECK(history.nearest(16) == 1);
    CHECK(history.nearest(20) == 1);
    CHECK(history.nearest(31) == 2);
    CHECK(history.nearest(1000) == 2);
}

TEST_CASE("the parameters of each generation are kept with the history", "[history]") {
    RunHistory history;
    engine::Params first, second;
    second.style_weight = 300;
    history.note_params(0, first);
    history.note_params(3, second);
    REQUIRE(history.params_of(3) != nullptr);
    CHECK(history.params_of(3)->style_weight == 300);
    CHECK(history.params_of(1) == nullptr);
    history.clear();
    CHECK(history.params_of(0) == nullptr);
    CHECK(history.empty());
    CHECK(history.bytes() == 0);
}

TEST_CASE("A branch's history holds its ancestors' iterations up to the branch point, sharing their images", "[history]") {
    RunHistory parent(100000);
    engine::Params params;
    params.style_weight = 1234;
    parent.note_params(7, params);
    for (int i = 0; i <= 10; ++i) {
        HistoryEntry e = entry(i);
        e.generation = 7;
        parent.add(std::move(e));
    }
    parent.pin(6);
    RunHistory branch = parent.until(6);
    CHECK(kept(branch) == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
    CHECK(branch.bytes() == 7 * 300);
    CHECK(branch.budget() == parent.budget());
    CHECK(branch.entries()[6].pinned);
    REQUIRE(branch.params_of(7));
    CHECK(branch.params_of(7)->style_weight == 1234);
    // The same pixels, not a copy; and the parent keeps all of its own.
    CHECK(branch.entries()[3].shared_images == parent.entries()[3].shared_images);
    CHECK(parent.size() == 11);
    // The branch goes on from there on its own.
    branch.add(entry(7, 600));
    CHECK(kept(branch).back() == 7);
    CHECK(branch.entries().back().bytes() == 600);
    CHECK(parent.entries()[7].bytes() == 300);
}
