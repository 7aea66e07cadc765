#include "cli/sidecar.h"

#include <algorithm>
#include <filesystem>

#include "engine/errors.h"
#include "engine/params_json.h"
#include "record/sha256.h"

namespace cli {

namespace {

using nlohmann::json;

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

// Reads the style images ("styles", or the one "style" of earlier versions).
void take_styles(const json& document, const std::string& file, RunOptions& options) {
    const auto styles = record::styles_from_json(document, file);
    if (styles.empty()) throw engine::InputError(file + ": not a gramstudio sidecar (no \"style\": {\"path\": ...})");
    options.styles.clear();
    options.expected_style_sha256.clear();
    for (const auto& style : styles) {
        if (style.path.empty())
            throw engine::InputError(file + ": its style image came from no file (pasted into the window), so the run "
                                     "cannot be replayed from it");
        options.styles.push_back(style.path);
        options.expected_style_sha256.push_back(style.sha256);
    }
}

std::string listed(const std::vector<record::SnapshotRecord>& snapshots) {
    std::string text;
    for (const auto& s : snapshots) text += (text.empty() ? "" : ", ") + std::to_string(s.iteration);
    return text;
}

// The parameters (and with take_inputs the inputs, start and parent) of a parsed record or
// parameters file read from `path`.
void apply_document(const json& document, const std::string& path, RunOptions& options, bool take_inputs) {
    const json& params = document.contains("params") ? document["params"] : document;
    if (!params.is_object()) throw engine::InputError(path + ": \"params\" is not a JSON object");
    try {
        options.params = engine::params_from_json(params);
    } catch (const engine::ParamError& e) {
        throw engine::ParamError(path + ": " + e.what());
    }
    if (!take_inputs) return;
    take_input(document, "content", path, options.content, options.expected_content_sha256);
    take_styles(document, path, options);
    // The masks that ran, from their copies beside the record (checked against their SHA-256 when read).
    options.style_masks.clear();
    options.recorded_masks = record::style_masks_from_json(document, path);
    options.recorded_masks_record = options.recorded_masks.empty() ? std::string() : path;
    if (document.contains("weights"))
        take_input(document, "weights", path, options.weights, options.expected_weights_sha256);
    // A run that started from an image (--init-image, a branch) replays from the same image.
    if (document.contains("init_image"))
        take_input(document, "init_image", path, options.init_image, options.expected_init_sha256);
    if (document.contains("start_iteration") && document["start_iteration"].is_number_integer())
        options.start_iteration = document["start_iteration"].get<int>();
    options.parent = record::parent_from_json(document);
    options.replayed_from = path;
}

}  // namespace

void apply_sidecar_file(const std::string& path, RunOptions& options, bool take_inputs) {
    apply_document(record::read_record_document(path), path, options, take_inputs);
}

void apply_branch(const std::string& path, int iteration, const std::string& variant, RunOptions& options) {
    const json document = record::read_record_document(path);
    apply_document(document, path, options, /*take_inputs=*/true);
    options.replayed_from.clear();  // a branch is a new run, not a replay
    const auto snapshots = record::snapshots_from_json(document, path);
    const auto found = std::find_if(snapshots.begin(), snapshots.end(),
                                    [iteration](const record::SnapshotRecord& s) { return s.iteration == iteration; });
    if (found == snapshots.end())
        throw engine::ParamError(snapshots.empty()
                                     ? path + " has no snapshots to branch from (run it with --snapshot-every K)"
                                     : "--at " + std::to_string(iteration) + ": not a snapshot of " + path +
                                           "; its snapshots are at iterations " + listed(snapshots));
    std::string file = found->file, sha256 = found->sha256;
    if (!found->variants.empty()) {
        const auto chosen = variant.empty() ? found->variants.begin()
                                            : std::find_if(found->variants.begin(), found->variants.end(),
                                                           [&variant](const record::SnapshotVariant& v) { return v.name == variant; });
        if (chosen == found->variants.end()) {
            std::string names;
            for (const auto& v : found->variants) names += (names.empty() ? "" : ", ") + v.name;
            throw engine::ParamError("--variant " + variant + ": the snapshot at " + std::to_string(iteration) + " of " +
                                     path + " has the variants " + names);
        }
        file = chosen->file;
        sha256 = chosen->sha256;
    } else if (options.params.compare) {
        throw engine::ParamError(path + ": a compare-mode run written before each variant had its own file: its "
                                 "snapshots show both variants side by side, so no single image to branch from");
    } else if (!variant.empty()) {
        throw engine::ParamError("--variant " + variant + ": " + path + " is not a compare run; its snapshots have one picture");
    }
    options.init_image = (std::filesystem::path(path).parent_path() / file).string();
    options.expected_init_sha256 = sha256;
    options.start_iteration = iteration;
    options.parent = {std::filesystem::absolute(path).lexically_normal().string(), record::sha256_file(path), iteration};
}

}  // namespace cli
