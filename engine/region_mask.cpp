#include "engine/region_mask.h"

#include <algorithm>
#include <cmath>

namespace engine {

bool RegionMask::selects_nothing() const {
    return std::all_of(values.begin(), values.end(), [](std::uint8_t v) { return v == 0; });
}

bool RegionMask::selects_everything() const {
    return !values.empty() && std::all_of(values.begin(), values.end(), [](std::uint8_t v) { return v == 255; });
}

RegionMask mask_from_image(const RgbImage& image) {
    RegionMask mask{image.width, image.height, {}};
    const auto pixels = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    mask.values.resize(pixels);
    for (std::size_t i = 0; i < pixels; ++i) {
        const auto* p = &image.pixels[3 * i];
        const double y = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        mask.values[i] = static_cast<std::uint8_t>(std::clamp(std::lround(y), 0L, 255L));
    }
    return mask;
}

RgbImage mask_to_image(const RegionMask& mask) {
    RgbImage image{mask.width, mask.height, {}};
    image.pixels.reserve(mask.values.size() * 3);
    for (const auto v : mask.values) image.pixels.insert(image.pixels.end(), {v, v, v});
    return image;
}

bool same_masks(const std::vector<SharedMask>& a, const std::vector<SharedMask>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) continue;
        if (!a[i] || !b[i] || !(*a[i] == *b[i])) return false;
    }
    return true;
}

}  // namespace engine
