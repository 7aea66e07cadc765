#pragma once
// The function a run minimizes: content, style and TV losses of a batch of images (one per
// variant) against targets computed once from the content and style images. Internal to the
// engine; engine::Run drives it.
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "engine/losses.h"
#include "engine/params.h"
#include "engine/run.h"
#include "engine/tiles.h"
#include "engine/vgg19.h"

namespace engine {

class Objective {
public:
    explicit Objective(Vgg19 model);

    // The content and style images [1,3,H,W] (RGB 0..1, on the model's device) at the current
    // scale: one style, or several blended by Params::style_blend. Invalidates the targets.
    void set_images(const torch::Tensor& content, const torch::Tensor& style);
    void set_images(const torch::Tensor& content, const std::vector<torch::Tensor>& styles);
    // Invalidates only the targets that depend on what changed.
    void set_params(const Params& params);

    // The style loss modes of the variants: [style_loss] or [style_loss, compare_loss].
    std::vector<StyleLossMode> variant_modes() const;

    struct Evaluation {
        torch::Tensor gradient;              // d(sum of the variants' totals)/dx, [B,3,H,W]
        std::vector<LossBreakdown> losses;   // one per variant
        bool finite = true;
    };
    // Losses and gradient at x [B,3,H,W], B = number of variants: through the whole image at
    // once, or in tiles when set_max_tile says so (the same function, see tiles.h).
    Evaluation evaluate(const torch::Tensor& x);

    // The images evaluated are canvases with a bleed of `bleed` px around the picture (bleed.h):
    // painted regions' masks, given for the picture, are continued into it. 0 (the default): none.
    void set_bleed(int bleed) {
        bleed_ = bleed;
        layer_masks_.clear();
    }

    // Tiles of at most max_tile x max_tile pixels (halo included) from the next evaluation on;
    // 0: the whole image at once. Each tiled evaluation moves the tiles' inner boundaries (tiles.h).
    // Painted regions (Params::style_masks) are not computed in tiles: evaluate throws ParamError.
    void set_max_tile(int max_tile);
    // The tiles of the last evaluation (one, the whole image, when not tiled).
    const TileGrid& last_tiles() const { return last_tiles_; }
    // The deepest layer an evaluation reads (content or style), which sets the tiles' halo.
    std::string deepest_layer() const;

    // What the user sees: x itself, or with luminance-only colour control x's luminance in the content's colours.
    torch::Tensor render(const torch::Tensor& x) const;
    // The content as the network sees it (luminance only when preserving colours): the init image.
    torch::Tensor content_image() const;
    // A style as the targets see it: as given, its luminance, or its colours matched to the content's.
    torch::Tensor style_image(std::size_t index) const;
    // The style that weighs most in the blend (the first of equals), as the targets see it.
    torch::Tensor main_style_image() const;

private:
    torch::Tensor network_view(const torch::Tensor& rgb) const;
    void ensure_targets(const torch::Tensor& x);
    // The content layer's features of the content image, whole or in tiles (no gradient).
    torch::Tensor content_features(const TileGrid& grid);
    Evaluation evaluate_whole(const torch::Tensor& x);
    Evaluation evaluate_tiled(const torch::Tensor& x, const TileGrid& grid);
    // The tiles a target image (a style) goes through at `layers`: one, the whole image, unless
    // set_max_tile asks for smaller ones.
    TileGrid target_grid(const torch::Tensor& image, const std::set<std::string>& layers) const;
    // An image's style sums at `layers` for `modes`, tile by tile (no gradient).
    std::map<std::pair<std::string, StyleLossMode>, StyleSums> style_sums(const torch::Tensor& image,
                                                                          const std::set<std::string>& layers,
                                                                          const std::set<StyleLossMode>& modes,
                                                                          const TileGrid& grid);
    // Brings the weighted terms [2 + layers, B] and the gradient's finiteness to the host in one transfer.
    Evaluation finish(const torch::Tensor& terms, torch::Tensor gradient, const std::vector<std::string>& layer_names) const;
    std::set<std::string> style_layer_names() const;
    const torch::Tensor& style_weights(const torch::Tensor& x);

    Vgg19 model_;
    Params params_;
    void add_style_targets(const std::set<std::string>& layers);
    // Params::style_masks in effect (guided_style.h): masks given, and more than one style's all-ones
    // mask (which is the unguided loss, computed the unguided way so the run is the same to the byte).
    bool guided() const;
    // The styles whose masks select something: the regions, in order.
    std::vector<std::size_t> region_styles() const;
    void add_region_targets(const std::set<std::string>& layers);
    // The regions' masks at each style layer for an image of height x width, made once per size and masks.
    const std::map<std::string, torch::Tensor>& layer_masks(const torch::Tensor& x);
    // The style loss of a black image under the regions, for a mode and layer: their targets'
    // zero losses weighted by the regions' shares of the styled part.
    double region_zero_loss(const std::string& layer, StyleLossMode mode, const torch::Tensor& x);

    torch::Tensor content_;              // as given, RGB
    std::vector<torch::Tensor> styles_;  // as given, RGB
    // Targets, valid while their inputs are unchanged.
    std::string content_target_layer_;
    torch::Tensor content_target_;
    double content_zero_loss_ = 1.0;
    std::map<std::pair<std::string, StyleLossMode>, StyleTarget> style_targets_;
    // Per region (style index): its style's own statistics, keyed (layer, mode, style).
    std::map<std::tuple<std::string, StyleLossMode, std::size_t>, StyleTarget> region_targets_;
    std::map<std::string, torch::Tensor> layer_masks_;  // valid for layer_masks_size_
    std::pair<std::int64_t, std::int64_t> layer_masks_size_{0, 0};
    torch::Tensor style_weights_;  // [style layers, variants]; undefined when parameters or targets change
    int bleed_ = 0;                // px of bleed around the picture in every image evaluated
    int max_tile_ = 0;             // 0: never tiled
    // The largest tile side plan_tiles may use: max_tile_, or no limit when never tiled.
    int tile_limit() const { return max_tile_ > 0 ? max_tile_ : std::numeric_limits<int>::max(); }
    int tiled_passes_ = 0;         // tiled evaluations so far, which move the boundaries
    TileGrid last_tiles_;
};

}  // namespace engine
