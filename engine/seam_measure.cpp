#include "engine/seam_measure.h"

#include <set>
#include <string>

#include "engine/errors.h"

namespace engine {
namespace {

// Squared step between pixels a and b, summed over the three channels.
double step(const RgbImage& image, int ya, int xa, int yb, int xb) {
    double sum = 0;
    for (int c = 0; c < 3; ++c) {
        const double d = static_cast<double>(image.pixels[static_cast<std::size_t>((ya * image.width + xa) * 3 + c)]) -
                         image.pixels[static_cast<std::size_t>((yb * image.width + xb) * 3 + c)];
        sum += d * d;
    }
    return sum;
}

}  // namespace

SeamMeasure measure_seams(const RgbImage& image, const std::vector<int>& rows, const std::vector<int>& columns) {
    const std::set<int> row_set(rows.begin(), rows.end()), column_set(columns.begin(), columns.end());
    for (const int r : row_set)
        if (r <= 0 || r >= image.height) throw ParamError("seam measure: row boundary " + std::to_string(r) + " is outside the image");
    for (const int c : column_set)
        if (c <= 0 || c >= image.width) throw ParamError("seam measure: column boundary " + std::to_string(c) + " is outside the image");
    double boundary_sum = 0, other_sum = 0;
    double boundary_count = 0, other_count = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 1; x < image.width; ++x) {  // across the vertical line between x-1 and x
            const double s = step(image, y, x - 1, y, x);
            if (column_set.count(x)) boundary_sum += s, ++boundary_count;
            else other_sum += s, ++other_count;
        }
    for (int y = 1; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const double s = step(image, y - 1, x, y, x);
            if (row_set.count(y)) boundary_sum += s, ++boundary_count;
            else other_sum += s, ++other_count;
        }
    SeamMeasure measure;
    measure.boundaries = static_cast<int>(row_set.size() + column_set.size());
    measure.at_boundaries = boundary_count > 0 ? boundary_sum / boundary_count : 0;
    measure.elsewhere = other_count > 0 ? other_sum / other_count : 0;
    return measure;
}

SeamMeasure measure_seams(const RgbImage& image, const std::vector<PixelRect>& cores) {
    std::vector<int> rows, columns;
    for (const auto& core : cores) {
        if (core.y0 > 0) rows.push_back(core.y0);
        if (core.x0 > 0) columns.push_back(core.x0);
    }
    return measure_seams(image, rows, columns);
}

}  // namespace engine
