#pragma once
// Reflection padding of one pixel for VGG-19's 3x3 convolutions (Padding::Reflect): beyond each
// edge a convolution sees the pixel one step inside it (x[-1] = x[1], x[W] = x[W-2]); along a
// side of 1 px, which cannot be reflected, it sees that pixel again (replicate). Zero padding
// makes the network read "no feature" all around the image, and the optimizer paints a dark
// frame to match; a mirrored edge looks like more of the picture.
//
// The gradient of a padded input folds back: what reached x[-1] is added to x[1], and so on.
#include <cstdint>

#include <torch/types.h>

namespace engine {

// Where the pixels beyond a side of `size` pixels come from: before index 0 and after index size-1.
struct MirrorEdges {
    std::int64_t before, after;
};
MirrorEdges mirror_edges(std::int64_t size);

// [B, C, H, W] -> [B, C, H+2, W+2], the mirrored border added. Differentiable.
torch::Tensor mirror_pad(const torch::Tensor& input);

// The adjoint of mirror_pad: the gradient of a padded input [B, C, H+2, W+2] -> that of the
// input [B, C, H, W].
torch::Tensor fold_mirror_gradient(const torch::Tensor& padded_gradient);

// conv2d(mirror_pad(input), weight, bias) with LibTorch's convolution (any device), differentiable
// with respect to the input only (VGG-19's weights are frozen). Keeps no activation for the
// backward pass: the padded copy lives only during the forward.
torch::Tensor mirror_conv3x3(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias);

}  // namespace engine
