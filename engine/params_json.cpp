#include "engine/params_json.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <limits>

#include "engine/errors.h"
#include "engine/user_text.h"

namespace engine {

using nlohmann::json;

json params_to_json(const Params& p) {
    json layers = json::array();
    for (const auto& layer : p.style_layers) layers.push_back({{"name", layer.name}, {"weight", layer.weight}});
    return json{
        {"content_weight", p.content_weight},
        {"style_weight", p.style_weight},
        {"tv_weight", p.tv_weight},
        {"tv_exponent", p.tv_exponent},
        {"style_layers", layers},
        {"content_layer", p.content_layer},
        {"style_loss", to_string(p.style_loss)},
        {"normalize_losses", p.normalize_losses},
        {"learning_rate", p.learning_rate},
        {"lr_decay", p.lr_decay},
        {"lr_decay_steps", p.lr_decay_steps},
        {"pooling", to_string(p.pooling)},
        {"color_control", to_string(p.color_control)},
        {"style_scale", p.style_scale},
        {"style_blend", p.style_blend},
        {"compare", p.compare},
        {"compare_loss", to_string(p.compare_loss)},
        {"size", p.size},
        {"iterations", p.iterations},
        {"optimizer", to_string(p.optimizer)},
        {"init", to_string(p.init)},
        {"seed", p.seed},
        {"scales", p.scales},
        {"device", to_string(p.device)},
        {"threads", p.threads},
        {"padding", to_string(p.padding)},
        {"trim_style_frame", p.trim_style_frame},
    };
}

namespace {

std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

// Strings built in code may hold invalid UTF-8; dump() would throw on them.
std::string shown(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

[[noreturn]] void wrong_type(const std::string& key, const char* expected, const json& value) {
    throw ParamError("parameter '" + key + "' must be " + expected + " (got " + shown(value) + ")");
}

// Reads one key when present; each reader checks the JSON type before converting.
class Reader {
public:
    explicit Reader(const json& object) : object_(object) {}

    void number(const char* key, double& out) const {
        if (const json* v = find(key)) {
            if (!v->is_number()) wrong_type(key, "a number", *v);
            out = v->get<double>();
        }
    }
    void boolean(const char* key, bool& out) const {
        if (const json* v = find(key)) {
            if (!v->is_boolean()) wrong_type(key, "true or false", *v);
            out = v->get<bool>();
        }
    }
    void integer(const char* key, int& out) const {
        if (const json* v = find(key)) {
            if (!v->is_number_integer()) wrong_type(key, "an integer", *v);
            const auto wide = v->get<std::int64_t>();
            if (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<int>::max()))
                wrong_type(key, "an integer in the int range", *v);
            if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
                wrong_type(key, "an integer in the int range", *v);
            out = static_cast<int>(wide);
        }
    }
    void unsigned64(const char* key, std::uint64_t& out) const {
        if (const json* v = find(key)) {
            if (v->is_number_unsigned()) {
                out = v->get<std::uint64_t>();
            } else if (v->is_number_integer() && v->get<std::int64_t>() >= 0) {
                out = static_cast<std::uint64_t>(v->get<std::int64_t>());
            } else {
                wrong_type(key, "a non-negative integer", *v);
            }
        }
    }
    void text(const char* key, std::string& out) const {
        if (const json* v = find(key)) {
            if (!v->is_string()) wrong_type(key, "a string", *v);
            out = v->get<std::string>();
        }
    }
    // Enums are stored as their text forms; parse errors are prefixed with the key.
    template <typename Enum>
    void choice(const char* key, Enum& out, Enum (*parse)(const std::string&)) const {
        std::string value;
        text(key, value);
        if (find(key) == nullptr) return;
        try {
            out = parse(value);
        } catch (const ParamError& e) {
            throw ParamError(std::string("parameter '") + key + "': " + e.what());
        }
    }
    void style_layers(const char* key, std::vector<StyleLayer>& out) const;
    void numbers(const char* key, std::vector<double>& out) const {
        if (const json* v = find(key)) {
            if (!v->is_array()) wrong_type(key, "an array of numbers", *v);
            std::vector<double> values;
            for (const auto& item : *v) {
                if (!item.is_number()) wrong_type(key, "an array of numbers", *v);
                values.push_back(item.get<double>());
            }
            out = std::move(values);
        }
    }

private:
    const json* find(const char* key) const {
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }
    const json& object_;
};

void Reader::style_layers(const char* key, std::vector<StyleLayer>& out) const {
    const json* v = find(key);
    if (v == nullptr) return;
    if (v->is_string()) {  // the CLI's text form, "conv1_1,conv2_1:0.5"
        try {
            out = parse_style_layers(v->get<std::string>());
        } catch (const ParamError& e) {
            throw ParamError(std::string("parameter '") + key + "': " + e.what());
        }
        return;
    }
    if (!v->is_array()) wrong_type(key, "an array of {name, weight} objects", *v);
    std::vector<StyleLayer> layers;
    for (const auto& item : *v) {
        if (!item.is_object()) wrong_type(key, "an array of {name, weight} objects", item);
        StyleLayer layer;
        const auto name = item.find("name");
        if (name == item.end() || !name->is_string()) wrong_type(key + std::string(".name"), "a string", item);
        layer.name = name->get<std::string>();
        const auto weight = item.find("weight");
        if (weight != item.end()) {
            if (!weight->is_number()) wrong_type(key + std::string(".weight"), "a number", *weight);
            layer.weight = weight->get<double>();
        }
        layers.push_back(layer);
    }
    out = std::move(layers);
}

// Keys of earlier versions that still read (see params_from_json), though never written.
const char* const kLegacyKeys[] = {"preserve_colors"};

void refuse_unknown_keys(const json& object) {
    const std::vector<std::string> known = param_keys();
    for (const auto& item : object.items()) {
        if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
        if (std::find(std::begin(kLegacyKeys), std::end(kLegacyKeys), item.key()) != std::end(kLegacyKeys)) continue;
        throw ParamError("unknown parameter '" + item.key() + "'" + did_you_mean(item.key(), known) +
                         "; the parameters are " + join(known));
    }
}

}  // namespace

json read_json_object(const std::string& path, const std::string& what) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path + ": cannot open the " + what + " file");
    std::ostringstream text;
    text << file.rdbuf();
    json document;
    try {
        document = json::parse(text.str());
    } catch (const json::exception& e) {
        throw InputError(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!document.is_object()) throw InputError(path + ": not a JSON object");
    return document;
}

std::vector<std::string> param_keys() {
    std::vector<std::string> keys;
    const json defaults = params_to_json(Params{});  // items() of a temporary would dangle
    for (const auto& item : defaults.items()) keys.push_back(item.key());
    return keys;
}

Params params_from_json(const json& object) {
    if (!object.is_object()) throw ParamError("parameters must be a JSON object (got " + shown(object) + ")");
    refuse_unknown_keys(object);
    Params p;
    const Reader r(object);
    r.number("content_weight", p.content_weight);
    r.number("style_weight", p.style_weight);
    r.number("tv_weight", p.tv_weight);
    r.number("tv_exponent", p.tv_exponent);
    r.style_layers("style_layers", p.style_layers);
    r.text("content_layer", p.content_layer);
    r.choice("style_loss", p.style_loss, parse_style_loss_mode);
    r.boolean("normalize_losses", p.normalize_losses);
    r.number("learning_rate", p.learning_rate);
    r.number("lr_decay", p.lr_decay);
    r.integer("lr_decay_steps", p.lr_decay_steps);
    r.choice("pooling", p.pooling, parse_pooling);
    // Before colour matching, luminance-only transfer was a switch: "preserve_colors": true.
    bool preserve_colors = false;
    r.boolean("preserve_colors", preserve_colors);
    if (preserve_colors) p.color_control = ColorControl::Luminance;
    r.choice("color_control", p.color_control, parse_color_control);
    if (preserve_colors && p.color_control != ColorControl::Luminance)
        throw ParamError("parameters 'preserve_colors': true and 'color_control': '" + to_string(p.color_control) +
                         "' contradict each other (preserve_colors is the old name of color_control 'luminance')");
    r.number("style_scale", p.style_scale);
    r.numbers("style_blend", p.style_blend);
    r.boolean("compare", p.compare);
    r.choice("compare_loss", p.compare_loss, parse_style_loss_mode);
    r.integer("size", p.size);
    r.integer("iterations", p.iterations);
    r.choice("optimizer", p.optimizer, parse_optimizer);
    r.choice("init", p.init, parse_init_mode);
    r.unsigned64("seed", p.seed);
    r.integer("scales", p.scales);
    r.choice("device", p.device, parse_device);
    r.integer("threads", p.threads);
    // Parameters written before the padding existed were computed with zero padding: reading
    // them so keeps their runs replaying byte for byte. New ones always carry the key.
    p.padding = Padding::Zero;
    r.choice("padding", p.padding, parse_padding);
    // The same for the style frame's trimming: earlier runs used the style image whole.
    p.trim_style_frame = false;
    r.boolean("trim_style_frame", p.trim_style_frame);
    validate(p);  // its messages name the parameter by the same key
    return p;
}

}  // namespace engine
