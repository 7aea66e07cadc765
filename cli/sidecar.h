#pragma once
// The JSON sidecar of a run (DIR/run.json): every parameter, the inputs' paths and SHA-256
// checksums, the weights, and each snapshot's losses, so the run can be reproduced (--replay).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_options.h"
#include "engine/params.h"
#include "engine/run.h"

namespace cli {

struct InputRecord {
    std::string path;  // absolute
    std::string sha256;
};

struct SnapshotRecord {
    int iteration = 0;
    std::string file;  // name inside the snapshot folder
    std::vector<engine::LossBreakdown> losses;  // one per variant
};

struct RunRecord {
    std::vector<std::string> arguments;
    std::string replayed_from;
    engine::Params params;  // as run: the model's default layers filled in
    InputRecord content, style, weights;
    std::string device;
    int threads = 0;
    int height = 0, width = 0;
    int snapshot_every = 0;
    std::vector<SnapshotRecord> snapshots;
    std::string status = "running";
    nlohmann::json result;  // final losses, outputs, compare statistics; null while running
};

// {total, content, style, tv} (and the per-layer style terms when asked).
nlohmann::json losses_to_json(const engine::LossBreakdown& losses, bool per_layer = false);
nlohmann::json sidecar_to_json(const RunRecord& record);
// Atomic write; throws engine::OutputError naming the file.
void write_sidecar(const RunRecord& record, const std::string& path);

// Applies a sidecar (or a bare parameters object) to options: its parameters, and with
// take_inputs also the content, style and weights paths and their checksums. Throws
// engine::InputError when the file is unreadable or not JSON, ParamError for bad values.
void apply_sidecar_file(const std::string& path, RunOptions& options, bool take_inputs);

}  // namespace cli
