#include "cli/sidecar.h"

#include <fstream>
#include <sstream>

#include "engine/errors.h"
#include "engine/params_json.h"

namespace cli {

namespace {

using nlohmann::json;

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
    if (path.empty())
        throw engine::InputError(file + ": its " + key + " image came from no file (pasted into the window), so the run "
                                 "cannot be replayed from it");
    if (it->contains("sha256") && (*it)["sha256"].is_string()) sha256 = (*it)["sha256"].get<std::string>();
}

}  // namespace

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
