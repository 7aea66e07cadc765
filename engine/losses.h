#pragma once
// The losses of Gatys et al. All take features [B,C,H,W] and return one value per batch element [B].
//
// Style, per layer l (N_l = C filters, M_l = H*W positions, F = features as N_l x M_l):
//   full:    G = F F^T;  E_l = 1/(4 N_l^2 M_l^2) * sum_ij (G_ij - A_ij)^2          (the paper)
//   diag:    only the diagonal, g_i = sum_k F_ik^2;  E_l = 1/(4 N_l^2 M_l^2) * sum_i (g_i - a_i)^2
//   meanstd: per-channel mean and standard deviation (Li et al. 2017);
//            E_l = 1/N_l * sum_i ((mu_i - mu'_i)^2 + (sigma_i - sigma'_i)^2)
//   w2:      the squared Wasserstein-2 distance between the Gaussians fitted to the features
//            (mean mu, covariance S = (F - mu)(F - mu)^T / M + eps I, over positions):
//            E_l = 1/N_l * (|mu - mu'|^2 + tr(S' + S - 2 (S'^1/2 S S'^1/2)^1/2))
//            With diagonal covariances it is exactly meanstd's E_l, so the same weights suit it.
// Each Gram matrix is divided by its own M_l before the difference is taken, so a style image of
// another size than the result is compared fairly; with equal sizes this is exactly the paper's
// 1/(4 N_l^2 M_l^2). N_l is the layer's filter count, never the image's 3 channels.
// Content: 1/2 * sum (F - P)^2 on the content layer (the paper).
// TV: mean of squared differences of vertically and horizontally neighbouring pixels
//     (squared, anisotropic; smooth, so it suits L-BFGS); with Params::tv_exponent e != 1 the mean
//     of (dx^2 + dy^2)^e per pixel (dx^2, dy^2 summed over the colour channels, as Keras does).
#include <torch/types.h>

#include "engine/params.h"

namespace engine {

// The style statistics of a target image for one layer, computed once per target.
struct StyleTarget {
    torch::Tensor stats;  // full: Gram [N,N]; diag: [N]; meanstd: [2,N] (mean; std); w2: covariance S' [N,N]
    double zero_loss = 1.0;  // E_l of an all-zero feature map against this target (for normalization)
    // w2 only (float64): the mean [N] and S'^1/2 [N,N], computed once per target, and the eps
    // added to both covariances (relative to the target's mean variance, so any feature scale works).
    torch::Tensor mean, covariance_root;
    double epsilon = 0;
};

// Keeps sqrt differentiable where a channel is constant (zero variance).
inline constexpr double kStdEpsilon = 1e-8;
// The constant in front of a layer's sum of squared differences: 1/(4 N^2) for the Gram modes
// (M is divided out of the statistics), 1/N for meanstd and w2.
double style_loss_factor(std::int64_t filters, StyleLossMode mode);

// Gram matrices [B,N,N] of features [B,N,H,W] (unnormalized: G = F F^T).
torch::Tensor gram_matrix(const torch::Tensor& features);
// Diagonal of the Gram matrices, [B,N], computed without forming G.
torch::Tensor gram_diagonal(const torch::Tensor& features);
// Per-channel mean and (biased) standard deviation, [B,2,N].
torch::Tensor mean_std(const torch::Tensor& features);

// The w2 style loss of one image's features [1,N,H,W] against a w2 target, [1]; differentiable
// by autograd (the matrix square root has its own backward, engine/matrix_sqrt.h).
torch::Tensor wasserstein_style_loss(const torch::Tensor& features, const StyleTarget& target);
// The same for the Gaussian of a weighted set of positions (a region, guided_style.h): weights [M]
// (M = H*W) that sum to 1.
torch::Tensor wasserstein_style_loss(const torch::Tensor& features, const StyleTarget& target,
                                     const torch::Tensor& position_weights);

// The target statistics of one style image's features [1,N,H,W].
StyleTarget make_style_target(const torch::Tensor& features, StyleLossMode mode);

// Several styles (Params::style_blend): per layer one target, the blend of each style's statistics.
// What one style contributes, in float64: full G/M [N,N]; diag its diagonal [N]; meanstd and w2
// the mean [N] and the raw second moments (E[f^2] [N], E[f f^T] [N,N]), so that the blend is the
// Gaussian fitted to the mixture (S = E[f f^T] - mu mu^T), not an average of covariances.
struct StyleMoments {
    torch::Tensor mean, second;
    c10::ScalarType type = c10::ScalarType::Float;  // the features' type, which the target takes
};
StyleMoments style_moments(const torch::Tensor& features, StyleLossMode mode);
// The target of the blend; weights >= 0, normalized (sum 1), one per style.
StyleTarget blend_style_targets(const std::vector<StyleMoments>& styles, const std::vector<double>& weights,
                                StyleLossMode mode);

// What one image of a batch is compared with: a target and the mode it was made with.
struct StyleComparison {
    const StyleTarget* target = nullptr;
    StyleLossMode mode = StyleLossMode::Full;
};

// E_l per batch element, [B], for features [B,N,H,W] against a target made with the same mode.
// Normalized by the *current* feature map's N_l and M_l.
torch::Tensor style_layer_loss(const torch::Tensor& features, const StyleTarget& target, StyleLossMode mode);
// The same with one comparison per batch element (compare mode: each variant its own mode).
// The gradient is analytic rather than autograd's, one product per image: for the full Gram
// matrix dE/dF = 4/(4 N^2 M) (G/M - A) F, where autograd would do two products and a transpose.
torch::Tensor style_layer_loss(const torch::Tensor& features, const std::vector<StyleComparison>& comparisons);

// The style loss as a function of sums over positions, for tiles (tiles.h): one image's layer
// sums, accumulated tile by tile, give exactly the E_l of style_layer_loss (float64, and
// differentiable in the sums). Per mode: `first` = sum of f [N] (meanstd, w2; else undefined),
// `second` = sum of f f^T [N,N] (full, w2) or of f^2 [N] (diag, meanstd); M = positions.
struct StyleSums {
    torch::Tensor first, second;
    double positions = 0;
};
bool style_sums_need_first(StyleLossMode mode);
bool style_sums_full_second(StyleLossMode mode);
// Adds one core's features [N,h,w] to `sums` (float64).
void accumulate_style_sums(StyleSums& sums, const torch::Tensor& features, StyleLossMode mode);
// A style image's target, or its moments for a blend, from its sums (tiled: the same as
// make_style_target and style_moments of its whole features, to rounding). `type`: the features'.
StyleTarget style_target_from_sums(const StyleSums& sums, StyleLossMode mode, c10::ScalarType type);
StyleMoments style_moments_from_sums(const StyleSums& sums, StyleLossMode mode, c10::ScalarType type);
// E_l from the sums of the whole image, a float64 scalar.
torch::Tensor style_loss_from_sums(const StyleSums& sums, const StyleTarget& target, StyleLossMode mode);
// dE/dF for one core's features [N,h,w], given dE/d(first) and dE/d(second) (float64; `first_grad`
// may be undefined): (S + S^T) f + g1 per position for a full second sum, 2 s * f + g1 for a diagonal one.
torch::Tensor features_gradient_from_sums(const torch::Tensor& features, const torch::Tensor& first_grad,
                                          const torch::Tensor& second_grad, StyleLossMode mode);

// 1/2 * sum (F - P)^2 per batch element, [B]; target is [1,N,H,W].
torch::Tensor content_loss(const torch::Tensor& features, const torch::Tensor& target);

// TV of images [B,3,H,W], [B]: exponent 1, the mean squared difference per direction; otherwise
// the mean over the (H-1) x (W-1) pixels of (dx^2 + dy^2)^exponent, summed over channels' squares.
torch::Tensor tv_loss(const torch::Tensor& images, double exponent = 1.0);

}  // namespace engine
