#pragma once
// Where a style goes (Params::style_masks): one 8-bit greyscale mask per style image, white = this
// style, grey = partly, black = none, at any resolution (the engine resizes it to the result at
// every scale). 8 bits, as mask files and painted masks are, so that a mask written as a PNG beside
// a run's snapshots reads back exactly and the run replays byte for byte.
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/rgb_image.h"

namespace engine {

struct RegionMask {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> values;  // row-major, width * height, 0 (none) .. 255 (all of it)

    bool empty() const { return width <= 0 || height <= 0; }
    // No pixel selected at all (all black).
    bool selects_nothing() const;
    // Every pixel fully selected (all white).
    bool selects_everything() const;
    bool operator==(const RegionMask& o) const {
        return width == o.width && height == o.height && values == o.values;
    }
};

// Masks are shared, never changed in place: a painted stroke makes a new mask, so the parameters
// that carry it stay cheap to copy between the window and the worker.
using SharedMask = std::shared_ptr<const RegionMask>;

// The mask of an image read as luminance (Rec. 601, rounded to 8 bits): a greyscale file gives its
// own values; an RGB file its luminance.
RegionMask mask_from_image(const RgbImage& image);
// The mask as a grey RGB image (for writing it as a PNG and showing it).
RgbImage mask_to_image(const RegionMask& mask);

// Equal masks: the same object, or the same size and values; none equals none.
bool same_masks(const std::vector<SharedMask>& a, const std::vector<SharedMask>& b);

}  // namespace engine
