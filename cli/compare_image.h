#pragma once
// Compare mode's outputs: the two results side by side under their labels, and how much they differ.
#include <string>

#include "engine/rgb_image.h"

namespace cli {

// The two images (same height expected; the shorter is padded) next to each other on a white
// background, each under a label strip with its text.
engine::RgbImage side_by_side(const engine::RgbImage& left, const std::string& left_label,
                              const engine::RgbImage& right, const std::string& right_label);

struct ImageDifference {
    double mean_abs = 0;  // mean absolute difference of the 8-bit channel values (0..255)
    double psnr = 0;      // dB; infinite when the images are identical
};

// Throws std::invalid_argument when the sizes differ.
ImageDifference image_difference(const engine::RgbImage& a, const engine::RgbImage& b);

}  // namespace cli
