#include "engine/border_measure.h"

#include "engine/errors.h"

namespace engine {

BorderChange measure_border_change(const RgbImage& photo, const RgbImage& result, int band) {
    if (photo.width != result.width || photo.height != result.height)
        throw ParamError("border measure: the photo is " + std::to_string(photo.width) + "x" +
                         std::to_string(photo.height) + " but the result " + std::to_string(result.width) + "x" +
                         std::to_string(result.height));
    if (band < 1 || 2 * band >= photo.width || 2 * band >= photo.height)
        throw ParamError("border measure: a band of " + std::to_string(band) + " px leaves no interior in " +
                         std::to_string(photo.width) + "x" + std::to_string(photo.height));
    double band_sum = 0, interior_sum = 0;
    long band_count = 0, interior_count = 0;
    for (int y = 0; y < photo.height; ++y)
        for (int x = 0; x < photo.width; ++x) {
            const bool in_band = x < band || y < band || x >= photo.width - band || y >= photo.height - band;
            const std::size_t at = (std::size_t(y) * photo.width + x) * 3;
            double change = 0;
            for (int c = 0; c < 3; ++c) change += double(result.pixels[at + c]) - double(photo.pixels[at + c]);
            (in_band ? band_sum : interior_sum) += change / 3;
            ++(in_band ? band_count : interior_count);
        }
    return {band_sum / band_count, interior_sum / interior_count};
}

}  // namespace engine
