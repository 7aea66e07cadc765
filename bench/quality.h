#pragma once
// Time to quality: wall time until an image reaches the loss that a baseline run reaches after N
// iterations. Two comparisons:
//  - against the plain loop of a textbook (single scale, Adam, white-noise start): what L-BFGS,
//    starting from the content and coarse-to-fine scales buy (the target);
//  - against the app's own default (single scale, L-BFGS from the content): what multi-scale
//    adds on top of it.
// Every loss that decides is evaluated the same way: one engine::Objective at the final size
// (single variant, the run's parameters) applied to the 8-bit image a user would save. Time
// spent on those checks is not counted.
#include <string>
#include <utility>
#include <vector>

#include "bench/fixture.h"
#include "bench/options.h"

namespace bench {

struct QualityRun {
    std::string label;
    engine::OptimizerKind optimizer = engine::OptimizerKind::Lbfgs;
    engine::InitMode init = engine::InitMode::Content;
    int scales = 1;
    int iterations = 0;            // the run's budget
    bool reached = false;
    double seconds_to_target = 0;  // wall time (setup included, checks excluded) when reached
    int iteration_reached = 0;
    double total_seconds = 0;      // wall time of all iterations run
    double final_loss = 0;         // final-size loss of the last 8-bit image
    // (wall seconds, final-size loss of the float image) at every iteration of the final scale.
    std::vector<std::pair<double, double>> curve;
};

struct QualityComparison {
    std::string title;
    double target_loss = 0;        // the baseline's final image, evaluated at the final size
    double baseline_seconds = 0;
    std::vector<QualityRun> runs;  // runs[0] is the baseline
};

struct QualityReport {
    int size = 0, height = 0, width = 0, threads = 0;
    int baseline_iterations = 0;
    std::vector<QualityComparison> comparisons;  // [0]: against the plain loop; [1]: against the default
};

QualityReport measure_quality(Fixture& fixture, const Options& options);

}  // namespace bench
