#include "engine/preview_scales.h"

#include <algorithm>
#include <cmath>

#include "engine/params.h"

namespace engine {

int preview_scales(int size, int iterations) {
    if (size <= kLargestSingleScaleSize) return 1;
    int best = 1;
    for (int scales = 2; scales <= ParamLimits::max_scales; ++scales) {
        const double first = std::ldexp(double(size), -(scales - 1));
        const double best_first = std::ldexp(double(size), -(best - 1));
        if (std::abs(first - kPreviewSize) < std::abs(best_first - kPreviewSize)) best = scales;
    }
    return std::max(1, std::min(best, iterations));
}

}  // namespace engine
