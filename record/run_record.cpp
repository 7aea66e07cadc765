#include "record/run_record.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/params_json.h"
#include "record/sha256.h"

namespace record {

namespace {

using nlohmann::json;

json input_to_json(const InputRecord& input) { return {{"path", input.path}, {"sha256", input.sha256}}; }

InputRecord input_from_json(const json& document, const char* key) {
    const auto it = document.find(key);
    if (it == document.end() || !it->is_object()) return {};
    return {it->value("path", std::string()), it->value("sha256", std::string())};
}

}  // namespace

json styles_to_json(const RunRecord& r) {
    json list = json::array();
    std::vector<double> blend(r.styles.size(), 0.0);
    try {
        blend = engine::blend_weights(r.params, r.styles.size());
    } catch (const engine::ParamError&) {
        // A record being filled in before its parameters are known: no blend to show yet.
    }
    for (std::size_t i = 0; i < r.styles.size(); ++i) {
        list.push_back({{"file", r.styles[i].path}, {"sha256", r.styles[i].sha256}, {"blend", blend[i]}});
        if (i < r.style_masks.size()) {
            const auto& mask = r.style_masks[i];
            list.back()["mask"] = {{"file", mask.source}, {"copy", mask.copy}, {"sha256", mask.sha256}};
        }
    }
    return list;
}


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
        json snapshot = {{"iteration", s.iteration}, {"file", s.file}, {"losses", losses}};
        if (!s.sha256.empty()) snapshot["sha256"] = s.sha256;
        if (!s.variants.empty()) {
            json variants = json::array();
            for (const auto& v : s.variants) variants.push_back({{"name", v.name}, {"file", v.file}, {"sha256", v.sha256}});
            snapshot["variants"] = variants;
        }
        snapshots.push_back(snapshot);
    }
    json document = {
        {"format", kFormat},
        {"format_version", kFormatVersion},
        {"arguments", r.arguments},
        {"params", engine::params_to_json(r.params)},
        {"content", input_to_json(r.content)},
        {"style", input_to_json(r.styles.empty() ? InputRecord{} : r.styles.front())},
        {"styles", styles_to_json(r)},
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
    if (!r.init_image.path.empty()) document["init_image"] = input_to_json(r.init_image);
    if (r.start_iteration > 0) document["start_iteration"] = r.start_iteration;
    if (!r.parent.run.empty())
        document["parent"] = {{"run", r.parent.run}, {"sha256", r.parent.sha256}, {"iteration", r.parent.iteration}};
    return document;
}

std::string sidecar_text(const RunRecord& record) {
    // Paths may hold bytes that are not UTF-8: replace them rather than fail the whole run.
    return sidecar_to_json(record).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_sidecar(const RunRecord& record, const std::string& path) {
    engine::write_file_atomic(path, sidecar_text(record));
}

int format_version(const json& document, const std::string& path) {
    if (!document.is_object() || !document.contains("format")) return 0;
    if (document["format"] != kFormat)
        throw engine::InputError(path + ": not a " + std::string(kFormat) + " record (format " +
                                 document["format"].dump() + ")");
    const auto it = document.find("format_version");
    if (it == document.end() || !it->is_number_integer() || it->get<int>() < 1)
        throw engine::InputError(path + ": a " + std::string(kFormat) + " record without a valid format_version");
    const int version = it->get<int>();
    if (version > kFormatVersion)
        throw engine::InputError(path + ": written by a newer Gram Studio (record format version " +
                                 std::to_string(version) + "; this one reads up to " + std::to_string(kFormatVersion) +
                                 ")");
    return version;
}

ParentLink parent_from_json(const json& document) {
    ParentLink link;
    const auto parent = document.find("parent");
    if (parent == document.end() || !parent->is_object()) return link;
    if (const auto it = parent->find("run"); it != parent->end() && it->is_string()) link.run = it->get<std::string>();
    if (const auto it = parent->find("sha256"); it != parent->end() && it->is_string()) link.sha256 = it->get<std::string>();
    if (const auto it = parent->find("iteration"); it != parent->end() && it->is_number_integer())
        link.iteration = it->get<int>();
    return link;
}

std::vector<InputRecord> styles_from_json(const json& document, const std::string& path) {
    const auto list = document.find("styles");
    if (list == document.end()) {
        if (!document.contains("style") || !document["style"].is_object()) return {};
        return {input_from_json(document, "style")};
    }
    if (!list->is_array()) throw engine::InputError(path + ": \"styles\" is not a list");
    std::vector<InputRecord> styles;
    for (const auto& item : *list) {
        if (!item.is_object() || !item.contains("file") || !item["file"].is_string())
            throw engine::InputError(path + ": a style without a file name in \"styles\"");
        InputRecord style{item["file"].get<std::string>(), {}};
        if (item.contains("sha256") && item["sha256"].is_string()) style.sha256 = item["sha256"].get<std::string>();
        styles.push_back(style);
    }
    return styles;
}

std::vector<MaskRecord> style_masks_from_json(const json& document, const std::string& path) {
    const auto list = document.find("styles");
    if (list == document.end() || !list->is_array()) return {};
    std::vector<MaskRecord> masks;
    for (const auto& item : *list) {
        if (!item.is_object() || !item.contains("mask")) continue;
        const auto& mask = item["mask"];
        if (!mask.is_object() || !mask.contains("copy") || !mask["copy"].is_string())
            throw engine::InputError(path + ": a style mask without the name of its copy in \"styles\"");
        MaskRecord record;
        record.copy = mask["copy"].get<std::string>();
        if (record.copy.empty() || std::filesystem::path(record.copy).filename() != record.copy)
            throw engine::InputError(path + ": a style mask's copy must be a file name beside the record, not \"" +
                                     record.copy + "\"");
        record.source = mask.value("file", std::string());
        record.sha256 = mask.value("sha256", std::string());
        masks.push_back(std::move(record));
    }
    if (!masks.empty() && masks.size() != list->size())
        throw engine::InputError(path + ": " + std::to_string(masks.size()) + " of " + std::to_string(list->size()) +
                                 " styles have a mask: a run with masks has one per style");
    return masks;
}

std::vector<SnapshotRecord> snapshots_from_json(const json& document, const std::string& path) {
    std::vector<SnapshotRecord> snapshots;
    const auto list = document.find("snapshots");
    if (list == document.end()) return snapshots;
    if (!list->is_array()) throw engine::InputError(path + ": \"snapshots\" is not a list");
    for (const auto& item : *list) {
        if (!item.is_object() || !item.contains("iteration") || !item["iteration"].is_number_integer() ||
            !item.contains("file") || !item["file"].is_string())
            throw engine::InputError(path + ": a snapshot without an iteration number and a file name");
        SnapshotRecord snapshot;
        snapshot.iteration = item["iteration"].get<int>();
        snapshot.file = item["file"].get<std::string>();
        if (item.contains("sha256") && item["sha256"].is_string()) snapshot.sha256 = item["sha256"].get<std::string>();
        if (item.contains("variants")) {
            if (!item["variants"].is_array())
                throw engine::InputError(path + ": the \"variants\" of the snapshot at " +
                                         std::to_string(snapshot.iteration) + " are not a list");
            for (const auto& v : item["variants"]) {
                if (!v.is_object() || !v.contains("name") || !v["name"].is_string() || !v.contains("file") ||
                    !v["file"].is_string())
                    throw engine::InputError(path + ": a variant of the snapshot at " + std::to_string(snapshot.iteration) +
                                             " without a name and a file");
                snapshot.variants.push_back({v["name"].get<std::string>(), v["file"].get<std::string>(),
                                             v.contains("sha256") && v["sha256"].is_string() ? v["sha256"].get<std::string>()
                                                                                              : std::string()});
            }
        }
        snapshots.push_back(snapshot);
    }
    return snapshots;
}

json read_record_document(const std::string& path) {
    const json document = engine::read_json_object(path, "sidecar/parameters");
    format_version(document, path);  // refuses another format or a newer version
    return document;
}

RunRecord read_run_record(const std::string& path) {
    const json document = read_record_document(path);
    if (!document.contains("format"))  // a bare parameters file (read_record_document checked the rest)
        throw engine::InputError(path + ": not a " + std::string(kFormat) + " record (no \"format\")");
    RunRecord record;
    if (!document.contains("params") || !document["params"].is_object())
        throw engine::InputError(path + ": a record without \"params\"");
    try {
        record.params = engine::params_from_json(document["params"]);
    } catch (const engine::ParamError& e) {
        throw engine::ParamError(path + ": " + e.what());
    }
    try {  // a value of the wrong type (a string where a number goes) is a broken record
        record.content = input_from_json(document, "content");
        record.styles = styles_from_json(document, path);
        record.style_masks = style_masks_from_json(document, path);
        record.weights = input_from_json(document, "weights");
        record.init_image = input_from_json(document, "init_image");
        record.start_iteration = document.value("start_iteration", 0);
        record.parent = parent_from_json(document);
        if (const auto size = document.find("size"); size != document.end() && size->is_array() && size->size() == 2 &&
                                                     (*size)[0].is_number_integer() && (*size)[1].is_number_integer()) {
            record.height = (*size)[0].get<int>();
            record.width = (*size)[1].get<int>();
        }
        record.device = document.value("device", std::string());
        record.status = document.value("status", std::string());
        record.snapshots = snapshots_from_json(document, path);
    } catch (const json::exception& e) {
        throw engine::InputError(path + ": a broken record (" + e.what() + ")");
    }
    return record;
}

}  // namespace record
