#pragma once
// Where each style went (engine::Params::style_masks), as a run's record keeps it: every mask
// written as an 8-bit greyscale PNG in the record's folder, named after its content
// (style_mask_<style>_<first 12 hex of its SHA-256>.png), so that a replay reads exactly the mask
// that ran even after the file it came from was moved, changed or never existed (a mask painted
// in the window), and writing a copy never replaces a different file.
#include <string>
#include <vector>

#include "engine/region_mask.h"

namespace record {

struct MaskRecord {
    std::string source;  // the file it was read from (absolute), empty for a painted mask
    std::string copy;    // the PNG's name inside the record's folder
    std::string sha256;  // of the PNG's bytes
};

// Reads a mask file (greyscale, or RGB read as luminance). Throws engine::InputError naming the
// file when it cannot be read or selects no pixel at all (all black: an empty region).
engine::RegionMask load_mask_file(const std::string& path);

// What write_style_masks would record, without writing anything (a run that keeps no record).
std::vector<MaskRecord> describe_style_masks(const std::vector<engine::SharedMask>& masks,
                                             const std::vector<std::string>& sources);

// Writes the masks' PNGs into `folder` (atomically; a file of that name with the same bytes is
// left as it is) and returns their records. sources: one path per mask, or empty. Throws
// engine::OutputError naming the file that cannot be written.
std::vector<MaskRecord> write_style_masks(const std::vector<engine::SharedMask>& masks,
                                          const std::vector<std::string>& sources, const std::string& folder);

// The masks a record names, read from its folder (the folder of `record_path`) and checked
// against their SHA-256. Throws engine::InputError naming the file that is missing or changed.
std::vector<engine::SharedMask> read_style_masks(const std::vector<MaskRecord>& masks, const std::string& record_path);

}  // namespace record
