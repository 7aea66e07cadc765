#pragma once
// Reading an image's format and pixel size from its first bytes, before any decoder runs, so a
// file that claims a gigantic size is refused without allocating for it. Internal to image I/O.
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

}  // namespace engine
