#pragma once
// Image files in and out (OpenCV; the only engine unit besides timelapse that uses it).
// PNG, JPEG, WebP, TIFF; grayscale, 16-bit, alpha (composited on white), CMYK JPEG, EXIF orientation.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/rgb_image.h"

namespace engine {

// Files whose header claims more pixels than this are refused before decoding.
constexpr std::int64_t kMaxImagePixels = 100'000'000;

// Loads an image; when max_side > 0 it is resized (area filter) so its longest side equals
// max_side. Throws InputError naming the file and the reason (missing, empty, truncated,
// not an image, too many pixels).
RgbImage load_image(const std::string& path, int max_side = 0);
// The same for bytes in memory (drag-and-drop, clipboard); `label` names the source in messages.
RgbImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& label, int max_side = 0);

// Resizes so the longest side equals max_side (area filter when shrinking, cubic when enlarging).
RgbImage resize_to_longest_side(const RgbImage& image, int max_side);

// Writes a PNG atomically: a temporary file in the same folder, then a rename, so a reader or a
// crash sees either the old file or the new one. Throws OutputError naming the file.
void save_png(const RgbImage& image, const std::string& path);
// Encodes as PNG in memory.
std::vector<std::uint8_t> encode_png(const RgbImage& image);

// Writes bytes to `path` atomically (temporary file in the same folder, fsync, rename).
// Throws OutputError naming the file. Used for the JSON sidecar and every other output.
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace engine
