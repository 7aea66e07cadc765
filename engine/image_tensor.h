#pragma once
// RgbImage <-> float tensors, and colour conversions the engine needs (no OpenCV here).
#include <torch/types.h>

#include "engine/rgb_image.h"

namespace engine {

// [1,3,H,W] float32 in 0..1, on the CPU.
torch::Tensor image_to_tensor(const RgbImage& image);
// [3,H,W] or [1,3,H,W], clamped to 0..1, rounded to 8 bits.
RgbImage tensor_to_image(const torch::Tensor& rgb01);

// RGB <-> YIQ (NTSC), for luminance-only transfer. [B,3,H,W] -> [B,3,H,W].
torch::Tensor rgb_to_yiq(const torch::Tensor& rgb);
torch::Tensor yiq_to_rgb(const torch::Tensor& yiq);

// Resizes [B,3,H,W] to h x w (area when shrinking, bilinear when enlarging).
torch::Tensor resize_tensor(const torch::Tensor& images, std::int64_t height, std::int64_t width);

}  // namespace engine
