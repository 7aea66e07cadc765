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


// E_l of every image of a batch with an analytic backward. Each mode's gradient has a cheap form
// in the features F [N,M] (D = difference of the statistics, c = style_factor):
//   full:    dE/dF = 4c/M * D F               (one N x N by N x M product)
//   diag:    dE/dF = 4c/M * d_i F_ik
//   meanstd: dE/dF = 2/(N M) * (dmu_i + dsigma_i/sigma_i * (F_ik - mu_i))
// so the backward needs one product per image and no N x M temporaries beyond the result.
class StyleLossFunction : public torch::autograd::Function<StyleLossFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& features,
                                 const std::vector<StyleComparison>& comparisons) {
        const auto batch = features.size(0), filters = features.size(1);
        const auto positions = features.size(2) * features.size(3);
        const double m = static_cast<double>(positions);
        std::vector<torch::Tensor> losses, factors, offsets;
        std::vector<std::int64_t> modes;
        for (std::int64_t b = 0; b < batch; ++b) {
            const auto f = features[b].reshape({filters, positions});
            const auto& [target, mode] = comparisons[static_cast<std::size_t>(b)];
            const double c = style_factor(filters, mode);
            torch::Tensor difference, factor, offset;
            switch (mode) {
                case StyleLossMode::Full:
                    difference = torch::mm(f, f.t()).div_(m).sub_(target->stats);
                    factor = difference * (4.0 * c / m);
                    break;
                case StyleLossMode::Diagonal:
                    difference = f.pow(2).sum(1).div_(m).sub_(target->stats);
                    factor = (difference * (4.0 * c / m)).unsqueeze(1);
                    break;
                case StyleLossMode::MeanStd: {
                    const auto mean = f.mean(1);
                    const auto sigma = (f - mean.unsqueeze(1)).pow(2).mean(1).add_(kStdEpsilon).sqrt_();
                    const auto d_mean = mean - target->stats[0];
                    const auto d_sigma = sigma - target->stats[1];
                    difference = torch::stack({d_mean, d_sigma});
                    const auto ratio = d_sigma / sigma;
                    factor = (ratio * (2.0 / (filters * m))).unsqueeze(1);
                    offset = ((d_mean - ratio * mean) * (2.0 / (filters * m))).unsqueeze(1);
                    break;
                }
            }
            losses.push_back(difference.pow(2).sum() * c);
            factors.push_back(factor);
            offsets.push_back(offset.defined() ? offset : torch::empty({0}, features.options()));
            modes.push_back(static_cast<std::int64_t>(mode));
        }
        ctx->save_for_backward({features});
        ctx->saved_data["factors"] = factors;
        ctx->saved_data["offsets"] = offsets;
        ctx->saved_data["modes"] = modes;
        return torch::stack(losses);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto features = ctx->get_saved_variables()[0];
        const auto factors = ctx->saved_data["factors"].toTensorList();
        const auto offsets = ctx->saved_data["offsets"].toTensorList();
        const auto modes = ctx->saved_data["modes"].toIntVector();
        const auto& scale = grad_outputs[0];  // [B]: how much each image's loss counts
        const auto filters = features.size(1), positions = features.size(2) * features.size(3);
        auto gradient = torch::empty_like(features, torch::MemoryFormat::Contiguous);
        for (std::int64_t b = 0; b < features.size(0); ++b) {
            const auto f = features[b].reshape({filters, positions});
            auto out = gradient[b].view({filters, positions});
            const torch::Tensor factor = factors.get(b) * scale[b];
            switch (static_cast<StyleLossMode>(modes[static_cast<std::size_t>(b)])) {
                case StyleLossMode::Full: torch::mm_out(out, factor, f); break;
                case StyleLossMode::Diagonal: torch::mul_out(out, f, factor); break;
                case StyleLossMode::MeanStd: torch::mul_out(out, f, factor).add_(offsets.get(b) * scale[b]); break;
            }
        }
        return {gradient, torch::Tensor()};
    }
};

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
    return style_layer_loss(features, std::vector<StyleComparison>(features.size(0), StyleComparison{&target, mode}));
}

torch::Tensor style_layer_loss(const torch::Tensor& features, const std::vector<StyleComparison>& comparisons) {
    TORCH_CHECK(features.dim() == 4, "features must be [B,N,H,W]");
    TORCH_CHECK(features.size(0) == static_cast<std::int64_t>(comparisons.size()), "one style comparison per image");
    return StyleLossFunction::apply(features, comparisons);
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
