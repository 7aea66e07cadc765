#pragma once
// gramstudio-bench's command line: which measurements to run, at which sizes, and where to write.
#include <string>
#include <vector>

#include "engine/params.h"

namespace bench {

struct Options {
    std::vector<int> sizes{256, 384, 512};
    std::vector<engine::StyleLossMode> modes{engine::StyleLossMode::Full, engine::StyleLossMode::Diagonal,
                                             engine::StyleLossMode::MeanStd};
    std::vector<engine::OptimizerKind> optimizers{engine::OptimizerKind::Lbfgs, engine::OptimizerKind::Adam};
    std::vector<int> threads{1, 0};  // 0: all cores
    int iterations = 5;              // timed iterations per configuration
    int warmup = 2;                  // untimed iterations first (thread pools, allocator, L-BFGS history)
    std::vector<std::string> sections{"throughput", "compare", "quality", "memory"};
    std::string out_dir = "bench-out";

    // Compare mode: sizes and loss modes of the pair.
    std::vector<int> compare_sizes{512, 1024};  // the issue-18 target sizes
    // Time to quality: the size, and the baselines' iteration count (see quality.h).
    int quality_size = 384;
    int quality_iterations = 300;
    // Peak memory: the size and the iterations run in each child; 32 fill the L-BFGS history,
    // which at 1024 px is capped at 29 pairs single and 15 in compare mode (lbfgs.h).
    int memory_size = 1024;
    int memory_iterations = 32;

    std::string weights;  // empty: engine::find_weights()
    std::string content_image, style_image;  // empty: the shared building.jpg / starry_night.jpg
    engine::Padding padding = engine::Padding::Bleed;  // of every run
    bool quick = false;

    bool wants(const std::string& section) const;
};

// Parses argv; throws engine::ParamError naming the bad flag or value (with the nearest known flag
// for a misspelt one). Sets `help` for -h/--help.
Options parse_options(int argc, char** argv, bool& help);
std::string usage();

}  // namespace bench
