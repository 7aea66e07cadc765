#include "engine/border_measure.h"

#include <cmath>
#include <string>

#include "engine/errors.h"

namespace engine {
namespace {

std::string size_of(const RgbImage& image) {
    return std::to_string(image.width) + "x" + std::to_string(image.height);
}

double luminance_at(const RgbImage& image, int x, int y) {
    const std::uint8_t* pixel = &image.pixels[(std::size_t(y) * image.width + x) * 3];
    return 0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2];
}

// Mean change over the pixels `depth` from `from` px inward from one side, along that side
// between its corners' squares.
double mean_change(const RgbImage& photo, const RgbImage& result, Side side, int from, int depth, int corner) {
    const bool vertical = side == Side::Left || side == Side::Right;  // the side runs along y
    const int length = vertical ? photo.height : photo.width;
    const int across = vertical ? photo.width : photo.height;
    double sum = 0;
    long count = 0;
    for (int d = from; d < from + depth; ++d) {
        const int inward = (side == Side::Left || side == Side::Top) ? d : across - 1 - d;
        for (int a = corner; a < length - corner; ++a) {
            const int x = vertical ? inward : a;
            const int y = vertical ? a : inward;
            sum += luminance_at(result, x, y) - luminance_at(photo, x, y);
            ++count;
        }
    }
    return sum / count;
}

}  // namespace

const char* to_string(Side side) {
    switch (side) {
        case Side::Left: return "left";
        case Side::Top: return "top";
        case Side::Right: return "right";
        case Side::Bottom: return "bottom";
    }
    return "?";
}

Side BorderChange::worst_side() const {
    int worst = 0;
    for (int s = 1; s < 4; ++s)
        if (std::abs(sides[s].excess()) > std::abs(sides[worst].excess())) worst = s;
    return static_cast<Side>(worst);
}

double BorderChange::mean_excess() const {
    double sum = 0;
    for (const auto& s : sides) sum += s.excess();
    return sum / 4;
}

BorderChange measure_border_change(const RgbImage& photo, const RgbImage& result, int band_px, int ring_px) {
    if (photo.width != result.width || photo.height != result.height)
        throw ParamError("border measure: the photo is " + size_of(photo) + " but the result " + size_of(result));
    const int needed = 2 * (band_px + ring_px);
    if (band_px < 1 || ring_px < 1 || needed > photo.width || needed > photo.height)
        throw ParamError("border measure: a band of " + std::to_string(band_px) + " px and a ring of " +
                         std::to_string(ring_px) + " px need at least " + std::to_string(needed) + "x" +
                         std::to_string(needed) + " px, the images are " + size_of(photo));
    BorderChange change;
    change.band_px = band_px;
    change.ring_px = ring_px;
    for (int s = 0; s < 4; ++s) {
        const Side side = static_cast<Side>(s);
        change.sides[s] = {mean_change(photo, result, side, 0, band_px, band_px),
                           mean_change(photo, result, side, band_px, ring_px, band_px)};
    }
    return change;
}

}  // namespace engine
