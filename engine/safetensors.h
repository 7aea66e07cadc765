#pragma once
// Reading safetensors files: 8-byte little-endian header length, a JSON header, raw data.
// Everything in the header is untrusted: sizes are checked against the file before any
// allocation, so a broken or hostile file is refused with InputError, never a crash.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

namespace engine {

struct TensorEntry {
    std::string dtype;            // "F32", "F16", "BF16", ...
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;      // byte offsets relative to the start of the data section
    std::uint64_t end = 0;
};

struct SafetensorsHeader {
    std::map<std::string, TensorEntry> tensors;
    std::map<std::string, std::string> metadata;  // "__metadata__"
    std::uint64_t data_offset = 0;                // 8 + header length: where the data section starts
};

// Largest header accepted (the format's own limit is 100 MB).
constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100u * 1024u * 1024u;

// Parses and validates a header's JSON text. data_size is the size of the data section;
// offsets beyond it, overlapping ranges, unknown dtypes and sizes that disagree with the shape
// are refused. `label` names the file in messages.
SafetensorsHeader parse_safetensors_header(const std::string& json_text, std::uint64_t data_size,
                                           const std::string& label);

// Reads and validates the header of a file.
SafetensorsHeader read_safetensors_header(const std::string& path);

// Loads the named tensors (all when `names` is empty) as float32 CPU tensors that own their memory.
std::map<std::string, torch::Tensor> load_safetensors(const std::string& path,
                                                       const std::vector<std::string>& names = {});

}  // namespace engine
