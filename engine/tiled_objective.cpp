// Objective's evaluation in tiles (tiles.h): the same function as the whole image's, computed in
// two passes so that no tile ever holds more than its own activations.
//   1. Without gradients, every tile's core adds its features' sums to each style layer's
//      (StyleSums): the whole image's Gram matrices and moments, and from them each layer's loss
//      and its derivative with respect to the sums (small N x N tensors, by autograd).
//   2. With gradients, every tile again: its cores' features get dE/dF from those derivatives
//      (features_gradient_from_sums), the content loss its own, and one backward pass carries
//      them to the tile's pixels, which add up into the image's gradient.
// TV needs no network: it is taken on the whole image.
#include <limits>
#include <map>
#include <set>

#include "engine/objective.h"

namespace engine {
namespace {

// The part of a map [B,C,H,W] whose pixels are `stride` input pixels that covers `rect`.
torch::Tensor crop(const torch::Tensor& map, const PixelRect& rect, int stride) {
    return map.narrow(2, rect.y0 / stride, rect.y1 / stride - rect.y0 / stride)
        .narrow(3, rect.x0 / stride, rect.x1 / stride - rect.x0 / stride);
}

// The core's part of a tile's features [B,C,h,w] at a layer whose pixels are `stride` input pixels.
torch::Tensor core_of(const torch::Tensor& features, const Tile& tile, int stride) {
    const int top = (tile.core.y0 - tile.padded.y0) / stride, left = (tile.core.x0 - tile.padded.x0) / stride;
    return features.narrow(2, top, tile.core.y1 / stride - tile.core.y0 / stride)
        .narrow(3, left, tile.core.x1 / stride - tile.core.x0 / stride);
}

// The deepest of some VGG-19 layers (network order).
std::string deepest_of(const std::set<std::string>& layers) {
    std::string deepest;
    for (const auto& name : vgg19_layer_names())
        if (layers.count(name)) deepest = name;
    return deepest;
}

struct SumGradients {
    torch::Tensor first, second;  // dE/d(first), dE/d(second); first undefined where unused
};

}  // namespace

std::string Objective::deepest_layer() const {
    auto layers = style_layer_names();
    layers.insert(params_.content_layer);
    return deepest_of(layers);
}

TileGrid Objective::target_grid(const torch::Tensor& image, const std::set<std::string>& layers) const {
    return plan_tiles(static_cast<int>(image.size(2)), static_cast<int>(image.size(3)),
                      tile_limit(), deepest_of(layers));
}

std::map<std::pair<std::string, StyleLossMode>, StyleSums> Objective::style_sums(const torch::Tensor& image,
                                                                                 const std::set<std::string>& layers,
                                                                                 const std::set<StyleLossMode>& modes,
                                                                                 const TileGrid& grid) {
    torch::NoGradGuard no_grad;
    std::map<std::pair<std::string, StyleLossMode>, StyleSums> sums;
    for (const auto& tile : grid.tiles) {
        const auto features =
            model_->forward(model_->preprocess(crop(image, tile.padded, 1)), layers, params_.pooling, params_.padding);
        for (const auto& name : layers) {
            const auto core = core_of(features.at(name), tile, tile_alignment(name))[0];
            for (const auto mode : modes) accumulate_style_sums(sums[{name, mode}], core, mode);
        }
    }
    return sums;
}

torch::Tensor Objective::content_features(const TileGrid& grid) {
    torch::NoGradGuard no_grad;
    const auto& layer = params_.content_layer;
    const auto content = content_image();
    const auto features_of = [&](const torch::Tensor& image) {
        return model_->forward(model_->preprocess(image), {layer}, params_.pooling, params_.padding).at(layer);
    };
    if (grid.count() == 1) return features_of(content);
    const int stride = tile_alignment(layer);
    torch::Tensor whole;
    for (const auto& tile : grid.tiles) {
        const auto features = features_of(crop(content, tile.padded, 1));
        if (!whole.defined())
            whole = torch::empty({1, features.size(1), grid.height / stride, grid.width / stride}, features.options());
        crop(whole, tile.core, stride).copy_(core_of(features, tile, stride));
    }
    return whole;
}

Objective::Evaluation Objective::evaluate_tiled(const torch::Tensor& x, const TileGrid& grid) {
    const auto modes = variant_modes();
    const auto batch = x.size(0);
    TORCH_CHECK(batch == static_cast<std::int64_t>(modes.size()), "one image per variant");
    std::vector<std::string> layer_names;  // in the parameters' order, as evaluate_whole reports them
    for (const auto& layer : params_.style_layers)
        if (layer.weight > 0) layer_names.push_back(layer.name);
    const auto style_names = style_layer_names();
    const auto input_of = [&](const torch::Tensor& pixels) { return model_->preprocess(network_view(pixels)); };

    // Pass 1: the whole image's sums, tile by tile.
    std::map<std::string, std::vector<StyleSums>> sums;
    {
        torch::NoGradGuard no_grad;
        for (const auto& tile : grid.tiles) {
            const auto features = model_->forward(input_of(crop(x, tile.padded, 1)), style_names, params_.pooling, params_.padding);
            for (const auto& name : style_names) {
                const auto core = core_of(features.at(name), tile, tile_alignment(name));
                auto& per_variant = sums[name];
                per_variant.resize(static_cast<std::size_t>(batch));
                for (std::int64_t b = 0; b < batch; ++b)
                    accumulate_style_sums(per_variant[static_cast<std::size_t>(b)], core[b], modes[static_cast<std::size_t>(b)]);
            }
        }
    }

    // Each layer's weighted loss and its derivatives with respect to the sums.
    const auto& weights = style_weights(x);
    std::vector<torch::Tensor> rows(2);
    std::vector<std::vector<SumGradients>> sum_gradients;  // per layer (layer_names), per variant
    for (std::size_t l = 0; l < layer_names.size(); ++l) {
        std::vector<torch::Tensor> losses;
        sum_gradients.emplace_back();
        for (std::int64_t b = 0; b < batch; ++b) {
            const auto mode = modes[static_cast<std::size_t>(b)];
            StyleSums leaves = sums.at(layer_names[l])[static_cast<std::size_t>(b)];
            leaves.second = leaves.second.detach().requires_grad_(true);
            std::vector<torch::Tensor> inputs{leaves.second};
            if (leaves.first.defined()) inputs.push_back(leaves.first = leaves.first.detach().requires_grad_(true));
            const auto loss = style_loss_from_sums(leaves, style_targets_.at({layer_names[l], mode}), mode) *
                              weights[static_cast<std::int64_t>(l)][b].to(torch::kFloat64);
            const auto gradients = torch::autograd::grad({loss}, inputs);
            sum_gradients.back().push_back({gradients.size() > 1 ? gradients[1] : torch::Tensor(), gradients[0]});
            losses.push_back(loss.detach());
        }
        rows.push_back(torch::stack(losses).to(x.scalar_type()));
    }

    // TV on the whole image; its gradient is where the tiles' add up.
    auto image = x.detach().requires_grad_(true);
    const auto tv_terms = tv_loss(image, params_.tv_exponent) * params_.tv_weight;
    tv_terms.sum().backward();
    auto gradient = image.grad();
    rows[1] = tv_terms.detach();

    // Pass 2: each tile's share of the gradient.
    const bool normalize = params_.normalize_losses;
    const double content_scale = params_.content_weight / (normalize && content_zero_loss_ > 0 ? content_zero_loss_ : 1.0);
    const int content_stride = tile_alignment(params_.content_layer);
    auto wanted = style_names;
    wanted.insert(params_.content_layer);
    auto content_terms = torch::zeros({batch}, x.options());
    for (const auto& tile : grid.tiles) {
        auto pixels = crop(x, tile.padded, 1).contiguous().detach().requires_grad_(true);
        const auto features = model_->forward(input_of(pixels), wanted, params_.pooling, params_.padding);
        std::vector<torch::Tensor> surrogate;  // sum of <dE/dF, F> over the cores: its backward is the gradient
        for (std::size_t l = 0; l < layer_names.size(); ++l) {
            const auto core = core_of(features.at(layer_names[l]), tile, tile_alignment(layer_names[l]));
            std::vector<torch::Tensor> core_gradient;
            {
                torch::NoGradGuard no_grad;
                for (std::int64_t b = 0; b < batch; ++b) {
                    const auto& g = sum_gradients[l][static_cast<std::size_t>(b)];
                    core_gradient.push_back(
                        features_gradient_from_sums(core[b], g.first, g.second, modes[static_cast<std::size_t>(b)]));
                }
            }
            surrogate.push_back((core * torch::stack(core_gradient)).sum());
        }
        const auto content_core = core_of(features.at(params_.content_layer), tile, content_stride);
        const auto content_part = content_loss(content_core, crop(content_target_, tile.core, content_stride)) * content_scale;
        content_terms += content_part.detach();
        surrogate.push_back(content_part.sum());
        torch::stack(surrogate).sum().backward();
        crop(gradient, tile.padded, 1).add_(pixels.grad());
    }
    rows[0] = content_terms;
    return finish(torch::stack(rows), gradient, layer_names);
}

}  // namespace engine
