#pragma once
// Seconds per iteration of engine::Run, single runs and compare mode.
#include <string>
#include <vector>

#include "bench/fixture.h"
#include "bench/options.h"

namespace bench {

struct Timing {
    int size = 0, height = 0, width = 0;
    engine::StyleLossMode mode = engine::StyleLossMode::Full;
    bool compare = false;
    engine::StyleLossMode compare_mode = engine::StyleLossMode::Diagonal;
    engine::OptimizerKind optimizer = engine::OptimizerKind::Lbfgs;
    int threads_requested = 0, threads = 0;
    int warmup = 0;
    std::vector<double> seconds;  // the timed iterations, in order
    double median = 0, minimum = 0;
    double setup_seconds = 0;     // Run construction: targets and the first evaluation
    double initial_loss = 0, final_loss = 0;  // the first variant's total
    std::string status;           // "finished", or why it stopped early

    std::string label() const;  // "full lbfgs 384px 2t", "full+diag adam 384px 2t"
};

// Times `iterations` steps of a run after `warmup` untimed ones.
Timing time_run(Fixture& fixture, engine::Params params, int iterations, int warmup);

// Every size x mode x optimizer x threads of the options.
std::vector<Timing> measure_throughput(Fixture& fixture, const Options& options);

// Compare mode against single runs of each of its two variants, at each compare size and
// optimizer, with all cores.
struct CompareCost {
    Timing first, second, pair;
    double ratio_to_single() const { return pair.median / first.median; }
    double ratio_to_both() const { return pair.median / (first.median + second.median); }
};
std::vector<CompareCost> measure_compare(Fixture& fixture, const Options& options);

double median(std::vector<double> values);

}  // namespace bench
