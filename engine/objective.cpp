#include "engine/objective.h"

#include <algorithm>
#include <limits>

#include "engine/bleed.h"
#include "engine/color_match.h"
#include "engine/errors.h"
#include "engine/guided_style.h"
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
    region_targets_.clear();
    layer_masks_.clear();
    style_weights_ = torch::Tensor();
}

void Objective::set_params(const Params& params) {
    const bool features_change =
        params.pooling != params_.pooling || params.padding != params_.padding ||
        params.color_control != params_.color_control;
    if (features_change) content_target_ = torch::Tensor();
    if (features_change || params.style_blend != params_.style_blend) style_targets_.clear();  // the content's stays
    if (features_change) region_targets_.clear();
    if (!same_masks(params.style_masks, params_.style_masks) || params.style_layers != params_.style_layers)
        layer_masks_.clear();  // made for these masks and layers
    if (params.content_layer != params_.content_layer) content_target_ = torch::Tensor();
    params_ = params;
    style_weights_ = torch::Tensor();  // weights, modes and the black image's losses may all change
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
    // The picture's colours, not its bleed's: the mirrored copies would weigh its edges more.
    const auto picture = without_bleed(content_, bleed_);
    switch (params_.color_control) {
        case ColorControl::None: return style;
        case ColorControl::Luminance:
            return match_luminance(luminance(style), luminance(picture)).expand({-1, 3, -1, -1}).contiguous();
        case ColorControl::Match: return match_color_statistics(style, picture);
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

bool Objective::guided() const {
    const auto& masks = params_.style_masks;
    return !masks.empty() && !(masks.size() == 1 && masks.front()->selects_everything());
}

std::vector<std::size_t> Objective::region_styles() const {
    std::vector<std::size_t> regions;
    for (std::size_t i = 0; i < params_.style_masks.size(); ++i)
        if (!params_.style_masks[i]->selects_nothing()) regions.push_back(i);
    return regions;
}

void Objective::add_region_targets(const std::set<std::string>& layers) {
    const auto modes = variant_modes();
    for (const auto i : region_styles()) {
        bool missing = false;
        for (const auto& name : layers)
            for (auto mode : modes) missing = missing || !region_targets_.count({name, mode, i});
        if (!missing) continue;
        auto features = model_->forward(model_->preprocess(style_image(i)), layers, params_.pooling, params_.padding);
        for (const auto& name : layers)
            for (auto mode : modes)
                if (!region_targets_.count({name, mode, i}))
                    region_targets_.emplace(std::make_tuple(name, mode, i), make_style_target(features.at(name), mode));
    }
}

const std::map<std::string, torch::Tensor>& Objective::layer_masks(const torch::Tensor& x) {
    const std::pair<std::int64_t, std::int64_t> size{x.size(2), x.size(3)};
    if (layer_masks_.empty() || layer_masks_size_ != size) {
        std::vector<SharedMask> masks;
        for (const auto i : region_styles()) masks.push_back(params_.style_masks[i]);
        layer_masks_.clear();
        // Painted on the picture; the bleed continues them as it continues the picture.
        if (!masks.empty())
            layer_masks_ = propagate_region_masks(
                with_bleed(region_masks_at(masks, size.first - 2 * bleed_, size.second - 2 * bleed_, x.options()), bleed_),
                style_layer_names());
        layer_masks_size_ = size;
    }
    return layer_masks_;
}

double Objective::region_zero_loss(const std::string& layer, StyleLossMode mode, const torch::Tensor& x) {
    const auto regions = region_styles();
    if (regions.empty()) return 0.0;
    std::vector<SharedMask> masks;
    for (const auto i : regions) masks.push_back(params_.style_masks[i]);
    const auto shares =
        region_shares(region_masks_at(masks, x.size(2) - 2 * bleed_, x.size(3) - 2 * bleed_, torch::kFloat64));
    const auto share = shares.accessor<double, 1>();
    double styled = 0, zero = 0;
    for (std::size_t r = 0; r < regions.size(); ++r) {
        styled += share[static_cast<std::int64_t>(r)];
        zero += share[static_cast<std::int64_t>(r)] * region_targets_.at({layer, mode, regions[r]}).zero_loss;
    }
    return styled > 0 ? zero / styled : 0.0;
}

void Objective::ensure_targets(const torch::Tensor& x) {
    torch::NoGradGuard no_grad;
    if (!content_target_.defined()) {
        // Whole when the image fits, in tiles otherwise (a tile's features without a gradient
        // need less memory than the evaluation's, so the evaluation's tiles always fit).
        content_target_ = content_features(plan_tiles(static_cast<int>(x.size(2)), static_cast<int>(x.size(3)),
                                                       tile_limit(),
                                                       params_.content_layer));
        content_zero_loss_ = content_loss(torch::zeros_like(content_target_), content_target_).item<double>();
    }
    if (guided()) {
        add_region_targets(style_layer_names());
        return;
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
    const auto modes = variant_modes();
    const std::set<StyleLossMode> distinct_modes(modes.begin(), modes.end());
    if (used.size() == 1) {  // one style: its own statistics, exactly as a single-style run
        const auto image = style_image(used[0]);
        if (const auto grid = target_grid(image, layers); grid.count() > 1) {  // too large for memory: sums in tiles
            for (const auto& [key, sums] : style_sums(image, layers, distinct_modes, grid))
                if (!style_targets_.count(key))
                    style_targets_.emplace(key, style_target_from_sums(sums, key.second, image.scalar_type()));
            return;
        }
        auto features = model_->forward(model_->preprocess(image), layers, params_.pooling, params_.padding);
        for (const auto& name : layers)
            for (auto mode : variant_modes())
                if (!style_targets_.count({name, mode}))
                    style_targets_.emplace(std::make_pair(name, mode), make_style_target(features.at(name), mode));
        return;
    }
    // Several: one style's features at a time, reduced to moments, so memory holds one style's maps.
    std::map<std::pair<std::string, StyleLossMode>, std::vector<StyleMoments>> moments;
    std::vector<double> used_weights;
    for (const auto i : used) {
        used_weights.push_back(weights[i]);
        const auto image = style_image(i);
        if (const auto grid = target_grid(image, layers); grid.count() > 1) {
            for (const auto& [key, sums] : style_sums(image, layers, distinct_modes, grid))
                moments[key].push_back(style_moments_from_sums(sums, key.second, image.scalar_type()));
            continue;
        }
        auto features = model_->forward(model_->preprocess(image), layers, params_.pooling, params_.padding);
        for (const auto& name : layers)
            for (auto mode : distinct_modes) moments[{name, mode}].push_back(style_moments(features.at(name), mode));
    }
    for (auto& [key, per_style] : moments)
        if (!style_targets_.count(key)) style_targets_.emplace(key, blend_style_targets(per_style, used_weights, key.second));
}

// Per style layer and variant: the layer's weight times the style weight over the style loss of a
// black image for that variant's mode. Normalizing by it (the same for every layer mix) keeps the
// paper's relative layer weights while making modes and conventions comparable. Built on the
// device once per change of the parameters or targets, not at every evaluation.
const torch::Tensor& Objective::style_weights(const torch::Tensor& x) {
    if (style_weights_.defined() && style_weights_.device() == x.device() && style_weights_.scalar_type() == x.scalar_type())
        return style_weights_;
    const auto modes = variant_modes();
    const bool normalize = params_.normalize_losses;
    std::vector<double> style_scale;
    for (const auto mode : modes) {
        double zero_style = 0;
        for (const auto& layer : params_.style_layers)
            if (layer.weight > 0)
                zero_style += layer.weight * (guided() ? region_zero_loss(layer.name, mode, x)
                                                       : style_targets_.at({layer.name, mode}).zero_loss);
        style_scale.push_back(params_.style_weight / (normalize && zero_style > 0 ? zero_style : 1.0));
    }
    std::vector<double> weights;  // [layers, variants], row-major
    for (const auto& layer : params_.style_layers)
        if (layer.weight > 0)
            for (const double scale : style_scale) weights.push_back(layer.weight * scale);
    const auto layers = static_cast<std::int64_t>(weights.size() / std::max<std::size_t>(1, modes.size()));
    style_weights_ = torch::tensor(weights, torch::kFloat64)
                         .reshape({layers, static_cast<std::int64_t>(modes.size())})
                         .to(x.device(), x.scalar_type());
    return style_weights_;
}

void Objective::set_max_tile(int max_tile) { max_tile_ = std::max(0, max_tile); }

Objective::Evaluation Objective::evaluate(const torch::Tensor& x) {
    auto grid = plan_tiles(static_cast<int>(x.size(2)), static_cast<int>(x.size(3)), tile_limit(), deepest_layer(), tiled_passes_);
    if (grid.count() > 1 && guided())
        throw ParamError("painted regions are not computed in tiles: this size needs tiles under the memory limit; "
                         "choose a smaller size or allow more memory");
    ensure_targets(x);
    last_tiles_ = std::move(grid);
    if (last_tiles_.count() == 1) return evaluate_whole(x);
    ++tiled_passes_;
    return evaluate_tiled(x, last_tiles_);
}

Objective::Evaluation Objective::evaluate_whole(const torch::Tensor& x) {
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

    // Every weighted term in one [2 + layers, B] tensor: the loss is its sum, and after the
    // backward pass one transfer brings the terms and the gradient's finiteness to the host (on a
    // GPU, a read before the backward pass would stall the queue; one per iteration is the least).
    std::vector<torch::Tensor> rows{content_terms, tv_terms};
    const auto& weights = style_weights(x);
    std::vector<std::string> layer_names;
    const bool regions = guided();
    const auto region_list = regions ? region_styles() : std::vector<std::size_t>{};
    const auto& masks = regions ? layer_masks(x) : layer_masks_;
    for (const auto& layer : params_.style_layers) {
        if (layer.weight <= 0) continue;
        const auto& layer_weights = weights[static_cast<std::int64_t>(layer_names.size())];
        layer_names.push_back(layer.name);
        if (!regions) {
            std::vector<StyleComparison> comparisons;
            for (const auto mode : modes) comparisons.push_back({&style_targets_.at({layer.name, mode}), mode});
            rows.push_back(style_layer_loss(features.at(layer.name), comparisons) * layer_weights);
            continue;
        }
        if (region_list.empty()) {  // every mask erased: no style anywhere
            rows.push_back(torch::zeros({x.size(0)}, x.options()));
            continue;
        }
        std::vector<std::vector<StyleComparison>> per_region;
        for (const auto i : region_list) {
            std::vector<StyleComparison> comparisons;
            for (const auto mode : modes) comparisons.push_back({&region_targets_.at({layer.name, mode, i}), mode});
            per_region.push_back(std::move(comparisons));
        }
        rows.push_back(guided_style_layer_loss(features.at(layer.name), masks.at(layer.name), per_region) * layer_weights);
    }
    const auto terms = torch::stack(rows);
    terms.sum().backward();
    return finish(terms, image.grad(), layer_names);
}

Objective::Evaluation Objective::finish(const torch::Tensor& terms, torch::Tensor gradient,
                                        const std::vector<std::string>& layer_names) const {
    Evaluation result;
    result.gradient = std::move(gradient);
    const auto finite = torch::isfinite(result.gradient).all().to(terms.scalar_type()).reshape({1});
    const auto host = torch::cat({terms.detach().flatten(), finite}).to(torch::kCPU, torch::kFloat64);
    const auto values = host.accessor<double, 1>();
    const auto variants = terms.size(1);
    const auto term = [&](std::int64_t row, std::int64_t variant) { return values[row * variants + variant]; };
    result.finite = values[host.size(0) - 1] != 0.0;
    for (std::int64_t v = 0; v < variants; ++v) {
        LossBreakdown losses;
        losses.content = term(0, v);
        losses.tv = term(1, v);
        for (std::size_t l = 0; l < layer_names.size(); ++l) {
            losses.style_per_layer.emplace_back(layer_names[l], term(static_cast<std::int64_t>(l) + 2, v));
            losses.style += losses.style_per_layer.back().second;
        }
        losses.total = losses.content + losses.style + losses.tv;
        result.finite = result.finite && std::isfinite(losses.total);
        result.losses.push_back(std::move(losses));
    }
    return result;
}

}  // namespace engine
