#pragma once
// One naming scheme for what a run leaves behind, in both front ends (the CLI's snapshot folder
// and the window's session folder are the same format): snapshots "iter_0010.png", four digits
// at least so that names sort in iteration order; the variants of a compare run, one file each,
// named after their style loss: "iter_0010_full.png", "iter_0010_diag.png" (and "out_diag.png"
// beside a result).
#include <string>
#include <vector>

#include "engine/params.h"

namespace record {

std::string snapshot_file_name(int iteration, const std::string& variant = {});
// The names of a compare run's variants: its two style losses ("full", "diag"), or "a" and "b"
// when both are the same loss (to compare seeds, say); none below two variants.
std::vector<std::string> variant_names(const engine::Params& params, int variants);
// "dir/out.png" + "diag" -> "dir/out_diag.png"
std::string variant_path(const std::string& path, const std::string& variant);

}  // namespace record
