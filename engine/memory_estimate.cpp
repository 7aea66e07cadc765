#include "engine/memory_estimate.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <unistd.h>

#include <torch/torch.h>

#include "engine/bleed.h"
#include "engine/errors.h"
#include "engine/heap.h"
#include "engine/lbfgs.h"
#include "engine/tiles.h"
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

namespace {

// What the network needs for one image of height x width, in floats (see the constants above).
struct NetworkFootprint {
    double activations = 0;    // floats per image up to the deepest layer, pooled maps included
    double largest_layer = 0;  // floats of the biggest one
    double largest_gram = 0;   // floats of the biggest Gram matrix
    double kernels = 0;        // Winograd's transformed kernels (forward and backward, 36 per pair)
    double content_target = 0; // floats of the content layer's map
    std::size_t style_layers = 0;
    std::string deepest;
};

NetworkFootprint network_footprint(const Vgg19Impl& model, const Params& params, double height, double width) {
    NetworkFootprint f;
    const std::string content = params.content_layer.empty() ? model.default_content_layer() : params.content_layer;
    f.deepest = content;
    const auto layers = params.style_layers.empty() ? model.default_style_layers() : params.style_layers;
    f.style_layers = layers.size();
    const auto& names = vgg19_layer_names();
    auto position = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) - names.begin(); };
    for (const auto& layer : layers)
        if (position(layer.name) > position(f.deepest)) f.deepest = layer.name;
    double h = height, w = width, previous_channels = 3;
    for (const auto& name : names) {
        if (name.back() == '1' && name != "conv1_1") {  // a 2x2 pooling starts each block
            h = std::floor(h / 2);
            w = std::floor(w / 2);
            f.activations += previous_channels * h * w;  // the pooled map
        }
        const double channels = static_cast<double>(model.channels(name));
        if (previous_channels >= 64 && previous_channels + channels >= 192) f.kernels += 2 * 36 * previous_channels * channels;
        previous_channels = channels;
        f.activations += channels * h * w;
        f.largest_layer = std::max(f.largest_layer, channels * h * w);
        f.largest_gram = std::max(f.largest_gram, channels * channels);
        if (name == content) f.content_target = channels * h * w;
        if (name == f.deepest) break;
    }
    return f;
}

double batch_of(const Params& params) { return params.compare ? 2.0 : 1.0; }

// The network's floats for a batch of images of one size (activations, Grams, kernels).
double network_floats(const NetworkFootprint& f, const Params& params) {
    return batch_of(params) * (f.activations * kActivationFactor + kLargestLayerCopies * f.largest_layer) +
           3 * f.largest_gram * static_cast<double>(f.style_layers) + f.kernels;
}

// The L-BFGS pairs a run keeps by default at this image size (lbfgs.h).
int default_pairs(const Params& params, double image_floats) {
    return lbfgs_history_pairs(static_cast<std::uint64_t>(2 * batch_of(params) * image_floats * sizeof(float)));
}

// The optimizer's floats for the batch, the images included.
double optimizer_floats(const Params& params, double image_floats, int pairs) {
    const double per_image = params.optimizer == OptimizerKind::Lbfgs ? (2.0 * pairs + 4) * image_floats : 4 * image_floats;
    return batch_of(params) * per_image;
}

// Floats to bytes, with the large blocks the heap keeps for the next iteration (heap.h), at most `kept_limit`.
std::uint64_t with_kept_blocks(double floats, std::uint64_t kept_limit) {
    const double kept = std::min(static_cast<double>(kept_limit), floats * sizeof(float) / 4);
    return static_cast<std::uint64_t>(floats * sizeof(float) + kept);
}

std::atomic<std::uint64_t> limit_setting{0};

// What this process holds now (resident), which a limit on its total counts.
std::uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0, resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

constexpr double kMiB = 1 << 20;
constexpr int kFewestTiledPairs = 3;  // below this L-BFGS hardly differs from gradient descent
// What the heap may keep for reuse in a run that tiles (heap.h): its many tile sizes would fill the
// default with blocks that count against the limit.
constexpr std::uint64_t kTiledKeptBytes = 0;
// A tile's evaluation holds more than a whole image's of its size: each style layer's core gradient
// and its product with the features (pass 2), the gradient's crop. Calibrated on 1024 px runs
// under --max-memory 1500M: 6 tiles estimated to fit peaked 1656 MiB before this factor.
constexpr double kTileOverhead = 1.5;
constexpr double kTiledImageCopies = 15;
constexpr double kTiledBudgetShare = 0.88;

// The heap's bound on kept blocks for a run with this default (0 where nothing is kept).
std::uint64_t kept_bound(std::uint64_t wanted) { return reuses_freed_memory() ? wanted : 0; }

}  // namespace

std::uint64_t estimate_run_bytes(const Vgg19Impl& model, const Params& params, int picture_height, int picture_width) {
    // A run with a bleed optimizes the picture and its bleed (bleed.h).
    const int height = picture_height + 2 * bleed_pixels(params.padding), width = picture_width + 2 * bleed_pixels(params.padding);
    const auto footprint = network_footprint(model, params, height, width);
    const double image = 3.0 * height * width;
    return with_kept_blocks(network_floats(footprint, params) + optimizer_floats(params, image, default_pairs(params, image)),
                            kept_bound(kDefaultKeptBytes));
}

void set_memory_limit(std::uint64_t bytes) { limit_setting = bytes; }

std::uint64_t parse_memory_size(const std::string& text) {
    const std::string rule = "a memory size such as 2G, 1500M or 0 for no limit, at least 64M";
    std::size_t end = 0;
    double number = 0;
    try {
        number = std::stod(text, &end);
    } catch (const std::exception&) {
        throw ParamError("'" + text + "' is not " + rule);
    }
    std::string unit = text.substr(end);
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();         // "GB", "MB"
    if (unit.size() > 1 && unit.back() == 'I') unit.pop_back();         // "GiB", "MiB"
    double scale = 0;
    if (unit.empty()) scale = 1;
    else if (unit == "K") scale = 1024.0;
    else if (unit == "M") scale = kMiB;
    else if (unit == "G") scale = kMiB * 1024;
    else if (unit == "T") scale = kMiB * 1024 * 1024;
    const double bytes = number * scale;
    if (scale == 0 || !std::isfinite(bytes) || bytes < 0 || text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
        throw ParamError("'" + text + "' is not " + rule);
    if (bytes >= 1.8e19) throw ParamError("'" + text + "' is larger than any memory: give " + rule);
    const auto result = static_cast<std::uint64_t>(std::llround(bytes));
    if (result != 0 && result < (std::uint64_t{64} << 20))
        throw ParamError("a memory limit of " + text + " is too small for any run: give " + rule);
    return result;
}

std::string format_memory_size(std::uint64_t bytes) {
    for (const auto& [unit, size] : {std::pair<const char*, std::uint64_t>{"T", std::uint64_t{1} << 40},
                                     {"G", std::uint64_t{1} << 30}, {"M", std::uint64_t{1} << 20}, {"K", 1024}})
        if (bytes > 0 && bytes % size == 0) return std::to_string(bytes / size) + unit;
    return std::to_string(bytes);
}
std::uint64_t memory_limit() { return limit_setting.load(); }

namespace {

// The longest side, a multiple of 16 below that of `size` (same aspect ratio), of the largest
// picture plan_run_memory accepts in the same memory; 0 when none does. Asked of the plan itself:
// the tiles' fixed costs make a scaling of the pixels suggest sizes that are refused again.
int largest_fitting_side(const Vgg19Impl& model, const Params& params, std::pair<std::int64_t, std::int64_t> size,
                         const std::string& device_name) {
    const auto longest = std::max(size.first, size.second);
    const auto fits = [&](int side) {
        const auto h = std::max<std::int64_t>(ParamLimits::min_size, size.first * side / longest);
        const auto w = std::max<std::int64_t>(ParamLimits::min_size, size.second * side / longest);
        try {
            plan_run_memory(model, params, {{h, w}}, device_name);
            return true;
        } catch (const ResourceError&) {
            return false;
        }
    };
    int low = 0, high = static_cast<int>(longest - 1) / 16;  // in steps of 16 px; low fits (0: none known)
    while (low < high) {
        const int middle = (low + high + 1) / 2;
        if (fits(middle * 16)) low = middle;
        else high = middle - 1;
    }
    return low * 16;
}

}  // namespace

MemoryPlan plan_run_memory(const Vgg19Impl& model, const Params& params,
                           const std::vector<std::pair<std::int64_t, std::int64_t>>& sizes, const std::string& device_name) {
    MemoryPlan plan;
    plan.max_tiles.assign(sizes.size(), 0);
    plan.lbfgs_pairs = kLbfgsMaxHistory;
    const std::uint64_t limit = memory_limit(), available = available_bytes(device_name);
    if (available == 0) return plan;  // not the CPU: the device's allocator is asked instead
    std::uint64_t budget = available;
    if (limit > 0) {
        const std::uint64_t held = resident_bytes();
        if (limit <= held)
            throw ResourceError("The memory limit of " + format_memory_size(limit) + " is below what this process holds already (" +
                                std::to_string(held >> 20) + " MiB: libraries and weights): allow more memory.");
        budget = std::min(available, limit - held);
    }
    plan.budget = budget;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (estimate_run_bytes(model, params, static_cast<int>(sizes[i].first), static_cast<int>(sizes[i].second)) <= budget)
            continue;
        // The canvas, with the bleed (bleed.h), is what is computed; the messages name the picture's size.
        const int height = static_cast<int>(sizes[i].first) + 2 * bleed_pixels(params.padding);
        const int width = static_cast<int>(sizes[i].second) + 2 * bleed_pixels(params.padding);
        const auto whole = network_footprint(model, params, height, width);
        const double image = 3.0 * height * width;
        const int smallest = 2 * tile_halo(whole.deepest) + 4 * tile_alignment(whole.deepest);
        plan.kept_bytes = kept_bound(kTiledKeptBytes);
        const auto tile_bytes = [&](int side) {
            return with_kept_blocks(kTileOverhead * network_floats(network_footprint(model, params, side, side), params),
                                    plan.kept_bytes);
        };
        int pairs = std::min(plan.lbfgs_pairs, default_pairs(params, image));
        for (;;) {
            // Beside the tiles: the optimizer and its images, the content target, and the copies of
            // the image a run keeps (best, a step's start and its gradient, the gradient and TV's, the
            // content and style at full size and at this scale): counted on 2048 px runs under 2G.
            const double fixed = optimizer_floats(params, image, pairs) + whole.content_target + kTiledImageCopies * batch_of(params) * image;
            // A margin for what the estimate does not see (the C heap's fragments across threads):
            // 2048 px under 2G peaked 8% above the budget without it.
            const double left = kTiledBudgetShare * static_cast<double>(budget) - fixed * sizeof(float);
            if (left >= static_cast<double>(tile_bytes(smallest))) {
                int low = smallest, high = std::max(height, width);  // the largest side whose tile fits
                while (low < high) {
                    const int middle = (low + high + 1) / 2;
                    if (static_cast<double>(tile_bytes(middle)) <= left) low = middle;
                    else high = middle - 1;
                }
                plan.max_tiles[i] = low;
                plan.lbfgs_pairs = std::min(plan.lbfgs_pairs, pairs);
                break;
            }
            if (params.optimizer != OptimizerKind::Lbfgs || pairs <= kFewestTiledPairs) {
                const double needed = fixed * sizeof(float) + static_cast<double>(tile_bytes(smallest));
                std::ostringstream why;
                why << "A " << sizes[i].second << "x" << sizes[i].first << " run" << (params.compare ? " in compare mode" : "")
                    << " needs about " << static_cast<std::uint64_t>(needed / kMiB) << " MiB even in tiles of "
                    << smallest << " px (the images, their gradients and the optimizer's state alone take "
                    << static_cast<std::uint64_t>(fixed * sizeof(float) / kMiB) << " MiB), more than the "
                    << static_cast<std::uint64_t>(budget / kMiB) << " MiB "
                    << (limit > 0 ? "the memory limit leaves" : std::string("that ") + device_name + " has free");
                const int fitting = largest_fitting_side(model, params, sizes[i], device_name);
                if (fitting > 0) why << ": choose a size of " << fitting << " px or less" << (limit > 0 ? ", or allow more memory" : "");
                else why << (limit > 0 ? ": allow more memory" : ": free some memory");
                if (params.compare) why << ", or compare the variants one at a time";
                why << ".";
                throw ResourceError(why.str());
            }
            pairs = std::max(kFewestTiledPairs, pairs / 2);
        }
    }
    return plan;
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
