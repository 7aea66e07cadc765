#include "engine/memory_estimate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include <torch/torch.h>

#include "engine/heap.h"
#include "engine/lbfgs.h"
#include "engine/vgg19.h"

namespace engine {
namespace {

// Calibrated against gramstudio-bench's peak RSS at 1024x708 (single and compare, Adam and
// L-BFGS): every activation up to the deepest layer is saved for backward (the conv output,
// which in-place ReLU and the next conv share), plus about 0.7 of it in gradients, oneDNN
// reorder buffers and Winograd's transformed tiles; the backward pass holds up to three tensors
// of the largest layer at once. The estimate comes out 5-10% above what was measured: refusals
// err on the safe side.
constexpr double kActivationFactor = 1.7;
constexpr double kLargestLayerCopies = 3.0;
constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

std::atomic<std::uint64_t> available_override{0};  // 0: the system's figure

std::uint64_t read_number(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return kUnlimited;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return kUnlimited;
    }
}

std::uint64_t meminfo_available() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return 0;
}

// What a container's memory limit leaves (cgroup v2, then v1); unlimited outside a container.
std::uint64_t cgroup_available() {
    for (const auto& [limit_file, usage_file] :
         {std::pair<std::string, std::string>{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
          {"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
        const std::uint64_t limit = read_number(limit_file);
        if (limit == kUnlimited || limit >= (std::uint64_t{1} << 60)) continue;
        const std::uint64_t usage = read_number(usage_file);
        return usage == kUnlimited || usage >= limit ? 0 : limit - usage;
    }
    return kUnlimited;
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
    double activations = 0;    // floats per image up to the deepest layer, pooled maps included
    double largest_layer = 0;  // floats of the biggest one
    double largest_gram = 0;   // floats of the biggest Gram matrix
    double kernels = 0;        // Winograd's transformed kernels (forward and backward, 36 per pair)
    double h = height, w = width, previous_channels = 3;
    for (const auto& name : names) {
        if (name.back() == '1' && name != "conv1_1") {  // a 2x2 pooling starts each block
            h = std::floor(h / 2);
            w = std::floor(w / 2);
            activations += previous_channels * h * w;  // the pooled map
        }
        const double channels = static_cast<double>(model.channels(name));
        if (previous_channels >= 64 && previous_channels + channels >= 192) kernels += 2 * 36 * previous_channels * channels;
        previous_channels = channels;
        activations += channels * h * w;
        largest_layer = std::max(largest_layer, channels * h * w);
        largest_gram = std::max(largest_gram, channels * channels);
        if (name == deepest) break;
    }
    const double image = 3.0 * height * width;
    const int pairs = lbfgs_history_pairs(static_cast<std::uint64_t>(2 * batch * image * sizeof(float)));
    const double optimizer_floats = params.optimizer == OptimizerKind::Lbfgs ? (2.0 * pairs + 4) * image : 4 * image;
    const double per_image = activations * kActivationFactor + kLargestLayerCopies * largest_layer + optimizer_floats;
    const double floats = batch * per_image + 3 * largest_gram * static_cast<double>(layers.size()) + kernels;
    // Large blocks the heap keeps for the next iteration (heap.h); small runs have none that large.
    const double kept = std::min(static_cast<double>(kept_bytes_limit()), floats * sizeof(float) / 4);
    return static_cast<std::uint64_t>(floats * sizeof(float) + kept);
}

std::uint64_t available_bytes(const std::string& device_name) {
    if (device_name.rfind("cpu", 0) != 0) return 0;
    if (const std::uint64_t given = available_override.load()) return given;
    return std::min(meminfo_available(), cgroup_available());
}

void override_available_bytes(std::uint64_t bytes) { available_override = bytes; }

bool device_can_allocate(const torch::Device& device, std::uint64_t bytes) {
    if (!device.is_cuda()) return true;
    try {
        // The caching allocator keeps the block for the run's own tensors, so the probe is cheap.
        auto probe = torch::empty({static_cast<std::int64_t>(bytes)}, torch::TensorOptions().dtype(torch::kUInt8).device(device));
        return probe.defined();
    } catch (const c10::Error&) {
        return false;
    }
}

}  // namespace engine
