#pragma once
// 3x3 convolutions (stride 1, padding 1, mirrored or zero) with Winograd's minimal filtering
// F(4x4, 3x3) on the CPU (Lavin & Gray 2016): each 6x6 input tile and 3x3 kernel are transformed so that a 4x4 output
// tile takes 36 multiplications instead of 144, and the channel sums become 36 matrix products.
// VGG-19's convolutions are four fifths of an iteration; from conv2_1 on this halves their time
// against oneDNN's direct convolution on two AVX2 cores (conv3_2 at 384 px, forward and backward:
// 84 -> 40 ms). Relative error against the direct convolution is about 1e-5.
//
// The backward pass (the gradient of the input; VGG-19's weights are frozen) is the same
// convolution with the kernels flipped and transposed, so it runs the same way. Reflection padding
// is read straight into the input tiles; its gradient is the "full" convolution (2 px larger),
// folded back onto the image (mirror_padding.h).
#include <torch/types.h>

#include "engine/params.h"

namespace engine {

// A layer's kernels transformed once: [36, K, C] for the forward pass and [36, C, K] for the
// input gradient (4x the kernels' size each).
struct WinogradKernels {
    torch::Tensor forward, backward;
};
WinogradKernels winograd_kernels(const torch::Tensor& weight);

// Whether F(4x4, 3x3) beats the direct convolution: on the CPU, in float, with at least 64 input
// channels and 192 input and output channels together (VGG-19 from conv2_1 on).
bool winograd_pays(const torch::Tensor& input, std::int64_t out_channels);

// conv2d(pad(input, 1), weight, bias) for input [B, C, H, W] float on the CPU, with reflection
// (mirror_padding.h) or zero padding, differentiable with respect to the input.
torch::Tensor winograd_conv3x3(const torch::Tensor& input, const WinogradKernels& kernels, const torch::Tensor& bias,
                               Padding padding);

// The transforms alone, for tests: the convolution of one batch without autograd.
torch::Tensor winograd_convolve(const torch::Tensor& input, const torch::Tensor& transformed_kernels,
                                const torch::Tensor& bias, Padding padding);

}  // namespace engine
