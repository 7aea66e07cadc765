#pragma once
// The branches of a window session: each run started with Continue from Here is a branch of the
// run it continued, from one of its iterations; a run started afresh is a root. Every branch keeps
// its snapshots in its own folder; the tree (who branched from whom, where, with what changed) is
// saved as branches.json in the root's session folder, so that the session reopens with it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/params.h"

namespace record {

inline constexpr const char* kBranchesFileName = "branches.json";

struct BranchNode {
    int id = 0;              // 1, 2, ... in the order the branches started
    int parent = 0;          // 0: a root, started afresh
    int from_iteration = 0;  // the parent's iteration it continued from
    engine::Params params;   // as it started (a branch's change label compares them with its parent's)
    std::vector<std::string> styles;  // the paintings it started with, in blend order
    std::string folder;      // its session folder: its snapshots and their records
    std::string label;       // what changed from the parent ("style 100 -> 1000"), or the root's settings
};

// What changed between a parent's parameters and paintings and a branch's, in a few words:
// "style 100 -> 1000, TV 10 -> 2"; "no change" when nothing did. Only what shapes the picture:
// the iteration count and the device are left out.
std::string describe_change(const engine::Params& before, const std::vector<std::string>& styles_before,
                            const engine::Params& after, const std::vector<std::string>& styles_after);
// A root's label: its size and weights ("256 px, style 100, content 1, TV 10").
std::string describe_root(const engine::Params& params);

class BranchTree {
public:
    // A new branch (parent 0: a root); its label is computed here. Returns its id. Throws
    // std::invalid_argument for a parent that is not in the tree.
    int add(int parent, int from_iteration, const engine::Params& params, const std::vector<std::string>& styles,
            const std::string& folder);
    const BranchNode* find(int id) const;
    const std::vector<BranchNode>& nodes() const { return nodes_; }  // in the order they started
    bool empty() const { return nodes_.empty(); }
    std::size_t size() const { return nodes_.size(); }
    // 0 for a root, 1 for its branches, ...
    int depth(int id) const;
    // The nodes in tree order (each parent before its branches, siblings in the order they started),
    // the way a tree view lists them.
    std::vector<int> tree_order() const;
    void clear() { nodes_.clear(); }

    nlohmann::json to_json() const;
    // Throws std::runtime_error naming what is wrong (a parent that comes later or is missing,
    // a duplicate id, a field of the wrong type).
    static BranchTree from_json(const nlohmann::json& document);

private:
    std::vector<BranchNode> nodes_;
};

// branches.json in `folder`, written atomically (engine::write_file_atomic); read_branches throws
// engine::InputError naming the file and the reason.
void write_branches(const BranchTree& tree, const std::string& folder);
BranchTree read_branches(const std::string& path);

}  // namespace record
