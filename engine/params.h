#pragma once
// engine::Params: the one value struct that the UI, the CLI and the JSON sidecar share.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/region_mask.h"

namespace engine {

enum class StyleLossMode { Full, Diagonal, MeanStd, W2 };
enum class OptimizerKind { Lbfgs, Adam, Sgd };
enum class InitMode { Content, Style, Noise };
enum class Pooling { Average, Max };
enum class DeviceChoice { Auto, Cpu, Cuda };
// How a run treats the picture's edges. Bleed (the default): the picture is painted with a
// mirrored bleed around it that is cut off (bleed.h), so its edge pixels are painted like the rest;
// the network's convolutions reflect at the canvas's edge. Reflect: no bleed, each convolution's
// input reflected by one pixel (as Gatys' own code offers; a side of 1 px repeats instead). Zero:
// no bleed, zeros around the image (the paper's setting; the network reads "no feature" there).
enum class Padding { Bleed, Reflect, Zero };
// What happens to colour (Gatys et al. 2017, "Controlling Perceptual Factors"): nothing (the
// painting's palette), luminance-only transfer (the photo's colours kept), or the style image's
// colours first matched to the photo's (mean and covariance in RGB), then transferred in full.
enum class ColorControl { None, Luminance, Match };

// One style layer and its relative weight.
struct StyleLayer {
    std::string name;     // e.g. "conv1_1"
    double weight = 1.0;  // relative weight; the layers' weights are used as given (not renormalized)
    bool operator==(const StyleLayer& o) const { return name == o.name && weight == o.weight; }
};

struct Params {
    // --- live: may change between iterations of a run --------------------------------------
    double content_weight = 1.0;
    // 100: chosen by the defaults study (README): keeps the photo's structure best at 192 and
    // 512 px and still reaches the painting's statistics (1000 lost the subject at small sizes).
    double style_weight = 100.0;
    double tv_weight = 10.0;
    // 1: the mean squared difference of neighbouring pixels, per direction (smooth, suits L-BFGS);
    // e != 1: the mean over pixels of (dx^2 + dy^2)^e (Mahendran & Vedaldi's beta/2; the Keras
    // example uses 1.25, which smooths small ripples less and large edges more).
    double tv_exponent = 1.0;
    std::vector<StyleLayer> style_layers;  // empty: the model's defaults (see vgg19.h)
    std::string content_layer;             // empty: the model's default
    StyleLossMode style_loss = StyleLossMode::Full;
    // Divide each loss by its value for a black image (see losses.h): makes the modes comparable
    // at the same style weight and the sliders independent of the weights' input convention.
    bool normalize_losses = true;
    double learning_rate = 0.0;  // 0: the optimizer's default (L-BFGS 1.0, Adam 0.02, SGD 5e-5 per pixel)
    // Exponential decay of Adam's and SGD's learning rate (Keras' ExponentialDecay): the rate at
    // iteration t is learning_rate x lr_decay^(t / lr_decay_steps). 1: constant. L-BFGS ignores it.
    double lr_decay = 1.0;
    int lr_decay_steps = 100;
    Pooling pooling = Pooling::Average;
    ColorControl color_control = ColorControl::None;
    // The style image is resized so its longest side is style_scale x the result's longest side
    // (at the current scale): larger values give larger brush strokes.
    double style_scale = 1.0;
    // Several style images (up to ParamLimits::max_styles): their blend weights, one per style,
    // normalized to sum 1 (see blend_weights). Per layer the target is the blend of the styles'
    // statistics. Empty: every style weighs the same (a single style: 1).
    std::vector<double> style_blend;
    // Where each style goes (guided Gram matrices, Gatys et al. 2017; guided_style.h): empty (every
    // style everywhere, blended), or one mask per style image in the same order. Where the masks sum
    // to less than 1 the rest of a pixel gets no style (a protected region); above 1 they are
    // normalized per pixel. With masks each region takes its own style's statistics, and
    // style_blend is not used. Not in the parameters' JSON: a run's record keeps them as PNG files.
    std::vector<SharedMask> style_masks;

    // --- compare mode: a second variant in lockstep, batched through one forward/backward ----
    bool compare = false;
    StyleLossMode compare_loss = StyleLossMode::Diagonal;

    // --- fixed for a run: changing them means a new run -------------------------------------
    int size = 512;        // longest side of the result, in pixels
    int iterations = 300;  // total over all scales
    OptimizerKind optimizer = OptimizerKind::Lbfgs;
    InitMode init = InitMode::Content;
    std::uint64_t seed = 0;
    int scales = 1;  // coarse-to-fine: the first scale is size / 2^(scales-1)
    DeviceChoice device = DeviceChoice::Auto;
    int threads = 0;  // 0: all cores
    Padding padding = Padding::Bleed;
    // Cut a scanned frame (and the rim inside it) off each style image first (style_frame.h):
    // its edge statistics would be painted along the result's edges as a dark or pale line.
    bool trim_style_frame = true;

    bool operator==(const Params& o) const;
    bool operator!=(const Params& o) const { return !(*this == o); }
};

// Limits that validate() enforces and the UI and CLI show.
struct ParamLimits {
    static constexpr int min_size = 16;
    static constexpr int max_size = 4096;
    static constexpr int max_iterations = 1000000;
    static constexpr int max_scales = 4;
    static constexpr double max_weight = 1e12;
    static constexpr int max_threads = 1024;
    // A larger step moves every pixel past 0..1 at once: nothing to learn from.
    static constexpr double max_learning_rate = 1e6;
    static constexpr double min_style_scale = 0.25;
    static constexpr double max_style_scale = 4.0;
    static constexpr int max_styles = 4;
    static constexpr double min_tv_exponent = 1.0;
    static constexpr double max_tv_exponent = 3.0;
    static constexpr int max_lr_decay_steps = 1000000;
};

// "> 0, or 0 for the optimizer's default (lbfgs 1, adam 0.02), at most 1e6": the one wording of
// the learning rate's rule, for help texts and error messages alike.
std::string learning_rate_rule();

// Throws ParamError naming the parameter and the allowed range.
void validate(const Params& params);

// The optimizer's learning rate, with the default filled in.
double effective_learning_rate(const Params& params);
// The rate of the step after `iteration` iterations: effective_learning_rate with the decay applied
// (Adam and SGD; L-BFGS's step length stays its own).
double scheduled_learning_rate(const Params& params, int iteration);

// The blend weights of `styles` style images, normalized to sum 1: Params::style_blend, or equal
// weights when it is empty. Throws ParamError when its count differs from `styles`.
std::vector<double> blend_weights(const Params& params, std::size_t styles);
// Params::style_masks against `styles` style images: none, or one non-empty mask per style.
// Throws ParamError saying what does not match.
void check_style_masks(const Params& params, std::size_t styles);

// Text forms used by the CLI, the JSON sidecar and the UI. parse_* throw ParamError listing
// the allowed values.
std::string to_string(StyleLossMode mode);  // "full", "diag", "meanstd", "w2"
std::string to_string(OptimizerKind kind);  // "lbfgs", "adam", "sgd"
std::string to_string(InitMode mode);       // "content", "style", "noise"
std::string to_string(Pooling pooling);     // "avg", "max"
std::string to_string(DeviceChoice device); // "auto", "cpu", "cuda"
std::string to_string(Padding padding);     // "bleed", "reflect", "zero"
std::string to_string(ColorControl colors); // "none", "luminance", "match"
StyleLossMode parse_style_loss_mode(const std::string& text);
OptimizerKind parse_optimizer(const std::string& text);
InitMode parse_init_mode(const std::string& text);
Pooling parse_pooling(const std::string& text);
DeviceChoice parse_device(const std::string& text);
Padding parse_padding(const std::string& text);
ColorControl parse_color_control(const std::string& text);

// "conv1_1,conv2_1:0.5" -> layers with weights (weight defaults to 1).
std::vector<StyleLayer> parse_style_layers(const std::string& text);
std::string format_style_layers(const std::vector<StyleLayer>& layers);

// "1,0.5" -> blend weights, one per style (finite, >= 0, not all 0, at most max_styles of them).
std::vector<double> parse_style_blend(const std::string& text);
std::string format_style_blend(const std::vector<double>& blend);

// "conv2_1:0.5", for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, const StyleLayer& layer);

}  // namespace engine
