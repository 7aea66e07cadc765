#pragma once
// Per-region styles (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style
// Transfer"): guided Gram matrices. Internal to the engine; engine::Objective uses it when
// Params::style_masks is set.
//
// Region i has a mask m_i over the result (0..1; where the masks sum above 1 they are divided by
// the sum, below 1 the rest of the pixel is protected: no style). A mask reaches a layer the way
// the features do: a 3x3 average (stride 1, pad 1, over the pixels inside the image, so an
// all-ones mask stays all ones) at each convolution, a 2x2 average (stride 2) at each pooling.
// Per layer, with F the features [N,M] and s_i = sum_k m_ik the region's mass:
//   full:    G_i = (F o m_i)(F o m_i)^T / s_i, compared with style i's G/M as the paper compares G/M
//   diag:    its diagonal, sum_k F_nk^2 m_ik^2 / s_i
//   meanstd: the moments of the positions weighted by p_k = m_ik / s_i
//   w2:      the Gaussian fitted with the same weights
// and the layer's style loss is sum_i (s_i / M) E_l,i: each region's loss by its share of the
// image. An all-ones mask gives the unguided loss.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <torch/types.h>

#include "engine/losses.h"
#include "engine/region_mask.h"

namespace engine {

// The masks at height x width, [R,1,H,W] float32 on `options`' device, normalized so that no
// pixel's masks sum above 1. Every mask must be non-empty.
torch::Tensor region_masks_at(const std::vector<SharedMask>& masks, std::int64_t height, std::int64_t width,
                              const torch::TensorOptions& options);

// The masks [R,1,H,W] at each wanted VGG-19 layer's resolution (see above).
std::map<std::string, torch::Tensor> propagate_region_masks(const torch::Tensor& masks,
                                                            const std::set<std::string>& layers);

// Each region's share of the image at the masks' resolution: mean of m_i, [R].
torch::Tensor region_shares(const torch::Tensor& masks);

// sum_i share_i E_l,i per batch element, [B], differentiable by autograd. features [B,N,H,W];
// masks [R,1,H,W] at the layer's resolution; regions[i][b]: what image b's region i is compared
// with (style i's target, made with image b's mode).
torch::Tensor guided_style_layer_loss(const torch::Tensor& features, const torch::Tensor& masks,
                                      const std::vector<std::vector<StyleComparison>>& regions);

}  // namespace engine
