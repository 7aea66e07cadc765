#pragma once
// engine::Params: the one value struct that the UI, the CLI and the JSON sidecar share.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace engine {

enum class StyleLossMode { Full, Diagonal, MeanStd, W2 };
enum class OptimizerKind { Lbfgs, Adam };
enum class InitMode { Content, Style, Noise };
enum class Pooling { Average, Max };
enum class DeviceChoice { Auto, Cpu, Cuda };
// What VGG-19's convolutions see beyond the image's edge: its mirror image (reflection, as Gatys'
// own code offers; a side of 1 px repeats instead) or zeros (the paper's setting, which darkens a
// 3-5 px frame: the network reads "no feature" all around and the optimizer paints the edge to match).
enum class Padding { Reflect, Zero };
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
    std::vector<StyleLayer> style_layers;  // empty: the model's defaults (see vgg19.h)
    std::string content_layer;             // empty: the model's default
    StyleLossMode style_loss = StyleLossMode::Full;
    // Divide each loss by its value for a black image (see losses.h): makes the modes comparable
    // at the same style weight and the sliders independent of the weights' input convention.
    bool normalize_losses = true;
    double learning_rate = 0.0;  // 0: the optimizer's default (L-BFGS 1.0, Adam 0.02)
    Pooling pooling = Pooling::Average;
    ColorControl color_control = ColorControl::None;
    // The style image is resized so its longest side is style_scale x the result's longest side
    // (at the current scale): larger values give larger brush strokes.
    double style_scale = 1.0;

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
    Padding padding = Padding::Reflect;

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
};

// "> 0, or 0 for the optimizer's default (lbfgs 1, adam 0.02), at most 1e6": the one wording of
// the learning rate's rule, for help texts and error messages alike.
std::string learning_rate_rule();

// Throws ParamError naming the parameter and the allowed range.
void validate(const Params& params);

// The optimizer's learning rate, with the default filled in.
double effective_learning_rate(const Params& params);

// Text forms used by the CLI, the JSON sidecar and the UI. parse_* throw ParamError listing
// the allowed values.
std::string to_string(StyleLossMode mode);  // "full", "diag", "meanstd", "w2"
std::string to_string(OptimizerKind kind);  // "lbfgs", "adam"
std::string to_string(InitMode mode);       // "content", "style", "noise"
std::string to_string(Pooling pooling);     // "avg", "max"
std::string to_string(DeviceChoice device); // "auto", "cpu", "cuda"
std::string to_string(Padding padding);     // "reflect", "zero"
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

// "conv2_1:0.5", for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, const StyleLayer& layer);

}  // namespace engine
