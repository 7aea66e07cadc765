#include "record/style_masks.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "record/sha256.h"

namespace record {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string png_bytes(const engine::RegionMask& mask) {
    const auto png = engine::encode_png(engine::mask_to_image(mask));
    return std::string(png.begin(), png.end());
}

MaskRecord describe(const std::string& png, std::size_t index, const std::vector<std::string>& sources) {
    MaskRecord record;
    record.sha256 = sha256_hex(png);
    record.copy = "style_mask_" + std::to_string(index + 1) + "_" + record.sha256.substr(0, 12) + ".png";
    if (index < sources.size() && !sources[index].empty())
        record.source = std::filesystem::absolute(sources[index]).lexically_normal().string();
    return record;
}

}  // namespace

engine::RegionMask load_mask_file(const std::string& path) {
    auto mask = engine::mask_from_image(engine::load_image(path));
    if (mask.selects_nothing())
        throw engine::InputError(path + ": the style mask is empty: it is black all over, so it selects no pixel "
                                        "(white = this style, grey = partly, black = none)");
    return mask;
}

std::vector<MaskRecord> describe_style_masks(const std::vector<engine::SharedMask>& masks,
                                             const std::vector<std::string>& sources) {
    std::vector<MaskRecord> records;
    for (std::size_t i = 0; i < masks.size(); ++i) records.push_back(describe(png_bytes(*masks[i]), i, sources));
    return records;
}

std::vector<MaskRecord> write_style_masks(const std::vector<engine::SharedMask>& masks,
                                          const std::vector<std::string>& sources, const std::string& folder) {
    std::vector<MaskRecord> records;
    for (std::size_t i = 0; i < masks.size(); ++i) {
        const std::string bytes = png_bytes(*masks[i]);
        records.push_back(describe(bytes, i, sources));
        const auto path = (std::filesystem::path(folder) / records.back().copy).string();
        if (read_bytes(path) != bytes) engine::write_file_atomic(path, bytes);
    }
    return records;
}

std::vector<engine::SharedMask> read_style_masks(const std::vector<MaskRecord>& masks, const std::string& record_path) {
    const auto folder = std::filesystem::path(record_path).parent_path();
    std::vector<engine::SharedMask> loaded;
    for (const auto& mask : masks) {
        const auto path = (folder / mask.copy).string();
        const auto bytes = read_bytes(path);
        if (bytes.empty())
            throw engine::InputError(path + ": the style mask " + record_path + " names cannot be read (it is kept "
                                            "beside the record; was it moved or deleted?)");
        if (!mask.sha256.empty() && sha256_hex(bytes) != mask.sha256)
            throw engine::InputError(path + ": the style mask changed since " + record_path +
                                     " was written (its SHA-256 differs): the run cannot be replayed as it ran");
        const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        loaded.push_back(std::make_shared<const engine::RegionMask>(engine::mask_from_image(engine::decode_image(data, path))));
    }
    return loaded;
}

}  // namespace record
