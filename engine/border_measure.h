#pragma once
// How much a result's outer band changed from the photo, against how much its interior did: the
// dark frame that zero padding paints (mirror_padding.h) shows as a band far darker than the rest.
#include <string>

#include "engine/rgb_image.h"

namespace engine {

struct BorderChange {
    double band = 0;      // mean of result - photo over the outer band, grey levels (0..255, RGB averaged)
    double interior = 0;  // the same over every pixel inside the band
    // How much more the band changed than the interior (negative: darker).
    double excess() const { return band - interior; }
};

// photo and result of the same size, band pixels wide (at least one interior pixel must remain).
// Throws ParamError naming what does not match.
BorderChange measure_border_change(const RgbImage& photo, const RgbImage& result, int band = 3);

}  // namespace engine
