#pragma once
// Colour controls of Gatys et al. 2017 ("Controlling Perceptual Factors in Neural Style
// Transfer") applied to the style image before its targets are computed.
#include <utility>

#include <torch/types.h>

namespace engine {

// image [1,3,H,W] mapped by the affine transform that gives it the reference's RGB mean and
// 3x3 covariance: x' = A (x - mu_s) + mu_r with A = S_r^1/2 S_s^-1/2 (the symmetric square-root
// variant). Not clamped: clamping to 0..1 would undo the match. Computed in float64.
torch::Tensor match_color_statistics(const torch::Tensor& image, const torch::Tensor& reference);

// The RGB mean [3] and covariance [3,3] (biased, over pixels) of images [1,3,H,W], float64.
std::pair<torch::Tensor, torch::Tensor> color_statistics(const torch::Tensor& image);

}  // namespace engine
