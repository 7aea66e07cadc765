#pragma once
// An 8-bit RGB image as a plain value: the currency between image I/O, the engine and the UI.
#include <cstdint>
#include <vector>

namespace engine {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // row-major, interleaved R G B, width * height * 3 bytes

    bool empty() const { return width <= 0 || height <= 0; }
};

}  // namespace engine
