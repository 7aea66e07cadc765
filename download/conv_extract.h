#pragma once
// Extracting VGG-19's conv tensors from a full safetensors file into a new, smaller, valid
// safetensors file, resumably: the output is built in a .part file whose length says how far it got.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/safetensors.h"

namespace download {

struct ConvTensor {
    std::string name;                    // features.N.weight / features.N.bias
    std::uint64_t source_begin = 0;      // absolute offsets in the source file
    std::uint64_t source_end = 0;
    std::uint64_t out_begin = 0;         // offsets in the output's data section
    std::uint64_t out_end = 0;
};

struct ConvPlan {
    std::string header;                   // the output's 8-byte length + JSON header (8-byte aligned)
    std::vector<ConvTensor> tensors;      // in source order, so adjacent ones merge into one request
    std::uint64_t data_bytes = 0;         // size of the output's data section
    int layers = 0;                       // conv layers, a prefix from conv1_1
    std::uint64_t file_bytes() const { return header.size() + data_bytes; }
};

// Picks features.N.weight/bias of the conv layers (a prefix from conv1_1), checks their shapes
// against VGG-19 and their dtypes, and lays out the output. `metadata` goes into __metadata__.
// Throws engine::InputError naming `label` when the source is not a VGG-19 file.
ConvPlan plan_conv_extraction(const engine::SafetensorsHeader& source, const std::string& label,
                              const std::map<std::string, std::string>& metadata);

// The source byte ranges [begin, end) still needed when `done` data bytes of the output exist;
// ranges that touch in the source are merged into one.
std::vector<std::pair<std::uint64_t, std::uint64_t>> remaining_source_ranges(const ConvPlan& plan,
                                                                             std::uint64_t done);

// Reads the source's bytes [begin, end) and passes them on in order, in chunks of any size.
using RangeReader = std::function<void(std::uint64_t begin, std::uint64_t end,
                                       const std::function<void(const char*, std::size_t)>& sink)>;

struct ExtractStats {
    std::uint64_t resumed_from = 0;  // data bytes already in the .part file
    std::uint64_t fetched = 0;       // data bytes read from the source this time
};

// Builds the output in `part_path`, continuing a .part that starts with the same header;
// a .part with another header is started over. Throws engine::OutputError naming the file.
// When `read` throws, the bytes received so far stay in the .part for the next attempt.
ExtractStats extract_conv_tensors(const ConvPlan& plan, const RangeReader& read, const std::string& part_path,
                                  const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {});

// The header length in the first 8 bytes of a safetensors file (little-endian).
std::uint64_t safetensors_header_length(const unsigned char bytes[8]);

}  // namespace download
