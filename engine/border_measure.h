#pragma once
// The dark frame that zero padding paints (mirror_padding.h), measured on its own: per side, how
// much the outer band changed from the photo against how much the ring just inside it did. The
// ring sits a few pixels in, so it shares the band's content and the run's overall darkening or
// lightening, and what remains is the change that only the outermost pixels got.
#include <array>

#include "engine/rgb_image.h"

namespace engine {

// Mean luminance change (result - photo, Rec. 601 weights, grey levels 0..255) of one side's band
// and of the ring inside it.
struct SideChange {
    double band = 0;
    double ring = 0;
    // How much more the band changed than the ring (negative: darker).
    double excess() const { return band - ring; }
};

enum class Side { Left, Top, Right, Bottom };
const char* to_string(Side side);

struct BorderChange {
    int band_px = 0;
    int ring_px = 0;
    std::array<SideChange, 4> sides;  // indexed by Side

    const SideChange& side(Side s) const { return sides[static_cast<int>(s)]; }
    // The side whose band departs most from its ring, either way.
    Side worst_side() const;
    double worst_excess() const { return side(worst_side()).excess(); }
    double mean_excess() const;
};

// photo and result of the same size. Side bands are band_px deep, rings the next ring_px; along a
// side both leave out the corners' band_px x band_px squares (they belong to two sides), so no
// ring pixel lies in any band. Needs 2 * (band_px + ring_px) <= width and height.
// Throws ParamError naming what does not match.
BorderChange measure_border_change(const RgbImage& photo, const RgbImage& result, int band_px = 3, int ring_px = 8);

}  // namespace engine
