#include "engine/memory_estimate.h"

#include <algorithm>
#include <fstream>
#include <string>

#include <torch/torch.h>

#include "engine/vgg19.h"

namespace engine {
namespace {

// Floats kept per activation element during a forward/backward: the conv output, the ReLU
// output saved for backward, and the gradient flowing back through it.
constexpr double kTensorsPerActivation = 3.0;
// LibTorch's workspace (im2col buffers, allocator slack) on top of what the activations need.
constexpr double kWorkspaceFactor = 1.5;
constexpr int kLbfgsHistory = 100;

std::uint64_t cpu_available_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return 0;
}

}  // namespace

std::uint64_t estimate_run_bytes(const Vgg19Impl& model, const Params& params, int height, int width) {
    std::string deepest = params.content_layer.empty() ? model.default_content_layer() : params.content_layer;
    const auto layers = params.style_layers.empty() ? model.default_style_layers() : params.style_layers;
    const auto& names = vgg19_layer_names();
    auto position = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) - names.begin(); };
    for (const auto& layer : layers)
        if (position(layer.name) > position(deepest)) deepest = layer.name;

    const double batch = params.compare ? 2.0 : 1.0;
    double activations = 0;    // floats per image up to the deepest layer
    double largest_gram = 0;   // floats of the biggest Gram matrix
    double h = height, w = width;
    for (const auto& name : names) {
        if (name.rfind("conv", 0) == 0 && name.back() == '1' && name != "conv1_1") {
            h = std::ceil(h / 2);
            w = std::ceil(w / 2);
        }
        const double channels = static_cast<double>(model.has_layer(name) ? model.channels(name) : 512);
        activations += channels * h * w;
        largest_gram = std::max(largest_gram, channels * channels);
        if (name == deepest) break;
    }
    const double image = 3.0 * height * width;
    const double optimizer_floats = params.optimizer == OptimizerKind::Lbfgs ? (2.0 * kLbfgsHistory + 4) * image : 4 * image;
    const double floats = batch * (activations * kTensorsPerActivation * kWorkspaceFactor + optimizer_floats +
                                   3 * largest_gram * static_cast<double>(layers.size())) +
                          2 * activations;  // the content and style forward passes for the targets
    return static_cast<std::uint64_t>(floats * sizeof(float));
}

std::uint64_t available_bytes(const std::string& device_name) {
    if (device_name.rfind("cpu", 0) == 0) return cpu_available_bytes();
    return 0;  // LibTorch has no portable free-memory query across 1.13 and 2.x: let CUDA report OOM
}

}  // namespace engine
