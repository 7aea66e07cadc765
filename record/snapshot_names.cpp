#include "record/snapshot_names.h"

#include <cstdio>
#include <filesystem>

namespace record {

std::string snapshot_file_name(int iteration, const std::string& variant) {
    char number[32];
    std::snprintf(number, sizeof number, "%04d", iteration);
    return "iter_" + std::string(number) + (variant.empty() ? "" : "_" + variant) + ".png";
}

std::vector<std::string> variant_names(const engine::Params& params, int variants) {
    if (variants < 2) return {};
    const std::string a = engine::to_string(params.style_loss), b = engine::to_string(params.compare_loss);
    if (a == b) return {"a", "b"};
    return {a, b};
}

std::string variant_path(const std::string& path, const std::string& variant) {
    const std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + "_" + variant + p.extension().string())).string();
}

}  // namespace record
