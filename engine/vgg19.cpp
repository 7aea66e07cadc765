#include "engine/vgg19.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "engine/errors.h"
#include "engine/mirror_padding.h"
#include "engine/safetensors.h"

namespace engine {

namespace {

struct ConvSpec {
    const char* name;
    int feature_index;       // features.N in torchvision/timm
    std::int64_t channels;   // output filters
    bool pool_after;         // a 2x2 pooling follows this layer's ReLU
};

// torchvision's VGG-19 "features": conv/ReLU pairs with a pooling after each block.
constexpr ConvSpec kConvs[] = {
    {"conv1_1", 0, 64, false},   {"conv1_2", 2, 64, true},    {"conv2_1", 5, 128, false},
    {"conv2_2", 7, 128, true},   {"conv3_1", 10, 256, false}, {"conv3_2", 12, 256, false},
    {"conv3_3", 14, 256, false}, {"conv3_4", 16, 256, true},  {"conv4_1", 19, 512, false},
    {"conv4_2", 21, 512, false}, {"conv4_3", 23, 512, false}, {"conv4_4", 25, 512, true},
    {"conv5_1", 28, 512, false}, {"conv5_2", 30, 512, false}, {"conv5_3", 32, 512, false},
    {"conv5_4", 34, 512, false}};
constexpr int kConvCount = sizeof(kConvs) / sizeof(kConvs[0]);

int conv_position(const std::string& layer) {
    for (int i = 0; i < kConvCount; ++i)
        if (layer == kConvs[i].name) return i;
    return -1;
}

std::string weight_name(int i) { return "features." + std::to_string(kConvs[i].feature_index) + ".weight"; }
std::string bias_name(int i) { return "features." + std::to_string(kConvs[i].feature_index) + ".bias"; }

std::string shape_text(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

void check_shape(const std::string& path, const std::string& tensor, const TensorEntry& entry,
                 const std::vector<std::int64_t>& expected) {
    if (entry.shape != expected)
        throw InputError(path + ": tensor " + tensor + " has shape " + shape_text(entry.shape) + ", expected " +
                         shape_text(expected));
}

InputConvention convention_from(const SafetensorsHeader& header, const std::string& path) {
    const auto input = header.metadata.find("input");
    if (input == header.metadata.end()) return InputConvention::TorchRgbNormalized;
    if (input->second == "caffe_bgr_255") return InputConvention::CaffeBgr255;
    throw InputError(path + ": unknown input convention '" + input->second +
                     "' in __metadata__ (allowed: caffe_bgr_255, or no \"input\" key for RGB 0..1 ImageNet-normalized)");
}

// How many conv layers the file holds, in order from conv1_1; a gap followed by a later
// layer means a broken or unrelated file.
int count_prefix_layers(const SafetensorsHeader& header, const std::string& path) {
    auto has = [&](const std::string& name) { return header.tensors.count(name) > 0; };
    int count = 0;
    while (count < kConvCount && has(weight_name(count))) {
        if (!has(bias_name(count)))
            throw InputError(path + ": layer " + kConvs[count].name + " has " + weight_name(count) + " but no " +
                             bias_name(count));
        ++count;
    }
    for (int i = count + 1; i < kConvCount; ++i) {
        if (has(weight_name(i)) || has(bias_name(i)))
            throw InputError(path + ": layer " + kConvs[count].name + " (" + weight_name(count) +
                             ") is missing but the later layer " + kConvs[i].name +
                             " is present; the conv layers must be a prefix from conv1_1");
    }
    if (count == 0)
        throw InputError(path + ": holds no VGG-19 conv layers (expected " + weight_name(0) + " and " +
                         bias_name(0) + " onwards)");
    return count;
}

}  // namespace

const std::vector<std::string>& vgg19_layer_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& conv : kConvs) list.push_back(conv.name);
        return list;
    }();
    return names;
}

int vgg19_feature_index(const std::string& layer) {
    const int i = conv_position(layer);
    if (i < 0) throw ParamError("'" + layer + "' is not a VGG-19 conv layer");
    return kConvs[i].feature_index;
}

bool is_vgg19_layer(const std::string& layer) { return conv_position(layer) >= 0; }

bool vgg19_pools_after(const std::string& layer) {
    const int i = conv_position(layer);
    return i >= 0 && kConvs[i].pool_after;
}

Vgg19Impl::Vgg19Impl(const std::string& weights_path) : path_(weights_path) {
    const SafetensorsHeader header = read_safetensors_header(path_);
    convention_ = convention_from(header, path_);
    const int count = count_prefix_layers(header, path_);

    std::vector<std::string> tensor_names;
    std::int64_t in_channels = 3;
    for (int i = 0; i < count; ++i) {
        const std::int64_t out = kConvs[i].channels;
        check_shape(path_, weight_name(i), header.tensors.at(weight_name(i)), {out, in_channels, 3, 3});
        check_shape(path_, bias_name(i), header.tensors.at(bias_name(i)), {out});
        tensor_names.push_back(weight_name(i));
        tensor_names.push_back(bias_name(i));
        in_channels = out;
    }
    // Only the conv tensors are read: the classifier is most of a full timm/torchvision file.
    auto tensors = load_safetensors(path_, tensor_names);
    for (const auto& name : tensor_names)
        if (!torch::isfinite(tensors.at(name)).all().item<bool>())
            throw InputError(path_ + ": tensor " + name + " holds NaN or infinite values (a damaged file)");

    in_channels = 3;
    for (int i = 0; i < count; ++i) {
        auto conv = torch::nn::Conv2d(
            torch::nn::Conv2dOptions(in_channels, kConvs[i].channels, 3).padding(1));
        conv->weight.set_data(tensors.at(weight_name(i)));
        conv->bias.set_data(tensors.at(bias_name(i)));
        conv->weight.set_requires_grad(false);
        conv->bias.set_requires_grad(false);
        convs_.push_back(register_module(kConvs[i].name, conv));
        available_.push_back(kConvs[i].name);
        in_channels = kConvs[i].channels;
    }

    // preprocess computes rgb * scale - mean (channels flipped first for caffe weights).
    if (convention_ == InputConvention::CaffeBgr255) {
        mean_ = torch::tensor({103.939f, 116.779f, 123.68f});
        scale_ = torch::full({3}, 255.0f);
    } else {
        const auto mean = torch::tensor({0.485f, 0.456f, 0.406f});
        const auto std = torch::tensor({0.229f, 0.224f, 0.225f});
        mean_ = mean / std;
        scale_ = 1.0f / std;
    }
    mean_ = register_buffer("input_mean", mean_.view({1, 3, 1, 1}));
    scale_ = register_buffer("input_scale", scale_.view({1, 3, 1, 1}));
}

bool Vgg19Impl::has_layer(const std::string& layer) const {
    return std::find(available_.begin(), available_.end(), layer) != available_.end();
}

std::int64_t Vgg19Impl::channels(const std::string& layer) const {
    const int i = conv_position(layer);
    if (i < 0) throw ParamError("'" + layer + "' is not a VGG-19 conv layer");
    return kConvs[i].channels;
}

std::vector<StyleLayer> Vgg19Impl::default_style_layers() const {
    std::vector<StyleLayer> layers;
    for (const auto& name : available_)
        if (name.size() == 7 && name.compare(5, 2, "_1") == 0) layers.push_back({name, 1.0});
    return layers;  // the full network gives exactly the paper's conv1_1 ... conv5_1
}

std::string Vgg19Impl::default_content_layer() const {
    if (has_layer("conv4_2")) return "conv4_2";  // Gatys et al.
    for (auto it = available_.rbegin(); it != available_.rend(); ++it)
        if (it->compare(5, 2, "_2") == 0) return *it;
    return available_.back();
}

void Vgg19Impl::require_layer(const std::string& layer) const {
    if (!is_vgg19_layer(layer)) throw ParamError("'" + layer + "' is not a VGG-19 conv layer");
    if (has_layer(layer)) return;
    std::string range = available_.front();
    if (available_.size() > 1) range += " ... " + available_.back();
    throw ParamError("layer " + layer + " is not in " + path_ + " (it has " + range + ")");
}

torch::Tensor Vgg19Impl::preprocess(const torch::Tensor& rgb01) const {
    if (rgb01.dim() != 4 || rgb01.size(1) != 3)
        throw ParamError("VGG-19 input must be [B,3,H,W] RGB, got " + shape_text(rgb01.sizes().vec()));
    const torch::Tensor ordered = convention_ == InputConvention::CaffeBgr255 ? rgb01.flip({1}) : rgb01;
    // mul then in-place sub: the product is a fresh tensor that autograd does not save.
    return (ordered * scale_).sub_(mean_);
}

std::map<std::string, torch::Tensor> Vgg19Impl::forward(const torch::Tensor& input,
                                                        const std::set<std::string>& wanted,
                                                        Pooling pooling, Padding padding) {
    std::map<std::string, torch::Tensor> outputs;
    int deepest = -1;
    for (const auto& layer : wanted) {
        require_layer(layer);
        deepest = std::max(deepest, conv_position(layer));
    }
    if (deepest < 0) return outputs;
    if (input.dim() != 4 || input.size(1) != 3)
        throw ParamError("VGG-19 input must be [B,3,H,W], got " + shape_text(input.sizes().vec()));

    torch::Tensor x = input;
    for (int i = 0; i <= deepest; ++i) {
        // In-place ReLU is safe here: convolution's backward needs its input and weight, never
        // its output, and the returned activations are not modified afterwards.
        x = convolve(i, x, padding);
        x.relu_();
        if (wanted.count(kConvs[i].name)) outputs.emplace(kConvs[i].name, x);
        if (kConvs[i].pool_after && i < deepest) {
            // Average pooling keeps gradients from all four pixels (Gatys et al.).
            x = pooling == Pooling::Average ? torch::avg_pool2d(x, 2, 2) : torch::max_pool2d(x, 2, 2);
        }
    }
    return outputs;
}

namespace {
std::atomic<bool>& winograd_switch() {
    static std::atomic<bool> enabled{[] {
        const char* value = std::getenv("GRAMSTUDIO_WINOGRAD");
        return !(value && std::string(value) == "0");
    }()};
    return enabled;
}
}  // namespace

void set_winograd_enabled(bool enabled) { winograd_switch() = enabled; }
bool winograd_enabled() { return winograd_switch(); }

torch::Tensor Vgg19Impl::convolve(int i, const torch::Tensor& x, Padding padding) {
    auto& conv = convs_[i];
    if (!winograd_enabled() || !winograd_pays(x, kConvs[i].channels)) {
        // The modules pad with zeros themselves (padding 1).
        return padding == Padding::Zero ? conv->forward(x) : mirror_conv3x3(x, conv->weight, conv->bias);
    }
    const WinogradKernels* kernels = nullptr;
    {
        std::lock_guard<std::mutex> lock(winograd_mutex_);
        auto it = winograd_.find(i);
        if (it == winograd_.end()) it = winograd_.emplace(i, winograd_kernels(conv->weight)).first;
        kernels = &it->second;  // std::map nodes stay put
    }
    return winograd_conv3x3(x, *kernels, conv->bias, padding);
}

Vgg19 load_vgg19(const std::string& weights_path, const torch::Device& device) {
    Vgg19 model(weights_path);
    model->eval();
    model->to(device);
    for (auto& parameter : model->parameters()) parameter.set_requires_grad(false);
    return model;
}

}  // namespace engine
