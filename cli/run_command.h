#pragma once
// The stylize command: loads the inputs, runs engine::Run with progress, writes snapshots, the
// sidecar, the timelapse and the result, and prints the JSON summary.
#include <string>
#include <vector>

namespace cli {

// Returns the exit code; engine errors propagate to the caller, which maps them to exit codes.
int run_command(const std::vector<std::string>& args);

}  // namespace cli
