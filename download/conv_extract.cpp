#include "download/conv_extract.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/errors.h"
#include "engine/vgg19.h"

namespace download {

namespace {

namespace fs = std::filesystem;

std::int64_t block_channels(const std::string& layer) {
    static const std::int64_t channels[] = {64, 128, 256, 512, 512};  // conv1_x ... conv5_x
    return channels[layer[4] - '1'];
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
    return nlohmann::json(shape).dump();
}

void check_tensor(const engine::SafetensorsHeader& source, const std::string& name,
                  const std::vector<std::int64_t>& shape, const std::string& label) {
    const auto& entry = source.tensors.at(name);
    if (entry.shape != shape)
        throw engine::InputError(label + ": tensor " + name + " has shape " + shape_text(entry.shape) +
                                 ", VGG-19 has " + shape_text(shape));
    if (entry.dtype != "F32" && entry.dtype != "F16" && entry.dtype != "BF16" && entry.dtype != "F64")
        throw engine::InputError(label + ": tensor " + name + " has dtype " + entry.dtype +
                                 " (supported: F32, F16, BF16, F64)");
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Opens the .part for appending; returns the data bytes it already holds (0 after starting over).
File open_part(const ConvPlan& plan, const std::string& path, std::uint64_t& done) {
    std::error_code error;
    const std::uint64_t size = fs::exists(path, error) ? fs::file_size(path, error) : 0;
    std::string existing(std::min<std::uint64_t>(size, plan.header.size()), '\0');
    if (size >= plan.header.size() && size <= plan.file_bytes()) {
        std::ifstream in(path, std::ios::binary);
        in.read(existing.data(), static_cast<std::streamsize>(existing.size()));
    }
    if (size >= plan.header.size() && size <= plan.file_bytes() && existing == plan.header) {
        done = size - plan.header.size();
        File file(std::fopen(path.c_str(), "ab"));
        if (!file) throw engine::OutputError(path + ": cannot open for appending (" + std::strerror(errno) + ")");
        return file;
    }
    done = 0;  // no .part, or one from another source file: start over
    File file(std::fopen(path.c_str(), "wb"));
    if (!file) throw engine::OutputError(path + ": cannot create (" + std::strerror(errno) + ")");
    if (std::fwrite(plan.header.data(), 1, plan.header.size(), file.get()) != plan.header.size() ||
        std::fflush(file.get()) != 0)
        throw engine::OutputError(path + ": cannot write (" + std::strerror(errno) + ")");
    return file;
}

}  // namespace

std::uint64_t safetensors_header_length(const unsigned char bytes[8]) {
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | bytes[i];
    return length;
}

ConvPlan plan_conv_extraction(const engine::SafetensorsHeader& source, const std::string& label,
                              const std::map<std::string, std::string>& metadata) {
    ConvPlan plan;
    std::vector<std::string> names;
    std::int64_t in_channels = 3;
    for (const auto& layer : engine::vgg19_layer_names()) {
        const std::string prefix = "features." + std::to_string(engine::vgg19_feature_index(layer));
        const bool has_weight = source.tensors.count(prefix + ".weight") > 0;
        const bool has_bias = source.tensors.count(prefix + ".bias") > 0;
        if (!has_weight && !has_bias) break;
        if (!has_weight || !has_bias)
            throw engine::InputError(label + ": layer " + layer + " lacks " + prefix + (has_weight ? ".bias" : ".weight"));
        const std::int64_t out = block_channels(layer);
        check_tensor(source, prefix + ".weight", {out, in_channels, 3, 3}, label);
        check_tensor(source, prefix + ".bias", {out}, label);
        names.push_back(prefix + ".weight");
        names.push_back(prefix + ".bias");
        in_channels = out;
        ++plan.layers;
    }
    if (plan.layers == 0)
        throw engine::InputError(label + ": not a VGG-19 file (no features.0.weight / features.0.bias tensors)");

    for (const auto& name : names) {
        const auto& entry = source.tensors.at(name);
        plan.tensors.push_back({name, source.data_offset + entry.begin, source.data_offset + entry.end, 0, 0});
    }
    std::sort(plan.tensors.begin(), plan.tensors.end(),
              [](const ConvTensor& a, const ConvTensor& b) { return a.source_begin < b.source_begin; });
    nlohmann::json header = nlohmann::json::object();
    for (auto& t : plan.tensors) {
        t.out_begin = plan.data_bytes;
        plan.data_bytes += t.source_end - t.source_begin;
        t.out_end = plan.data_bytes;
        const auto& entry = source.tensors.at(t.name);
        header[t.name] = {{"dtype", entry.dtype}, {"shape", entry.shape}, {"data_offsets", {t.out_begin, t.out_end}}};
    }
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::string text = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.append((8 - text.size() % 8) % 8, ' ');  // the data section starts 8-byte aligned
    std::string length(8, '\0');
    for (int i = 0; i < 8; ++i) length[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
    plan.header = length + text;
    return plan;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> remaining_source_ranges(const ConvPlan& plan,
                                                                             std::uint64_t done) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const auto& t : plan.tensors) {
        if (t.out_end <= done) continue;
        const std::uint64_t skip = done > t.out_begin ? done - t.out_begin : 0;
        const std::uint64_t begin = t.source_begin + skip;
        if (begin == t.source_end) continue;
        if (!ranges.empty() && ranges.back().second == begin) ranges.back().second = t.source_end;
        else ranges.emplace_back(begin, t.source_end);
    }
    return ranges;
}

ExtractStats extract_conv_tensors(const ConvPlan& plan, const RangeReader& read, const std::string& part_path,
                                  const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
    ExtractStats stats;
    std::uint64_t done = 0;
    File file = open_part(plan, part_path, done);
    stats.resumed_from = done;
    for (const auto& [begin, end] : remaining_source_ranges(plan, done)) {
        std::uint64_t received = 0;
        read(begin, end, [&](const char* data, std::size_t size) {
            if (received + size > end - begin)
                throw engine::InputError("the source sent more bytes than the range asked for");
            // Flushed chunk by chunk, so an interruption keeps every byte received for the resume.
            if (std::fwrite(data, 1, size, file.get()) != size || std::fflush(file.get()) != 0)
                throw engine::OutputError(part_path + ": cannot write (" + std::strerror(errno) + ")");
            received += size;
            stats.fetched += size;
            if (progress) progress(done + stats.fetched, plan.data_bytes);
        });
        if (received != end - begin)
            throw engine::InputError("the source ended after " + std::to_string(received) + " of " +
                                     std::to_string(end - begin) + " bytes");
    }
    if (std::fclose(file.release()) != 0)
        throw engine::OutputError(part_path + ": cannot finish writing (" + std::strerror(errno) + ")");
    return stats;
}

}  // namespace download
