#include "record/run_record.h"

#include <filesystem>

#include "engine/image_io.h"
#include "engine/params_json.h"
#include "record/sha256.h"

namespace record {

namespace {

using nlohmann::json;

json input_to_json(const InputRecord& input) { return {{"path", input.path}, {"sha256", input.sha256}}; }

}  // namespace

InputRecord describe_file(const std::string& path) {
    return {std::filesystem::absolute(path).lexically_normal().string(), sha256_file(path)};
}

json losses_to_json(const engine::LossBreakdown& losses, bool per_layer) {
    json out = {{"total", losses.total}, {"content", losses.content}, {"style", losses.style}, {"tv", losses.tv}};
    if (per_layer) {
        json layers = json::object();
        for (const auto& [name, value] : losses.style_per_layer) layers[name] = value;
        out["style_per_layer"] = layers;
    }
    return out;
}

json sidecar_to_json(const RunRecord& r) {
    json snapshots = json::array();
    for (const auto& s : r.snapshots) {
        json losses = json::array();
        for (const auto& l : s.losses) losses.push_back(losses_to_json(l, true));
        snapshots.push_back({{"iteration", s.iteration}, {"file", s.file}, {"losses", losses}});
    }
    json document = {
        {"format", kFormat},
        {"format_version", kFormatVersion},
        {"arguments", r.arguments},
        {"params", engine::params_to_json(r.params)},
        {"content", input_to_json(r.content)},
        {"style", input_to_json(r.style)},
        {"weights", input_to_json(r.weights)},
        {"device", r.device},
        {"threads", r.threads},
        {"size", {r.height, r.width}},
        {"snapshot_every", r.snapshot_every},
        {"snapshots", snapshots},
        {"status", r.status},
        {"result", r.result},
    };
    if (!r.replayed_from.empty()) document["replayed_from"] = r.replayed_from;
    return document;
}

std::string sidecar_text(const RunRecord& record) {
    // Paths may hold bytes that are not UTF-8: replace them rather than fail the whole run.
    return sidecar_to_json(record).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_sidecar(const RunRecord& record, const std::string& path) {
    engine::write_file_atomic(path, sidecar_text(record));
}

}  // namespace record
