#pragma once
// Seams of a tiled result, measured: the gradient energy across tile boundaries against the
// energy across every other row and column. A seam (tiles that disagree at their edges) shows as
// a step between the two pixels that straddle a boundary, so its ratio rises above 1; a result
// without seams has boundaries like anywhere else (about 1).
#include <vector>

#include "engine/rgb_image.h"
#include "engine/tiles.h"

namespace engine {

struct SeamMeasure {
    double at_boundaries = 0;  // mean squared step (grey levels^2, summed over R, G, B) across boundaries
    double elsewhere = 0;      // the same across every other pair of neighbouring rows or columns
    int boundaries = 0;        // inner boundaries measured (rows and columns)
    // at_boundaries / elsewhere; 1 when there is no boundary or no texture at all.
    double ratio() const { return boundaries == 0 || elsewhere <= 0 ? 1.0 : at_boundaries / elsewhere; }
};

// `rows` and `columns`: the first pixel row/column after each inner boundary (0 < b < size).
// Throws ParamError for a boundary outside the image.
SeamMeasure measure_seams(const RgbImage& image, const std::vector<int>& rows, const std::vector<int>& columns);
// At the inner boundaries of tiles (tiles.h) given by their cores (Frame::tiles).
SeamMeasure measure_seams(const RgbImage& image, const std::vector<PixelRect>& cores);

}  // namespace engine
