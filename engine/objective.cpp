#include "engine/objective.h"

#include <algorithm>

#include "engine/color_match.h"
#include "engine/image_tensor.h"

namespace engine {
namespace {

// Matches the style's luminance statistics to the content's (Gatys et al. 2016, "Preserving
// colour"), so a dark painting does not darken the photo when only luminance is transferred.
torch::Tensor match_luminance(const torch::Tensor& style_y, const torch::Tensor& content_y) {
    const auto style_std = style_y.std().clamp_min(1e-6);
    return (style_y - style_y.mean()) * (content_y.std() / style_std) + content_y.mean();
}

torch::Tensor luminance(const torch::Tensor& rgb) {
    using torch::indexing::Slice;
    return rgb_to_yiq(rgb).index({Slice(), Slice(0, 1)});
}

}  // namespace

Objective::Objective(Vgg19 model) : model_(std::move(model)) {}

void Objective::set_images(const torch::Tensor& content, const torch::Tensor& style) {
    set_images(content, std::vector<torch::Tensor>{style});
}

void Objective::set_images(const torch::Tensor& content, const std::vector<torch::Tensor>& styles) {
    TORCH_CHECK(!styles.empty(), "a run needs a style image");
    content_ = content;
    styles_ = styles;
    content_target_ = torch::Tensor();
    style_targets_.clear();
}

void Objective::set_params(const Params& params) {
    const bool features_change =
        params.pooling != params_.pooling || params.padding != params_.padding ||
        params.color_control != params_.color_control;
    if (features_change) content_target_ = torch::Tensor();
    if (features_change || params.style_blend != params_.style_blend) style_targets_.clear();  // the content's stays
    if (params.content_layer != params_.content_layer) content_target_ = torch::Tensor();
    params_ = params;
}

std::vector<StyleLossMode> Objective::variant_modes() const {
    if (params_.compare) return {params_.style_loss, params_.compare_loss};
    return {params_.style_loss};
}

torch::Tensor Objective::network_view(const torch::Tensor& rgb) const {
    if (params_.color_control != ColorControl::Luminance) return rgb;
    return luminance(rgb).expand({-1, 3, -1, -1});
}

torch::Tensor Objective::content_image() const {
    return params_.color_control == ColorControl::Luminance ? network_view(content_).contiguous() : content_;
}

torch::Tensor Objective::style_image(std::size_t index) const {
    const auto& style = styles_.at(index);
    switch (params_.color_control) {
        case ColorControl::None: return style;
        case ColorControl::Luminance:
            return match_luminance(luminance(style), luminance(content_)).expand({-1, 3, -1, -1}).contiguous();
        case ColorControl::Match: return match_color_statistics(style, content_);
    }
    throw std::logic_error("unknown colour control");
}

torch::Tensor Objective::main_style_image() const {
    const auto weights = blend_weights(params_, styles_.size());
    return style_image(static_cast<std::size_t>(std::max_element(weights.begin(), weights.end()) - weights.begin()));
}

torch::Tensor Objective::render(const torch::Tensor& x) const {
    if (params_.color_control != ColorControl::Luminance) return x;
    using torch::indexing::Slice;
    auto yiq = rgb_to_yiq(content_).expand({x.size(0), -1, -1, -1}).clone();
    yiq.index_put_({Slice(), Slice(0, 1)}, luminance(x));
    return yiq_to_rgb(yiq);
}

std::set<std::string> Objective::style_layer_names() const {
    std::set<std::string> names;
    for (const auto& layer : params_.style_layers)
        if (layer.weight > 0) names.insert(layer.name);
    return names;
}

void Objective::ensure_targets() {
    torch::NoGradGuard no_grad;
    if (!content_target_.defined()) {
        auto features = model_->forward(model_->preprocess(content_image()), {params_.content_layer}, params_.pooling,
                                        params_.padding);
        content_target_ = features.at(params_.content_layer);
        content_zero_loss_ = content_loss(torch::zeros_like(content_target_), content_target_).item<double>();
    }
    std::set<std::string> missing;
    for (const auto& name : style_layer_names())
        for (auto mode : variant_modes())
            if (!style_targets_.count({name, mode})) missing.insert(name);
    if (!missing.empty()) add_style_targets(missing);
}

void Objective::add_style_targets(const std::set<std::string>& layers) {
    const auto weights = blend_weights(params_, styles_.size());
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < weights.size(); ++i)
        if (weights[i] > 0) used.push_back(i);
    if (used.size() == 1) {  // one style: its own statistics, exactly as a single-style run
        auto features = model_->forward(model_->preprocess(style_image(used[0])), layers, params_.pooling, params_.padding);
        for (const auto& name : layers)
            for (auto mode : variant_modes())
                if (!style_targets_.count({name, mode}))
                    style_targets_.emplace(std::make_pair(name, mode), make_style_target(features.at(name), mode));
        return;
    }
    // Several: one style's features at a time, reduced to moments, so memory holds one style's maps.
    std::map<std::pair<std::string, StyleLossMode>, std::vector<StyleMoments>> moments;
    std::vector<double> used_weights;
    const auto modes = variant_modes();
    const std::set<StyleLossMode> distinct_modes(modes.begin(), modes.end());
    for (const auto i : used) {
        auto features = model_->forward(model_->preprocess(style_image(i)), layers, params_.pooling, params_.padding);
        for (const auto& name : layers)
            for (auto mode : distinct_modes) moments[{name, mode}].push_back(style_moments(features.at(name), mode));
        used_weights.push_back(weights[i]);
    }
    for (auto& [key, per_style] : moments)
        if (!style_targets_.count(key)) style_targets_.emplace(key, blend_style_targets(per_style, used_weights, key.second));
}

Objective::Evaluation Objective::evaluate(const torch::Tensor& x) {
    ensure_targets();
    const auto modes = variant_modes();
    TORCH_CHECK(x.size(0) == static_cast<std::int64_t>(modes.size()), "one image per variant");

    auto image = x.detach().requires_grad_(true);
    auto wanted = style_layer_names();
    wanted.insert(params_.content_layer);
    auto features =
        model_->forward(model_->preprocess(network_view(image)), wanted, params_.pooling, params_.padding);

    const bool normalize = params_.normalize_losses;
    const auto content_terms = content_loss(features.at(params_.content_layer), content_target_) *
                               (params_.content_weight / (normalize && content_zero_loss_ > 0 ? content_zero_loss_ : 1.0));
    const auto tv_terms = tv_loss(image, params_.tv_exponent) * params_.tv_weight;

    // Per variant: the style weight over the style loss of a black image for that variant's mode.
    // Normalizing by it (the same for every layer mix) keeps the paper's relative layer weights
    // while making modes and conventions comparable.
    std::vector<double> style_scale;
    for (const auto mode : modes) {
        double zero_style = 0;
        for (const auto& layer : params_.style_layers)
            if (layer.weight > 0) zero_style += layer.weight * style_targets_.at({layer.name, mode}).zero_loss;
        style_scale.push_back(params_.style_weight / (normalize && zero_style > 0 ? zero_style : 1.0));
    }

    // All variants of a layer in one call, so the batch is never split (no slice copies).
    torch::Tensor total = content_terms.sum() + tv_terms.sum();
    std::vector<std::pair<std::string, torch::Tensor>> style_terms;  // weighted, [B] per layer
    for (const auto& layer : params_.style_layers) {
        if (layer.weight <= 0) continue;
        std::vector<StyleComparison> comparisons;
        std::vector<double> weights;
        for (std::size_t v = 0; v < modes.size(); ++v) {
            comparisons.push_back({&style_targets_.at({layer.name, modes[v]}), modes[v]});
            weights.push_back(layer.weight * style_scale[v]);
        }
        const auto terms = style_layer_loss(features.at(layer.name), comparisons) *
                           torch::tensor(weights, torch::kFloat64).to(x.device(), x.scalar_type());
        total = total + terms.sum();
        style_terms.emplace_back(layer.name, terms.detach().to(torch::kCPU, torch::kFloat64));
    }

    Evaluation result;
    const auto content_values = content_terms.detach().to(torch::kCPU, torch::kFloat64);
    const auto tv_values = tv_terms.detach().to(torch::kCPU, torch::kFloat64);
    for (std::size_t v = 0; v < modes.size(); ++v) {
        const auto variant = static_cast<std::int64_t>(v);
        LossBreakdown losses;
        for (const auto& [name, terms] : style_terms) {
            losses.style_per_layer.emplace_back(name, terms[variant].item<double>());
            losses.style += losses.style_per_layer.back().second;
        }
        losses.content = content_values[variant].item<double>();
        losses.tv = tv_values[variant].item<double>();
        losses.total = losses.content + losses.style + losses.tv;
        result.finite = result.finite && std::isfinite(losses.total);
        result.losses.push_back(std::move(losses));
    }
    total.backward();
    result.gradient = image.grad();
    result.finite = result.finite && torch::isfinite(result.gradient).all().item<bool>();
    return result;
}

}  // namespace engine
