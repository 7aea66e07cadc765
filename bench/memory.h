#pragma once
// Peak resident memory of a run, measured in a child process (this same executable started with
// --memory-child) so that the bench's own allocations do not count: the parent reads the child's
// ru_maxrss from wait4(); the child also reports its VmHWM and the engine's own estimate.
#include <string>
#include <vector>

#include "bench/fixture.h"
#include "bench/options.h"

namespace bench {

struct MemoryResult {
    int size = 0, height = 0, width = 0;
    bool compare = false;
    engine::OptimizerKind optimizer = engine::OptimizerKind::Lbfgs;
    int iterations = 0;
    double peak_mib = 0;      // ru_maxrss of the child
    double vm_hwm_mib = 0;    // the child's own /proc/self/status VmHWM
    double baseline_mib = 0;  // the child's VmHWM before the run (model, images, LibTorch)
    double estimate_mib = 0;  // engine::estimate_run_bytes
    std::string error;        // empty when the child succeeded
};

// Single and compare mode, each optimizer, at options.memory_size.
std::vector<MemoryResult> measure_memory(Fixture& fixture, const Options& options, const std::string& self_path);

// The child's entry: argv after "--memory-child": SIZE COMPARE(0|1) OPTIMIZER ITERATIONS RESULT_FILE,
// plus the fixture flags. Returns the exit code.
int memory_child_main(int argc, char** argv);

}  // namespace bench
