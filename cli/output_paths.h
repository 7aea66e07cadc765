#pragma once
// Where a run writes, decided and checked before the long run starts: a folder that cannot be
// written is reported (engine::OutputError, exit 4) before any work, and nothing is left behind.
#include <string>

#include "cli/run_options.h"

namespace cli {

struct OutputPaths {
    std::string out;                    // the result; in compare mode the two side by side
    std::string out_main, out_compare;  // compare mode: OUT_<mode>.png for each variant
    std::string snapshot_dir;           // empty: no snapshots
    std::string sidecar;                // empty: no sidecar
    std::string timelapse;              // empty: no video
};

// "iter_0010.png": four digits at least, so the names sort in iteration order.
std::string snapshot_file_name(int iteration);
// "out.png" + "diag" -> "out_diag.png"
std::string variant_path(const std::string& out, const std::string& mode);

// Creates missing folders and proves each one writable with a probe file it removes again.
OutputPaths plan_outputs(const RunOptions& options);

}  // namespace cli
