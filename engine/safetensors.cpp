#include "engine/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "engine/errors.h"

namespace engine {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Bytes per element of every dtype the format defines; 0 for names it does not know.
std::uint64_t dtype_size(const std::string& dtype) {
    static const std::map<std::string, std::uint64_t> sizes = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
        {"I8", 1},  {"U64", 8}, {"U32", 4}, {"U16", 2},  {"U8", 1},   {"BOOL", 1},
        {"F8_E4M3", 1}, {"F8_E5M2", 1}};
    const auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

// The dtypes that load_safetensors converts to float32.
bool loadable_dtype(const std::string& dtype, torch::ScalarType& type) {
    if (dtype == "F32") type = torch::kFloat32;
    else if (dtype == "F16") type = torch::kFloat16;
    else if (dtype == "BF16") type = torch::kBFloat16;
    else if (dtype == "F64") type = torch::kFloat64;
    else return false;
    return true;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

bool non_negative_integer(const json& value) {
    return value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

TensorEntry parse_entry(const std::string& name, const json& value, std::uint64_t data_size,
                        const std::string& label) {
    const std::string where = label + ": tensor '" + name + "'";
    if (!value.is_object()) throw InputError(where + " is not a JSON object");
    TensorEntry entry;

    const auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string()) throw InputError(where + " has no dtype string");
    entry.dtype = dtype->get<std::string>();
    const std::uint64_t element_size = dtype_size(entry.dtype);
    if (element_size == 0) throw InputError(where + " has unknown dtype '" + entry.dtype + "'");

    const auto shape = value.find("shape");
    if (shape == value.end() || !shape->is_array()) throw InputError(where + " has no shape array");
    std::uint64_t bytes = element_size;
    bool overflow = false;
    for (const auto& dim : *shape) {
        if (!non_negative_integer(dim) || dim.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            throw InputError(where + " has an invalid shape " + shape->dump() + " (dimensions must be integers >= 0)");
        const auto extent = dim.get<std::uint64_t>();
        entry.shape.push_back(static_cast<std::int64_t>(extent));
        if (extent != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / extent) overflow = true;
        else bytes *= extent;
    }
    if (std::find(entry.shape.begin(), entry.shape.end(), 0) != entry.shape.end()) {
        bytes = 0;
        overflow = false;
    }

    const auto offsets = value.find("data_offsets");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
        !non_negative_integer((*offsets)[0]) || !non_negative_integer((*offsets)[1]))
        throw InputError(where + " needs data_offsets [begin, end] of integers >= 0");
    entry.begin = (*offsets)[0].get<std::uint64_t>();
    entry.end = (*offsets)[1].get<std::uint64_t>();
    const std::string range = "[" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) + "]";
    if (entry.begin > entry.end) throw InputError(where + " has data_offsets " + range + " with begin after end");
    if (entry.end > data_size)
        throw InputError(where + " has data_offsets " + range + " beyond the data section (" +
                         std::to_string(data_size) + " bytes): the file is truncated or the offsets are out of range");
    if (overflow || bytes != entry.end - entry.begin)
        throw InputError(where + " has " + std::to_string(entry.end - entry.begin) + " bytes but dtype " +
                         entry.dtype + " and shape " + shape_text(entry.shape) + " need " +
                         (overflow ? std::string("more than 2^64") : std::to_string(bytes)));
    return entry;
}

void parse_metadata(const json& value, SafetensorsHeader& header, const std::string& label) {
    if (!value.is_object()) throw InputError(label + ": __metadata__ is not a JSON object");
    for (const auto& [key, text] : value.items()) {
        if (!text.is_string()) throw InputError(label + ": __metadata__ value '" + key + "' is not a string");
        header.metadata[key] = text.get<std::string>();
    }
}

// Ranges are half-open; empty tensors occupy no bytes and cannot overlap anything.
void check_no_overlap(const SafetensorsHeader& header, const std::string& label) {
    std::vector<std::pair<const std::string*, const TensorEntry*>> by_begin;
    for (const auto& [name, entry] : header.tensors)
        if (entry.end > entry.begin) by_begin.emplace_back(&name, &entry);
    std::sort(by_begin.begin(), by_begin.end(),
              [](const auto& a, const auto& b) { return a.second->begin < b.second->begin; });
    for (std::size_t i = 1; i < by_begin.size(); ++i) {
        const auto& [prev_name, prev] = by_begin[i - 1];
        const auto& [name, entry] = by_begin[i];
        if (entry->begin < prev->end)
            throw InputError(label + ": tensors '" + *prev_name + "' [" + std::to_string(prev->begin) + ", " +
                             std::to_string(prev->end) + "] and '" + *name + "' [" + std::to_string(entry->begin) +
                             ", " + std::to_string(entry->end) + "] have overlapping data_offsets");
    }
}

std::ifstream open_for_reading(const std::string& path, std::uint64_t& file_size) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (!fs::exists(status)) throw InputError(path + ": file does not exist");
    if (fs::is_directory(status)) throw InputError(path + ": is a folder, not a safetensors file");
    file_size = fs::file_size(path, error);
    if (error) throw InputError(path + ": cannot read the file size (" + error.message() + ")");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path + ": cannot open for reading (" + std::strerror(errno) + ")");
    return file;
}

void read_exactly(std::ifstream& file, char* buffer, std::uint64_t bytes, const std::string& path,
                  const std::string& what) {
    file.read(buffer, static_cast<std::streamsize>(bytes));
    if (static_cast<std::uint64_t>(file.gcount()) != bytes)
        throw InputError(path + ": truncated data while reading " + what + " (got " +
                         std::to_string(file.gcount()) + " of " + std::to_string(bytes) + " bytes)");
}

}  // namespace

SafetensorsHeader parse_safetensors_header(const std::string& json_text, std::uint64_t data_size,
                                           const std::string& label) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::exception& e) {
        throw InputError(label + ": header is not valid JSON (" + e.what() + ")");
    }
    if (!root.is_object()) throw InputError(label + ": header is not a JSON object");
    SafetensorsHeader header;
    for (const auto& [name, value] : root.items()) {
        if (name == "__metadata__") parse_metadata(value, header, label);
        else header.tensors[name] = parse_entry(name, value, data_size, label);
    }
    check_no_overlap(header, label);
    return header;
}

SafetensorsHeader read_safetensors_header(const std::string& path) {
    std::uint64_t file_size = 0;
    std::ifstream file = open_for_reading(path, file_size);
    if (file_size == 0) throw InputError(path + ": file is empty (not a safetensors file)");
    if (file_size < 8)
        throw InputError(path + ": file is too small for a safetensors header (" + std::to_string(file_size) +
                         " bytes, needs at least 8)");
    unsigned char length_bytes[8];
    read_exactly(file, reinterpret_cast<char*>(length_bytes), 8, path, "the header length");
    std::uint64_t header_length = 0;
    for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | length_bytes[i];  // little-endian
    if (header_length > kMaxSafetensorsHeaderBytes)
        throw InputError(path + ": header length " + std::to_string(header_length) + " is larger than the limit of " +
                         std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
    if (header_length > file_size - 8)
        throw InputError(path + ": header length " + std::to_string(header_length) + " is larger than the file (" +
                         std::to_string(file_size) + " bytes)");
    std::string text(header_length, '\0');
    read_exactly(file, text.data(), header_length, path, "the header");
    SafetensorsHeader header = parse_safetensors_header(text, file_size - 8 - header_length, path);
    header.data_offset = 8 + header_length;
    return header;
}

std::map<std::string, torch::Tensor> load_safetensors(const std::string& path,
                                                       const std::vector<std::string>& names) {
    const SafetensorsHeader header = read_safetensors_header(path);
    std::vector<std::string> wanted = names;
    if (wanted.empty())
        for (const auto& [name, entry] : header.tensors) wanted.push_back(name);

    std::uint64_t file_size = 0;
    std::ifstream file = open_for_reading(path, file_size);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& name : wanted) {
        const auto it = header.tensors.find(name);
        if (it == header.tensors.end()) throw InputError(path + ": has no tensor '" + name + "'");
        const TensorEntry& entry = it->second;
        torch::ScalarType type;
        if (!loadable_dtype(entry.dtype, type))
            throw InputError(path + ": tensor '" + name + "' has dtype " + entry.dtype +
                             ", which cannot be loaded (supported: F32, F16, BF16, F64)");
        // Read straight into a tensor of the stored dtype (the data is little-endian, as on
        // every platform LibTorch supports), then convert: no intermediate buffer.
        torch::Tensor raw = torch::empty(entry.shape, torch::TensorOptions().dtype(type));
        file.seekg(static_cast<std::streamoff>(header.data_offset + entry.begin));
        read_exactly(file, static_cast<char*>(raw.data_ptr()), entry.end - entry.begin, path,
                     "tensor '" + name + "'");
        tensors[name] = type == torch::kFloat32 ? raw : raw.to(torch::kFloat32);
    }
    return tensors;
}

}  // namespace engine
