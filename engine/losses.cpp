#include "engine/losses.h"

#include <algorithm>

#include <torch/torch.h>

#include "engine/matrix_sqrt.h"

namespace engine {
namespace {


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
        case StyleLossMode::W2: break;  // its own statistics (gaussian_of)
    }
    throw std::logic_error("statistics: not a Gram or mean/std mode");
}


// The w2 target's eps, relative to its mean variance: small enough not to change the distance,
// large enough to keep the square root's gradient finite where channels are dead (all zero).
constexpr double kW2RelativeEpsilon = 1e-5;
constexpr double kW2MinEpsilon = 1e-10;

struct Gaussian {
    torch::Tensor mean;        // [N], float64
    torch::Tensor covariance;  // [N,N], float64, eps I included
};

// The Gaussian of features [N,M] over positions. The N x M products stay in the features' type
// (centred first, so float32 loses nothing to cancellation); the N x N parts are float64.
Gaussian gaussian_of(const torch::Tensor& f, double epsilon) {
    const auto mean = f.mean(1, /*keepdim=*/true);
    const auto centred = f - mean;
    const auto covariance = torch::mm(centred, centred.t()).to(torch::kFloat64) / static_cast<double>(f.size(1));
    const auto identity = torch::eye(f.size(0), covariance.options());
    return {mean.squeeze(1).to(torch::kFloat64), covariance + identity * epsilon};
}

// W2^2 / N between N(mean, covariance) and the target's Gaussian.
torch::Tensor wasserstein_of(const Gaussian& g, const StyleTarget& target) {
    const auto n = static_cast<double>(g.mean.size(0));
    const auto& root = target.covariance_root;
    const auto product = torch::mm(torch::mm(root, g.covariance), root);
    const auto cross = sqrt_psd((product + product.t()) * 0.5);
    const auto trace = target.stats.trace() + g.covariance.trace() - 2.0 * cross.trace();
    return (g.mean - target.mean).pow(2).sum() / n + trace / n;
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
            const double c = style_loss_factor(filters, mode);
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
                case StyleLossMode::W2: throw std::logic_error("w2 goes through wasserstein_style_loss");
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
                case StyleLossMode::W2: break;  // never saved: forward refused it
            }
        }
        return {gradient, torch::Tensor()};
    }
};

// The w2 target of a Gaussian (float64 mean [N] and covariance [N,N], without eps).
StyleTarget w2_target(const torch::Tensor& mean, const torch::Tensor& covariance) {
    StyleTarget target;
    const auto n = mean.size(0);
    target.epsilon = std::max(kW2MinEpsilon, kW2RelativeEpsilon * covariance.trace().item<double>() / static_cast<double>(n));
    target.mean = mean;
    target.stats = covariance + torch::eye(n, covariance.options()) * target.epsilon;
    target.covariance_root = sqrt_psd(target.stats);
    // A black image: mean 0, covariance eps I.
    const Gaussian black{torch::zeros_like(target.mean), torch::eye(n, target.stats.options()) * target.epsilon};
    target.zero_loss = wasserstein_of(black, target).item<double>();
    return target;
}

}  // namespace

double style_loss_factor(std::int64_t filters, StyleLossMode mode) {
    const double n = static_cast<double>(filters);
    return mode == StyleLossMode::MeanStd || mode == StyleLossMode::W2 ? 1.0 / n : 1.0 / (4.0 * n * n);
}

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

torch::Tensor wasserstein_style_loss(const torch::Tensor& features, const StyleTarget& target) {
    TORCH_CHECK(features.dim() == 4 && features.size(0) == 1, "w2: features must be [1,N,H,W]");
    const auto f = features.reshape({features.size(1), -1});
    return wasserstein_of(gaussian_of(f, target.epsilon), target).to(features.scalar_type()).reshape({1});
}

torch::Tensor wasserstein_style_loss(const torch::Tensor& features, const StyleTarget& target,
                                     const torch::Tensor& position_weights) {
    TORCH_CHECK(features.dim() == 4 && features.size(0) == 1, "w2: features must be [1,N,H,W]");
    const auto f = features.reshape({features.size(1), -1});
    const auto p = position_weights.reshape({1, -1});
    const auto mean = (f * p).sum(1, /*keepdim=*/true);
    const auto centred = f - mean;
    const auto covariance = torch::mm(centred * p, centred.t()).to(torch::kFloat64);
    const auto identity = torch::eye(f.size(0), covariance.options());
    const Gaussian g{mean.squeeze(1).to(torch::kFloat64), covariance + identity * target.epsilon};
    return wasserstein_of(g, target).to(features.scalar_type()).reshape({1});
}

StyleTarget make_style_target(const torch::Tensor& features, StyleLossMode mode) {
    TORCH_CHECK(features.size(0) == 1, "a style target is made from one image");
    StyleTarget target;
    if (mode == StyleLossMode::W2) {
        torch::NoGradGuard no_grad;
        const auto plain = gaussian_of(features.detach().reshape({features.size(1), -1}), 0.0);
        return w2_target(plain.mean, plain.covariance);
    }
    target.stats = statistics(features.detach(), mode).squeeze(0);
    target.zero_loss = style_loss_factor(features.size(1), mode) * target.stats.pow(2).sum().item<double>();
    return target;
}

StyleMoments style_moments(const torch::Tensor& features, StyleLossMode mode) {
    TORCH_CHECK(features.size(0) == 1, "style moments are taken of one image");
    torch::NoGradGuard no_grad;
    StyleMoments moments;
    moments.type = features.scalar_type();
    if (mode == StyleLossMode::Full || mode == StyleLossMode::Diagonal) {
        moments.second = statistics(features.detach(), mode).squeeze(0).to(torch::kFloat64);
        return moments;
    }
    const auto f = features.detach().reshape({features.size(1), -1});
    const auto mean = f.mean(1, /*keepdim=*/true);
    const auto centred = f - mean;  // centred first: float32 loses nothing to cancellation
    const double m = static_cast<double>(f.size(1));
    moments.mean = mean.squeeze(1).to(torch::kFloat64);
    if (mode == StyleLossMode::W2)
        moments.second = torch::mm(centred, centred.t()).to(torch::kFloat64) / m + torch::outer(moments.mean, moments.mean);
    else
        moments.second = centred.pow(2).mean(1).to(torch::kFloat64) + moments.mean.pow(2);
    return moments;
}

StyleTarget blend_style_targets(const std::vector<StyleMoments>& styles, const std::vector<double>& weights,
                                StyleLossMode mode) {
    TORCH_CHECK(!styles.empty() && styles.size() == weights.size(), "one blend weight per style");
    torch::Tensor mean, second;
    for (std::size_t i = 0; i < styles.size(); ++i) {
        if (weights[i] <= 0) continue;
        const auto& s = styles[i];
        second = second.defined() ? second + s.second * weights[i] : s.second * weights[i];
        if (s.mean.defined()) mean = mean.defined() ? mean + s.mean * weights[i] : s.mean * weights[i];
    }
    TORCH_CHECK(second.defined(), "a blend needs a style with a weight above 0");
    const auto filters = second.size(0);
    StyleTarget target;
    switch (mode) {
        case StyleLossMode::Full:
        case StyleLossMode::Diagonal: target.stats = second.to(styles.front().type); break;
        case StyleLossMode::MeanStd: {
            const auto variance = (second - mean.pow(2)).clamp_min(0);
            target.stats = torch::stack({mean, (variance + kStdEpsilon).sqrt()}).to(styles.front().type);
            break;
        }
        case StyleLossMode::W2: {
            auto covariance = second - torch::outer(mean, mean);
            return w2_target(mean, (covariance + covariance.t()) * 0.5);
        }
    }
    target.zero_loss = style_loss_factor(filters, mode) * target.stats.pow(2).sum().item<double>();
    return target;
}

torch::Tensor style_layer_loss(const torch::Tensor& features, const StyleTarget& target, StyleLossMode mode) {
    return style_layer_loss(features, std::vector<StyleComparison>(features.size(0), StyleComparison{&target, mode}));
}

torch::Tensor style_layer_loss(const torch::Tensor& features, const std::vector<StyleComparison>& comparisons) {
    TORCH_CHECK(features.dim() == 4, "features must be [B,N,H,W]");
    TORCH_CHECK(features.size(0) == static_cast<std::int64_t>(comparisons.size()), "one style comparison per image");
    const auto is_w2 = [](const StyleComparison& c) { return c.mode == StyleLossMode::W2; };
    if (std::none_of(comparisons.begin(), comparisons.end(), is_w2)) return StyleLossFunction::apply(features, comparisons);
    // w2 (autograd) and the analytic modes do not share a backward: one image at a time.
    std::vector<torch::Tensor> losses;
    for (std::int64_t b = 0; b < features.size(0); ++b) {
        const auto& comparison = comparisons[static_cast<std::size_t>(b)];
        const auto image = features.narrow(0, b, 1);
        losses.push_back(is_w2(comparison) ? wasserstein_style_loss(image, *comparison.target)
                                           : StyleLossFunction::apply(image, std::vector<StyleComparison>{comparison}));
    }
    return torch::cat(losses);
}

bool style_sums_need_first(StyleLossMode mode) { return mode == StyleLossMode::MeanStd || mode == StyleLossMode::W2; }
bool style_sums_full_second(StyleLossMode mode) { return mode == StyleLossMode::Full || mode == StyleLossMode::W2; }

void accumulate_style_sums(StyleSums& sums, const torch::Tensor& features, StyleLossMode mode) {
    torch::NoGradGuard no_grad;
    TORCH_CHECK(features.dim() == 3, "style sums: features must be [N,h,w]");
    auto f = features.reshape({features.size(0), -1});
    // The moment modes subtract squares of means: float64 keeps the cancellation harmless. The
    // Gram modes keep the features' type, as the whole image's products do.
    if (style_sums_need_first(mode)) f = f.to(torch::kFloat64);
    const auto second = (style_sums_full_second(mode) ? torch::mm(f, f.t()) : f.pow(2).sum(1)).to(torch::kFloat64);
    sums.second = sums.second.defined() ? sums.second + second : second;
    if (style_sums_need_first(mode)) {
        const auto first = f.sum(1);
        sums.first = sums.first.defined() ? sums.first + first : first;
    }
    sums.positions += static_cast<double>(f.size(1));
}

StyleMoments style_moments_from_sums(const StyleSums& sums, StyleLossMode mode, c10::ScalarType type) {
    torch::NoGradGuard no_grad;
    StyleMoments moments;
    moments.type = type;
    moments.second = sums.second / sums.positions;  // G/M, diag(G)/M, E[f^2] or E[f f^T]
    if (style_sums_need_first(mode)) moments.mean = sums.first / sums.positions;
    return moments;
}

StyleTarget style_target_from_sums(const StyleSums& sums, StyleLossMode mode, c10::ScalarType type) {
    // One style is a blend of one: the same formulas as blend_style_targets.
    return blend_style_targets({style_moments_from_sums(sums, mode, type)}, {1.0}, mode);
}

torch::Tensor style_loss_from_sums(const StyleSums& sums, const StyleTarget& target, StyleLossMode mode) {
    const double m = sums.positions;
    const auto filters = sums.second.size(0);
    const double c = style_loss_factor(filters, mode);
    switch (mode) {
        case StyleLossMode::Full:
        case StyleLossMode::Diagonal: return (sums.second / m - target.stats.to(torch::kFloat64)).pow(2).sum() * c;
        case StyleLossMode::MeanStd: {
            const auto mean = sums.first / m;
            const auto sigma = (sums.second / m - mean.pow(2)).clamp_min(0).add(kStdEpsilon).sqrt();
            const auto stats = target.stats.to(torch::kFloat64);
            return ((mean - stats[0]).pow(2).sum() + (sigma - stats[1]).pow(2).sum()) * c;
        }
        case StyleLossMode::W2: {
            const auto mean = sums.first / m;
            auto covariance = sums.second / m - torch::outer(mean, mean);
            covariance = (covariance + covariance.t()) * 0.5 + torch::eye(filters, covariance.options()) * target.epsilon;
            return wasserstein_of(Gaussian{mean, covariance}, target);
        }
    }
    throw std::logic_error("unknown style loss mode");
}

torch::Tensor features_gradient_from_sums(const torch::Tensor& features, const torch::Tensor& first_grad,
                                          const torch::Tensor& second_grad, StyleLossMode mode) {
    const auto f = features.reshape({features.size(0), -1});
    torch::Tensor gradient;
    if (style_sums_full_second(mode)) {
        gradient = torch::mm((second_grad + second_grad.t()).to(f.scalar_type()), f);
    } else {
        gradient = f * (second_grad * 2.0).to(f.scalar_type()).unsqueeze(1);
    }
    if (first_grad.defined()) gradient = gradient + first_grad.to(f.scalar_type()).unsqueeze(1);
    return gradient.reshape(features.sizes());
}

torch::Tensor content_loss(const torch::Tensor& features, const torch::Tensor& target) {
    return 0.5 * (features - target).pow(2).reshape({features.size(0), -1}).sum(1);
}

torch::Tensor tv_loss(const torch::Tensor& images, double exponent) {
    using torch::indexing::Slice;
    const auto batch = images.size(0);
    if (exponent != 1.0) {
        const auto h = images.size(2), w = images.size(3);
        const auto here = images.index({Slice(), Slice(), Slice(0, h - 1), Slice(0, w - 1)});
        const auto dy = images.index({Slice(), Slice(), Slice(1, h), Slice(0, w - 1)}) - here;
        const auto dx = images.index({Slice(), Slice(), Slice(0, h - 1), Slice(1, w)}) - here;
        const auto energy = (dy.pow(2) + dx.pow(2)).sum(1);  // [B, H-1, W-1]
        return energy.pow(exponent).reshape({batch, -1}).mean(1);
    }
    const auto down = images.index({Slice(), Slice(), Slice(1, torch::indexing::None), Slice()}) -
                      images.index({Slice(), Slice(), Slice(torch::indexing::None, -1), Slice()});
    const auto right = images.index({Slice(), Slice(), Slice(), Slice(1, torch::indexing::None)}) -
                       images.index({Slice(), Slice(), Slice(), Slice(torch::indexing::None, -1)});
    return down.pow(2).reshape({batch, -1}).mean(1) + right.pow(2).reshape({batch, -1}).mean(1);
}

}  // namespace engine
