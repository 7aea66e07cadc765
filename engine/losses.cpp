#include "engine/losses.h"

#include <torch/torch.h>

namespace engine {
namespace {

// Keeps sqrt differentiable where a channel is constant (zero variance).
constexpr double kStdEpsilon = 1e-8;

// [B,N,H,W] -> [B,N,M]
torch::Tensor flatten_positions(const torch::Tensor& features) {
    TORCH_CHECK(features.dim() == 4, "features must be [B,N,H,W]");
    return features.reshape({features.size(0), features.size(1), -1});
}

// Statistics of features as the given mode compares them, per position where it applies:
// full [B,N,N] = G/M, diag [B,N] = diag(G)/M, meanstd [B,2,N].
torch::Tensor statistics(const torch::Tensor& features, StyleLossMode mode) {
    const double positions = static_cast<double>(features.size(2) * features.size(3));
    switch (mode) {
        case StyleLossMode::Full: return gram_matrix(features) / positions;
        case StyleLossMode::Diagonal: return gram_diagonal(features) / positions;
        case StyleLossMode::MeanStd: return mean_std(features);
    }
    throw std::logic_error("unknown style loss mode");
}

// The constant in front of the sum of squared differences: 1/(4 N^2) for the Gram modes
// (M is already divided out of the statistics), 1/N for mean/std.
double style_factor(std::int64_t filters, StyleLossMode mode) {
    const double n = static_cast<double>(filters);
    return mode == StyleLossMode::MeanStd ? 1.0 / n : 1.0 / (4.0 * n * n);
}

}  // namespace

torch::Tensor gram_matrix(const torch::Tensor& features) {
    const auto f = flatten_positions(features);
    return torch::bmm(f, f.transpose(1, 2));
}

torch::Tensor gram_diagonal(const torch::Tensor& features) {
    return flatten_positions(features).pow(2).sum(2);
}

torch::Tensor mean_std(const torch::Tensor& features) {
    const auto f = flatten_positions(features);
    const auto mean = f.mean(2);
    const auto variance = (f - mean.unsqueeze(2)).pow(2).mean(2);
    return torch::stack({mean, (variance + kStdEpsilon).sqrt()}, 1);
}

StyleTarget make_style_target(const torch::Tensor& features, StyleLossMode mode) {
    TORCH_CHECK(features.size(0) == 1, "a style target is made from one image");
    StyleTarget target;
    target.stats = statistics(features.detach(), mode).squeeze(0);
    target.zero_loss = style_factor(features.size(1), mode) * target.stats.pow(2).sum().item<double>();
    return target;
}

torch::Tensor style_layer_loss(const torch::Tensor& features, const StyleTarget& target, StyleLossMode mode) {
    const auto difference = statistics(features, mode) - target.stats.unsqueeze(0);
    const auto per_image = difference.pow(2).reshape({features.size(0), -1}).sum(1);
    return per_image * style_factor(features.size(1), mode);
}

torch::Tensor content_loss(const torch::Tensor& features, const torch::Tensor& target) {
    return 0.5 * (features - target).pow(2).reshape({features.size(0), -1}).sum(1);
}

torch::Tensor tv_loss(const torch::Tensor& images) {
    using torch::indexing::Slice;
    const auto down = images.index({Slice(), Slice(), Slice(1, torch::indexing::None), Slice()}) -
                      images.index({Slice(), Slice(), Slice(torch::indexing::None, -1), Slice()});
    const auto right = images.index({Slice(), Slice(), Slice(), Slice(1, torch::indexing::None)}) -
                       images.index({Slice(), Slice(), Slice(), Slice(torch::indexing::None, -1)});
    const auto batch = images.size(0);
    return down.pow(2).reshape({batch, -1}).mean(1) + right.pow(2).reshape({batch, -1}).mean(1);
}

}  // namespace engine
