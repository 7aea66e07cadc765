#pragma once
// The record of a run (format "gramstudio-run"): every parameter, the inputs' paths and SHA-256
// checksums, the weights, and each snapshot's losses, so that the run can be reproduced
// (gramstudio-cli --replay). The CLI writes it as DIR/run.json; the window writes one beside each
// saved or exported image. Front ends decide when to record; this decides how.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/params.h"
#include "engine/run.h"

namespace record {

inline constexpr const char* kFormat = "gramstudio-run";
inline constexpr int kFormatVersion = 1;

struct InputRecord {
    std::string path;  // absolute; empty for an image that came from no file (pasted in the window)
    std::string sha256;
};

struct SnapshotRecord {
    int iteration = 0;
    std::string file;  // name inside the record's folder
    std::vector<engine::LossBreakdown> losses;  // one per variant
};

struct RunRecord {
    std::vector<std::string> arguments;  // the CLI's command line; empty for the window
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

// An input file as recorded: its absolute path and SHA-256. Throws engine::InputError naming the
// file when it cannot be read.
InputRecord describe_file(const std::string& path);

// {total, content, style, tv} (and the per-layer style terms when asked).
nlohmann::json losses_to_json(const engine::LossBreakdown& losses, bool per_layer = false);
nlohmann::json sidecar_to_json(const RunRecord& record);
// The document as written: indented JSON, bytes that are not UTF-8 (in paths) replaced.
std::string sidecar_text(const RunRecord& record);
// Atomic write; throws engine::OutputError naming the file.
void write_sidecar(const RunRecord& record, const std::string& path);

}  // namespace record
