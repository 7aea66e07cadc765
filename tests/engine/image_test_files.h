#pragma once
// Test helpers for image I/O: reading and writing raw bytes, and hand-built metadata (EXIF blocks,
// PNG chunks, WebP containers, a tiny TIFF) that OpenCV cannot write itself.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace image_files {

using Bytes = std::vector<std::uint8_t>;

inline Bytes read_bytes(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const Bytes& bytes) {
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Names of everything in a folder (to check that no temporary file is left behind).
inline std::vector<std::string> folder_entries(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename());
    return names;
}

inline void put_be32(Bytes& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
}
inline void put_le32(Bytes& b, std::uint32_t v) {
    for (int shift = 0; shift <= 24; shift += 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
}
inline void put_le16(Bytes& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}

// CRC-32 as PNG chunks use it.
inline std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

// An EXIF block (big-endian TIFF structure) whose first IFD holds only the Orientation tag.
inline Bytes exif_block(int orientation) {
    return {'M', 'M', 0, 42, 0, 0, 0, 8,                                                   // header, IFD at 8
            0, 1,                                                                          // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, static_cast<std::uint8_t>(orientation), 0, 0,  // Orientation SHORT
            0, 0, 0, 0};                                                                   // no next IFD
}

// Inserts a chunk (with its CRC) into a PNG right after IHDR (which ends at byte 33).
inline Bytes png_with_chunk(Bytes png, const char* type, const Bytes& data) {
    Bytes chunk;
    put_be32(chunk, static_cast<std::uint32_t>(data.size()));
    chunk.insert(chunk.end(), type, type + 4);
    chunk.insert(chunk.end(), data.begin(), data.end());
    put_be32(chunk, crc32(chunk.data() + 4, chunk.size() - 4));
    png.insert(png.begin() + 33, chunk.begin(), chunk.end());
    return png;
}

// Rewrites a PNG's IHDR size (and its CRC).
inline Bytes png_claiming_size(Bytes png, std::uint32_t width, std::uint32_t height) {
    Bytes size;
    put_be32(size, width);
    put_be32(size, height);
    std::copy(size.begin(), size.end(), png.begin() + 16);
    Bytes crc;
    put_be32(crc, crc32(png.data() + 12, 17));
    std::copy(crc.begin(), crc.end(), png.begin() + 29);
    return png;
}

// Inserts an APP1 "Exif" segment right after a JPEG's SOI marker.
inline Bytes jpeg_with_exif(Bytes jpeg, int orientation) {
    const Bytes tiff = exif_block(orientation);
    const std::size_t length = 2 + 6 + tiff.size();
    Bytes app1 = {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length), 'E', 'x', 'i',
                  'f', 0, 0};
    app1.insert(app1.end(), tiff.begin(), tiff.end());
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
    return jpeg;
}

// Rewraps a simple WebP (one VP8 or VP8L chunk) as an extended one (VP8X) with an EXIF chunk.
inline Bytes webp_with_exif(const Bytes& webp, int width, int height, int orientation) {
    Bytes out = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
    put_le32(out, 10);
    out.insert(out.end(), {0x08, 0, 0, 0});  // flags: EXIF present
    for (int v : {width - 1, height - 1}) out.insert(out.end(), {std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16)});
    out.insert(out.end(), webp.begin() + 12, webp.end());
    const Bytes exif = exif_block(orientation);
    out.insert(out.end(), {'E', 'X', 'I', 'F'});
    put_le32(out, static_cast<std::uint32_t>(exif.size()));
    out.insert(out.end(), exif.begin(), exif.end());
    if (exif.size() % 2) out.push_back(0);
    const auto riff_size = static_cast<std::uint32_t>(out.size() - 8);
    for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<std::uint8_t>(riff_size >> (8 * i));
    return out;
}

// A little-endian, uncompressed 8-bit RGB TIFF with an Orientation tag; pixel i is (10*i, 0, 0).
inline Bytes tiny_tiff(int width, int height, int orientation) {
    Bytes b = {'I', 'I', 42, 0, 8, 0, 0, 0};
    const std::uint32_t entries = 9;
    const std::uint32_t bits_at = 8 + 2 + entries * 12 + 4, data_at = bits_at + 6;
    const std::uint32_t table[entries][3] = {
        {256, 3, std::uint32_t(width)}, {257, 3, std::uint32_t(height)}, {258, 3, bits_at},  // size, bits per sample
        {259, 3, 1}, {262, 3, 2}, {273, 4, data_at},  // no compression, RGB, strip offset
        {274, 3, std::uint32_t(orientation)}, {277, 3, 3}, {279, 4, std::uint32_t(width * height * 3)}};
    put_le16(b, entries);
    for (const auto& e : table) {
        put_le16(b, e[0]);
        put_le16(b, e[1]);
        put_le32(b, e[0] == 258 ? 3 : 1);  // count
        put_le32(b, e[2]);
    }
    put_le32(b, 0);  // no next IFD
    for (int i = 0; i < 3; ++i) put_le16(b, 8);
    for (int i = 0; i < width * height; ++i) b.insert(b.end(), {std::uint8_t(10 * i), 0, 0});
    return b;
}

}  // namespace image_files
