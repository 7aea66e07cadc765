#include "cli/sidecar.h"

#include <fstream>
#include <sstream>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/params_json.h"

namespace cli {

namespace {

using nlohmann::json;

json input_to_json(const InputRecord& input) { return {{"path", input.path}, {"sha256", input.sha256}}; }

std::string read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw engine::InputError(path + ": cannot open the sidecar/parameters file");
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Reads {"path": ..., "sha256": ...} of one input.
void take_input(const json& document, const char* key, const std::string& file, std::string& path,
                std::string& sha256) {
    const auto it = document.find(key);
    if (it == document.end() || !it->is_object() || !it->contains("path") || !(*it)["path"].is_string())
        throw engine::InputError(file + ": not a gramstudio sidecar (no \"" + key + "\": {\"path\": ...})");
    path = (*it)["path"].get<std::string>();
    if (it->contains("sha256") && (*it)["sha256"].is_string()) sha256 = (*it)["sha256"].get<std::string>();
}

}  // namespace

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
        {"format", "gramstudio-run"},
        {"format_version", 1},
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

void write_sidecar(const RunRecord& record, const std::string& path) {
    // Paths may hold bytes that are not UTF-8: replace them rather than fail the whole run.
    const std::string text = sidecar_to_json(record).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    engine::write_file_atomic(path, text);
}

void apply_sidecar_file(const std::string& path, RunOptions& options, bool take_inputs) {
    json document;
    try {
        document = json::parse(read_text_file(path));
    } catch (const json::exception& e) {
        throw engine::InputError(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!document.is_object()) throw engine::InputError(path + ": not a JSON object");
    const json& params = document.contains("params") ? document["params"] : document;
    if (!params.is_object()) throw engine::InputError(path + ": \"params\" is not a JSON object");
    try {
        options.params = engine::params_from_json(params);
    } catch (const engine::ParamError& e) {
        throw engine::ParamError(path + ": " + e.what());
    }
    if (!take_inputs) return;
    take_input(document, "content", path, options.content, options.expected_content_sha256);
    take_input(document, "style", path, options.style, options.expected_style_sha256);
    if (document.contains("weights"))
        take_input(document, "weights", path, options.weights, options.expected_weights_sha256);
    options.replayed_from = path;
}

}  // namespace cli
