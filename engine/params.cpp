#include "engine/params.h"

#include <cmath>
#include <ostream>
#include <sstream>

#include "engine/errors.h"
#include "engine/vgg19.h"

namespace engine {

bool Params::operator==(const Params& o) const {
    return content_weight == o.content_weight && style_weight == o.style_weight &&
           tv_weight == o.tv_weight && tv_exponent == o.tv_exponent && lr_decay == o.lr_decay &&
           lr_decay_steps == o.lr_decay_steps && style_layers == o.style_layers &&
           content_layer == o.content_layer && style_loss == o.style_loss &&
           normalize_losses == o.normalize_losses && learning_rate == o.learning_rate &&
           pooling == o.pooling && color_control == o.color_control && style_scale == o.style_scale &&
           style_blend == o.style_blend && compare == o.compare &&
           compare_loss == o.compare_loss && size == o.size && iterations == o.iterations &&
           optimizer == o.optimizer && init == o.init && seed == o.seed && scales == o.scales &&
           device == o.device && threads == o.threads && padding == o.padding &&
           trim_style_frame == o.trim_style_frame && same_masks(style_masks, o.style_masks);
}

namespace {

// Shortest text that reads back as the same double (0.1 -> "0.1", not "0.10000000000000001").
std::string number_text(double value) {
    for (int precision : {6, 15, 17}) {
        std::ostringstream out;
        out.precision(precision);
        out << value;
        if (precision == 17 || std::stod(out.str()) == value) return out.str();
    }
    return {};
}

void require_int_range(const char* name, int value, int low, int high) {
    if (value < low || value > high) {
        throw ParamError(std::string(name) + " must be between " + std::to_string(low) + " and " +
                         std::to_string(high) + " (got " + std::to_string(value) + ")");
    }
}

void require_weight(const std::string& name, double value) {
    if (!std::isfinite(value) || value < 0.0 || value > ParamLimits::max_weight) {
        throw ParamError(name + " must be a finite number between 0 and " +
                         number_text(ParamLimits::max_weight) + " (got " + number_text(value) + ")");
    }
}

std::string vgg19_names_text() {
    std::string text;
    for (const auto& name : vgg19_layer_names()) text += (text.empty() ? "" : ", ") + name;
    return text;
}

void require_vgg19_layer(const std::string& what, const std::string& layer) {
    if (!is_vgg19_layer(layer)) {
        throw ParamError(what + " '" + layer + "' is not a VGG-19 layer (allowed: " +
                         vgg19_names_text() + ")");
    }
}

// Finds `text` among the allowed names of an enum; the error lists them all.
template <typename Enum, std::size_t N>
Enum parse_choice(const std::string& what, const std::string& text,
                  const std::pair<const char*, Enum> (&choices)[N]) {
    std::string allowed;
    for (const auto& [name, value] : choices) {
        if (text == name) return value;
        allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    }
    throw ParamError("unknown " + what + " '" + text + "' (allowed: " + allowed + ")");
}

const std::pair<const char*, StyleLossMode> kStyleLossModes[] = {
    {"full", StyleLossMode::Full}, {"diag", StyleLossMode::Diagonal}, {"meanstd", StyleLossMode::MeanStd},
    {"w2", StyleLossMode::W2}};
const std::pair<const char*, OptimizerKind> kOptimizers[] = {
    {"lbfgs", OptimizerKind::Lbfgs}, {"adam", OptimizerKind::Adam}, {"sgd", OptimizerKind::Sgd}};
const std::pair<const char*, InitMode> kInitModes[] = {
    {"content", InitMode::Content}, {"style", InitMode::Style}, {"noise", InitMode::Noise}};
const std::pair<const char*, Pooling> kPoolings[] = {{"avg", Pooling::Average}, {"max", Pooling::Max}};
const std::pair<const char*, DeviceChoice> kDevices[] = {
    {"auto", DeviceChoice::Auto}, {"cpu", DeviceChoice::Cpu}, {"cuda", DeviceChoice::Cuda}};
const std::pair<const char*, Padding> kPaddings[] = {
    {"bleed", Padding::Bleed}, {"reflect", Padding::Reflect}, {"zero", Padding::Zero}};
const std::pair<const char*, ColorControl> kColorControls[] = {
    {"none", ColorControl::None}, {"luminance", ColorControl::Luminance}, {"match", ColorControl::Match}};

template <typename Enum, std::size_t N>
std::string choice_name(Enum value, const std::pair<const char*, Enum> (&choices)[N]) {
    for (const auto& [name, v] : choices) {
        if (v == value) return name;
    }
    return "?";
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// The whole of `text` as a number; false when it is not one.
bool whole_number(const std::string& text, double& value) {
    std::size_t used = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used != 0 && used == text.size();
}

double parse_layer_weight(const std::string& layer, const std::string& text) {
    double value = 0.0;
    if (!whole_number(text, value)) {
        throw ParamError("style layer " + layer + ": weight '" + text + "' is not a number");
    }
    require_weight("style layer " + layer + " weight", value);
    return value;
}

// Blend weights: each a weight, at most max_styles of them, and some style must count.
void require_blend(const std::vector<double>& blend) {
    if (blend.size() > static_cast<std::size_t>(ParamLimits::max_styles))
        throw ParamError("style_blend has " + std::to_string(blend.size()) + " weights: at most " +
                         std::to_string(ParamLimits::max_styles) + " styles can be blended");
    double sum = 0;
    for (std::size_t i = 0; i < blend.size(); ++i) {
        require_weight("style_blend weight " + std::to_string(i + 1), blend[i]);
        sum += blend[i];
    }
    if (!blend.empty() && !(sum > 0))
        throw ParamError("style_blend: every weight is 0; give at least one style a weight above 0");
}

}  // namespace

void validate(const Params& p) {
    require_int_range("size", p.size, ParamLimits::min_size, ParamLimits::max_size);
    require_int_range("iterations", p.iterations, 1, ParamLimits::max_iterations);
    require_int_range("scales", p.scales, 1, ParamLimits::max_scales);
    require_int_range("threads", p.threads, 0, ParamLimits::max_threads);
    require_weight("content_weight", p.content_weight);
    require_weight("style_weight", p.style_weight);
    require_weight("tv_weight", p.tv_weight);
    if (!std::isfinite(p.learning_rate) || p.learning_rate < 0.0 || p.learning_rate > ParamLimits::max_learning_rate)
        throw ParamError("learning_rate must be " + learning_rate_rule() + " (got " + number_text(p.learning_rate) + ")");
    if (!(p.style_scale >= ParamLimits::min_style_scale && p.style_scale <= ParamLimits::max_style_scale))
        throw ParamError("style_scale must be between " + number_text(ParamLimits::min_style_scale) + " and " +
                         number_text(ParamLimits::max_style_scale) + " (got " + number_text(p.style_scale) + ")");
    require_blend(p.style_blend);
    if (!(p.tv_exponent >= ParamLimits::min_tv_exponent && p.tv_exponent <= ParamLimits::max_tv_exponent))
        throw ParamError("tv_exponent must be between " + number_text(ParamLimits::min_tv_exponent) + " and " +
                         number_text(ParamLimits::max_tv_exponent) + " (got " + number_text(p.tv_exponent) + ")");
    if (!(p.lr_decay > 0.0 && p.lr_decay <= 1.0))
        throw ParamError("lr_decay must be above 0 and at most 1 (1: no decay; got " + number_text(p.lr_decay) + ")");
    require_int_range("lr_decay_steps", p.lr_decay_steps, 1, ParamLimits::max_lr_decay_steps);
    if (p.iterations < p.scales)
        throw ParamError("iterations (" + std::to_string(p.iterations) + ") must be at least scales (" +
                         std::to_string(p.scales) + "): every scale needs an iteration, the first one included");
    for (const auto& layer : p.style_layers) {
        require_vgg19_layer("style layer", layer.name);
        require_weight("style layer " + layer.name + " weight", layer.weight);
    }
    if (!p.content_layer.empty()) require_vgg19_layer("content_layer", p.content_layer);
}

std::string learning_rate_rule() {
    return "> 0, or 0 for the optimizer's default (lbfgs 1, adam 0.02, sgd 5e-5 per pixel), at most " +
           number_text(ParamLimits::max_learning_rate);
}

double effective_learning_rate(const Params& params) {
    if (params.learning_rate > 0.0) return params.learning_rate;
    switch (params.optimizer) {
        case OptimizerKind::Lbfgs: return 1.0;
        case OptimizerKind::Adam: return 0.02;
        case OptimizerKind::Sgd: return 5e-5;  // per pixel (engine::Sgd): 0.8 at 128 px
    }
    return 1.0;
}

double scheduled_learning_rate(const Params& params, int iteration) {
    const double rate = effective_learning_rate(params);
    if (params.optimizer == OptimizerKind::Lbfgs || params.lr_decay == 1.0) return rate;
    return rate * std::pow(params.lr_decay, static_cast<double>(iteration) / params.lr_decay_steps);
}

std::vector<double> blend_weights(const Params& params, std::size_t styles) {
    if (params.style_blend.empty()) return std::vector<double>(styles, styles == 0 ? 0.0 : 1.0 / styles);
    if (params.style_blend.size() != styles)
        throw ParamError("style_blend has " + std::to_string(params.style_blend.size()) + " weight" +
                         (params.style_blend.size() == 1 ? "" : "s") + " for " + std::to_string(styles) + " style" +
                         (styles == 1 ? "" : "s") + ": give one weight per style image");
    require_blend(params.style_blend);
    double sum = 0;
    for (double w : params.style_blend) sum += w;
    std::vector<double> weights;
    for (double w : params.style_blend) weights.push_back(w / sum);
    return weights;
}

void check_style_masks(const Params& params, std::size_t styles) {
    const auto& masks = params.style_masks;
    if (masks.empty()) return;
    if (masks.size() != styles)
        throw ParamError(std::to_string(masks.size()) + " style mask" + (masks.size() == 1 ? "" : "s") + " for " +
                         std::to_string(styles) + " style" + (styles == 1 ? "" : "s") +
                         ": give one mask per style image, in the same order");
    for (std::size_t i = 0; i < masks.size(); ++i)
        if (!masks[i] || masks[i]->empty() ||
            masks[i]->values.size() != static_cast<std::size_t>(masks[i]->width) * static_cast<std::size_t>(masks[i]->height))
            throw ParamError("the mask of style " + std::to_string(i + 1) + " has no pixels");
}

std::string to_string(StyleLossMode mode) { return choice_name(mode, kStyleLossModes); }
std::string to_string(OptimizerKind kind) { return choice_name(kind, kOptimizers); }
std::string to_string(InitMode mode) { return choice_name(mode, kInitModes); }
std::string to_string(Pooling pooling) { return choice_name(pooling, kPoolings); }
std::string to_string(DeviceChoice device) { return choice_name(device, kDevices); }
std::string to_string(Padding padding) { return choice_name(padding, kPaddings); }
std::string to_string(ColorControl colors) { return choice_name(colors, kColorControls); }

StyleLossMode parse_style_loss_mode(const std::string& text) {
    return parse_choice("style loss", text, kStyleLossModes);
}
OptimizerKind parse_optimizer(const std::string& text) { return parse_choice("optimizer", text, kOptimizers); }
InitMode parse_init_mode(const std::string& text) { return parse_choice("init mode", text, kInitModes); }
Pooling parse_pooling(const std::string& text) { return parse_choice("pooling", text, kPoolings); }
DeviceChoice parse_device(const std::string& text) { return parse_choice("device", text, kDevices); }
Padding parse_padding(const std::string& text) { return parse_choice("padding", text, kPaddings); }
ColorControl parse_color_control(const std::string& text) {
    return parse_choice("colour control", text, kColorControls);
}

std::vector<StyleLayer> parse_style_layers(const std::string& text) {
    std::vector<StyleLayer> layers;
    if (trim(text).empty()) return layers;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        item = trim(item);
        if (item.empty()) throw ParamError("style layers '" + text + "': empty entry");
        StyleLayer layer;
        const auto colon = item.find(':');
        layer.name = trim(item.substr(0, colon));
        if (colon != std::string::npos) layer.weight = parse_layer_weight(layer.name, trim(item.substr(colon + 1)));
        require_vgg19_layer("style layer", layer.name);
        layers.push_back(layer);
    }
    if (!text.empty() && text.back() == ',') throw ParamError("style layers '" + text + "': empty entry");
    return layers;
}

std::string format_style_layers(const std::vector<StyleLayer>& layers) {
    std::string text;
    for (const auto& layer : layers) {
        if (!text.empty()) text += ",";
        text += layer.name;
        if (layer.weight != 1.0) text += ":" + number_text(layer.weight);
    }
    return text;
}

std::vector<double> parse_style_blend(const std::string& text) {
    std::vector<double> blend;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        item = trim(item);
        double value = 0.0;
        if (!whole_number(item, value))
            throw ParamError("style blend '" + text + "': '" + item + "' is not a number (give one weight per style, "
                             "e.g. 1,0.5)");
        blend.push_back(value);
    }
    if (blend.empty() || text.back() == ',') throw ParamError("style blend '" + text + "': empty entry");
    require_blend(blend);
    return blend;
}

std::string format_style_blend(const std::vector<double>& blend) {
    std::string text;
    for (double w : blend) text += (text.empty() ? "" : ",") + number_text(w);
    return text;
}

std::ostream& operator<<(std::ostream& out, const StyleLayer& layer) {
    return out << layer.name << ":" << number_text(layer.weight);
}

}  // namespace engine
