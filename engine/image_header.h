#pragma once
// Reading an image's format, pixel size and EXIF orientation from its bytes, before any decoder
// runs, so a file that claims a gigantic size is refused without allocating for it. Every read
// is bounds-checked: the bytes are untrusted. Internal to image I/O.
#include <cstdint>
#include <string>
#include <vector>

namespace engine {

enum class ImageFormat { Unknown, Png, Jpeg, WebP, Tiff };

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    std::int64_t width = 0, height = 0;  // 0 when the header could not be read
};

ImageHeader read_image_header(const std::vector<std::uint8_t>& bytes);
std::string format_name(ImageFormat format);

// The EXIF orientation (1..8, 1 = as stored) of a PNG (eXIf chunk) or WebP (EXIF chunk);
// 1 when there is none or it cannot be read. (OpenCV applies JPEG's and TIFF's itself.)
int read_exif_orientation(const std::vector<std::uint8_t>& bytes, ImageFormat format);

// Whether the file visibly ends where its format says it should (PNG IEND chunk, JPEG EOI
// marker, WebP RIFF size); a file cut short can otherwise decode partly without an error.
bool looks_complete(const std::vector<std::uint8_t>& bytes, ImageFormat format);

}  // namespace engine
