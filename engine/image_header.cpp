#include "engine/image_header.h"

#include <cstring>

namespace engine {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t big_endian(const Bytes& b, std::size_t at, int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i) value = (value << 8) | b[at + i];
    return value;
}

std::uint32_t little_endian(const Bytes& b, std::size_t at, int count) {
    std::uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i) value = (value << 8) | b[at + i];
    return value;
}

bool starts_with(const Bytes& b, std::size_t at, const char* text) {
    const std::size_t n = std::strlen(text);
    return b.size() >= at + n && std::memcmp(b.data() + at, text, n) == 0;
}

ImageHeader png(const Bytes& b) {
    ImageHeader h{ImageFormat::Png};
    if (b.size() >= 24 && starts_with(b, 12, "IHDR")) {
        h.width = big_endian(b, 16, 4);
        h.height = big_endian(b, 20, 4);
    }
    return h;
}

ImageHeader jpeg(const Bytes& b) {
    ImageHeader h{ImageFormat::Jpeg};
    std::size_t at = 2;
    while (at + 4 <= b.size()) {
        if (b[at] != 0xFF) return h;  // lost sync: let the decoder judge
        const std::uint8_t marker = b[at + 1];
        if (marker == 0xFF) { ++at; continue; }  // fill byte
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { at += 2; continue; }
        const std::uint32_t length = big_endian(b, at + 2, 2);
        const bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (start_of_frame && at + 9 <= b.size()) {
            h.height = big_endian(b, at + 5, 2);
            h.width = big_endian(b, at + 7, 2);
            return h;
        }
        if (length < 2) return h;
        at += 2 + length;
    }
    return h;
}

ImageHeader webp(const Bytes& b) {
    ImageHeader h{ImageFormat::WebP};
    if (starts_with(b, 12, "VP8X") && b.size() >= 30) {
        h.width = 1 + little_endian(b, 24, 3);
        h.height = 1 + little_endian(b, 27, 3);
    } else if (starts_with(b, 12, "VP8L") && b.size() >= 25) {
        const std::uint32_t bits = little_endian(b, 21, 4);
        h.width = 1 + (bits & 0x3FFF);
        h.height = 1 + ((bits >> 14) & 0x3FFF);
    } else if (starts_with(b, 12, "VP8 ") && b.size() >= 30) {
        h.width = little_endian(b, 26, 2) & 0x3FFF;
        h.height = little_endian(b, 28, 2) & 0x3FFF;
    }
    return h;
}

ImageHeader tiff(const Bytes& b) {
    ImageHeader h{ImageFormat::Tiff};
    const bool little = b[0] == 'I';
    auto read = [&](std::size_t at, int count) { return little ? little_endian(b, at, count) : big_endian(b, at, count); };
    if (b.size() < 8) return h;
    const std::size_t ifd = read(4, 4);
    if (ifd + 2 > b.size()) return h;
    const std::uint32_t entries = read(ifd, 2);
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::size_t entry = ifd + 2 + 12 * static_cast<std::size_t>(i);
        if (entry + 12 > b.size()) break;
        const std::uint32_t tag = read(entry, 2), type = read(entry + 2, 2);
        const std::uint32_t value = type == 3 ? read(entry + 8, 2) : read(entry + 8, 4);  // SHORT or LONG
        if (tag == 256) h.width = value;
        if (tag == 257) h.height = value;
    }
    return h;
}

}  // namespace

ImageHeader read_image_header(const Bytes& bytes) {
    if (starts_with(bytes, 0, "\x89PNG\r\n\x1a\n")) return png(bytes);
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return jpeg(bytes);
    if (starts_with(bytes, 0, "RIFF") && starts_with(bytes, 8, "WEBP")) return webp(bytes);
    const bool big_endian_tiff = bytes.size() >= 4 && bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42;
    if (starts_with(bytes, 0, "II*") || big_endian_tiff) return tiff(bytes);
    return {};
}

std::string format_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png: return "PNG";
        case ImageFormat::Jpeg: return "JPEG";
        case ImageFormat::WebP: return "WebP";
        case ImageFormat::Tiff: return "TIFF";
        case ImageFormat::Unknown: break;
    }
    return "unknown";
}

}  // namespace engine
