#pragma once
// Scanned paintings often come with a frame: the scanner's black (or white) margin, then a rim
// where the canvas meets the mount, paler or darker than the picture. A style image's edge
// statistics are painted along the result's edges, so such a frame comes back as a dark line
// around every result (starry_night.jpg: 8-10 px of black, then a pale rim up to 11 px). The engine
// trims it off each style image before anything else (Params::trim_style_frame).
#include <string>

#include "engine/rgb_image.h"

namespace engine {

// Pixels to cut off each side of an image.
struct StyleFrame {
    int left = 0, top = 0, right = 0, bottom = 0;
    bool any() const { return left > 0 || top > 0 || right > 0 || bottom > 0; }
    bool operator==(const StyleFrame& o) const {
        return left == o.left && top == o.top && right == o.right && bottom == o.bottom;
    }
};

// Per side: a frame is at least one line (row or column) nearly all black (< 24) or all white
// (> 231) along its middle 80 %, reaching less than a tenth of the image in (deeper, it is part of
// the picture: a night sky, a white page). It is followed by the partly covered lines of a skewed
// scan (up to 1 % of the side more) and by the rim: lines within 2 % of the side further whose
// mean luminance departs from the picture's just inside (the median over the next 3-8 %) by more
// than 16 levels or three of its standard deviations. A side without such a frame is left whole.
StyleFrame detect_style_frame(const RgbImage& image);

// The image without `frame`. Throws ParamError when nothing would be left.
RgbImage crop_frame(const RgbImage& image, const StyleFrame& frame);

// "left 21, top 21, right 18, bottom 17 px" (the sides that are cut).
std::string describe(const StyleFrame& frame);

}  // namespace engine
