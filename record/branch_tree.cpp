#include "record/branch_tree.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/params_json.h"

namespace record {
namespace {

using nlohmann::json;

// Shorter names for the parameters an artist changes most; the others go by their JSON key.
const std::map<std::string, std::string>& shortNames() {
    static const std::map<std::string, std::string> names{
        {"style_weight", "style"},      {"content_weight", "content"}, {"tv_weight", "TV"},
        {"tv_exponent", "TV exponent"}, {"learning_rate", "rate"},     {"style_loss", "style loss"},
        {"style_layers", "layers"},     {"style_scale", "style scale"}, {"style_blend", "blend"},
        {"color_control", "colour"},    {"compare_loss", "compare"},   {"content_layer", "content layer"},
    };
    return names;
}

// Not part of what a branch changes: the count goes on from the branch point by itself, and the
// device and threads do not shape the picture.
bool ignored(const std::string& key) { return key == "iterations" || key == "device" || key == "threads"; }

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string valueText(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "on" : "off";
    if (value.is_number()) return number(value.get<double>());
    if (value.is_array()) {
        std::string text;
        for (const auto& item : value) {
            if (!text.empty()) text += ",";
            if (item.is_object() && item.contains("name")) {
                text += item["name"].get<std::string>();
                if (item.contains("weight") && item["weight"].is_number() && item["weight"].get<double>() != 1.0)
                    text += ":" + number(item["weight"].get<double>());
            } else {
                text += valueText(item);
            }
        }
        return text.empty() ? "default" : text;
    }
    return value.dump();
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string join(const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

BranchNode nodeFromJson(const json& item) {
    if (!item.is_object()) throw std::runtime_error("a branch is not an object");
    BranchNode node;
    try {
        node.id = item.at("id").get<int>();
        node.parent = item.value("parent", 0);
        node.from_iteration = item.value("from_iteration", 0);
        node.params = engine::params_from_json(item.at("params"));
        node.styles = item.value("styles", std::vector<std::string>{});
        node.folder = item.at("folder").get<std::string>();
        node.label = item.value("label", std::string());
    } catch (const json::exception& error) {
        throw std::runtime_error(std::string("a branch's field is missing or of the wrong type (") + error.what() + ")");
    }
    return node;
}

}  // namespace

std::string describe_change(const engine::Params& before, const std::vector<std::string>& styles_before,
                            const engine::Params& after, const std::vector<std::string>& styles_after) {
    const json a = engine::params_to_json(before), b = engine::params_to_json(after);
    std::vector<std::string> changes;
    for (const auto& [key, value] : b.items()) {
        if (ignored(key) || (a.contains(key) && a[key] == value)) continue;
        const auto named = shortNames().find(key);
        const std::string name = named == shortNames().end() ? key : named->second;
        changes.push_back(name + " " + (a.contains(key) ? valueText(a[key]) : "?") + " -> " + valueText(value));
    }
    if (styles_before != styles_after) {
        std::vector<std::string> was, now;
        for (const auto& path : styles_before) was.push_back(fileName(path));
        for (const auto& path : styles_after) now.push_back(fileName(path));
        changes.push_back("painting " + join(was) + " -> " + join(now));
    }
    return changes.empty() ? "no change" : join(changes);
}

std::string describe_root(const engine::Params& params) {
    return number(params.size) + " px, style " + number(params.style_weight) + ", content " +
           number(params.content_weight) + ", TV " + number(params.tv_weight);
}

int BranchTree::add(int parent, int from_iteration, const engine::Params& params, const std::vector<std::string>& styles,
                    const std::string& folder) {
    BranchNode node;
    node.id = nodes_.empty() ? 1 : nodes_.back().id + 1;
    node.parent = parent;
    node.from_iteration = parent == 0 ? 0 : from_iteration;
    node.params = params;
    node.styles = styles;
    node.folder = folder;
    if (parent == 0) {
        node.label = describe_root(params);
    } else {
        const BranchNode* from = find(parent);
        if (!from) throw std::invalid_argument("no branch " + std::to_string(parent) + " to branch from");
        node.label = describe_change(from->params, from->styles, params, styles);
    }
    nodes_.push_back(std::move(node));
    return nodes_.back().id;
}

const BranchNode* BranchTree::find(int id) const {
    for (const auto& node : nodes_)
        if (node.id == id) return &node;
    return nullptr;
}

int BranchTree::depth(int id) const {
    int depth = 0;
    for (const BranchNode* node = find(id); node && node->parent != 0; node = find(node->parent)) ++depth;
    return depth;
}

std::vector<int> BranchTree::tree_order() const {
    std::vector<int> order;
    // Depth first: a branch's own branches come right after it (ids grow, so siblings stay in order).
    std::vector<int> stack;
    for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it)
        if (it->parent == 0) stack.push_back(it->id);
    while (!stack.empty()) {
        const int id = stack.back();
        stack.pop_back();
        order.push_back(id);
        for (auto it = nodes_.rbegin(); it != nodes_.rend(); ++it)
            if (it->parent == id) stack.push_back(it->id);
    }
    return order;
}

json BranchTree::to_json() const {
    json branches = json::array();
    for (const auto& node : nodes_)
        branches.push_back({{"id", node.id},
                            {"parent", node.parent},
                            {"from_iteration", node.from_iteration},
                            {"label", node.label},
                            {"folder", node.folder},
                            {"styles", node.styles},
                            {"params", engine::params_to_json(node.params)}});
    return {{"format", "gramstudio-branches"}, {"version", 1}, {"branches", branches}};
}

BranchTree BranchTree::from_json(const json& document) {
    if (!document.is_object() || document.value("format", std::string()) != "gramstudio-branches")
        throw std::runtime_error("not a gramstudio-branches document");
    if (document.value("version", 0) > 1)
        throw std::runtime_error("version " + std::to_string(document.value("version", 0)) +
                                 " is newer than this Gram Studio reads (1)");
    if (!document.contains("branches") || !document["branches"].is_array())
        throw std::runtime_error("it lists no branches");
    BranchTree tree;
    for (const auto& item : document["branches"]) {
        BranchNode node = nodeFromJson(item);
        if (tree.find(node.id) || node.id <= (tree.nodes_.empty() ? 0 : tree.nodes_.back().id))
            throw std::runtime_error("branch " + std::to_string(node.id) + " is listed twice or out of order");
        if (node.parent != 0 && !tree.find(node.parent))
            throw std::runtime_error("branch " + std::to_string(node.id) + " names a parent listed nowhere before it");
        tree.nodes_.push_back(std::move(node));
    }
    return tree;
}

void write_branches(const BranchTree& tree, const std::string& folder) {
    engine::write_file_atomic((std::filesystem::path(folder) / kBranchesFileName).string(), tree.to_json().dump(2) + "\n");
}

BranchTree read_branches(const std::string& path) {
    const json document = engine::read_json_object(path, "branches");
    try {
        return BranchTree::from_json(document);
    } catch (const std::exception& error) {
        throw engine::InputError(path + ": " + error.what());
    }
}

}  // namespace record
