#pragma once
// Where a run writes, decided and checked before the long run starts: a folder that cannot be
// written is reported (engine::OutputError, exit 4) before any work, and nothing is left behind.
#include <string>
#include <vector>

#include "cli/run_options.h"
#include "cli/snapshot_folder.h"

namespace cli {

struct OutputPaths {
    std::string out;                    // the result; in compare mode the two side by side
    std::string out_main, out_compare;  // compare mode: OUT_<mode>.png for each variant
    std::string snapshot_dir;           // empty: no snapshots
    std::string sidecar;                // empty: no sidecar
    std::string timelapse;              // empty: no video
    EarlierRun earlier_run;             // --overwrite: what an earlier run left in snapshot_dir
};

// An input file and what it is, for messages: {"the content image", "photo.jpg"}.
struct NamedInput {
    std::string what, path;
};


// True when a and b name the same file: the same device and inode when both exist (hard and
// symbolic links included), else the same path once the links of its existing part are resolved.
bool same_file(const std::string& a, const std::string& b);

// Creates missing folders and proves each one writable with a probe file it removes again.
// Refuses (engine::OutputError, exit 4) an output that is the same file as one of `inputs` (a run
// would replace the user's photo with its result), two outputs that are the same file, an input
// that a snapshot would overwrite, and a snapshot folder holding another run (snapshot_folder.h).
OutputPaths plan_outputs(const RunOptions& options, const std::vector<NamedInput>& inputs = {});

}  // namespace cli
