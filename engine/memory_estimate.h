#pragma once
// Estimating a run's memory before it starts, so an impossible size is refused with advice
// instead of the process being killed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "engine/heap.h"
#include "engine/params.h"

namespace engine {

class Vgg19Impl;

// Bytes the optimization needs at the final scale: activations kept for backward for every
// batched image, the Gram targets, the optimizer's history and the images themselves, for a
// picture of height x width (and its bleed, when the padding paints one: bleed.h).
std::uint64_t estimate_run_bytes(const Vgg19Impl& model, const Params& params, int height, int width);

// The memory runs may use, in bytes (gramstudio-cli --max-memory, the window's Preferences >
// Memory limit), counting what the process already holds; 0 (the default): the memory available.
// Read by each Run as it starts.
void set_memory_limit(std::uint64_t bytes);
std::uint64_t memory_limit();
// "2G", "1500M", "800m", "3.5GiB", "65536K" or plain bytes -> bytes (binary units: 1G = 1024 MiB);
// "0" means no limit. Throws ParamError for anything else or a limit below 64 MiB, which no run fits.
std::uint64_t parse_memory_size(const std::string& text);
// 2147483648 -> "2G", 1572864000 -> "1500M": the shortest exact form parse_memory_size reads back.
std::string format_memory_size(std::uint64_t bytes);

// How a run computes each scale within its memory: whole, or in tiles (tiles.h) of at most
// max_tile px when the whole image would not fit. L-BFGS keeps fewer curvature pairs only when
// even tiles would not fit otherwise.
struct MemoryPlan {
    std::vector<int> max_tiles;  // per scale: 0 (whole) or the largest tile side, halo included
    int lbfgs_pairs = 0;         // the most L-BFGS may keep (its own budget may keep fewer)
    std::uint64_t budget = 0;    // bytes the run may add (0: no limit known, as on a GPU)
    // The heap's bound on blocks kept for reuse during the run (heap.h): less when it tiles.
    std::uint64_t kept_bytes = kDefaultKeptBytes;
};
// The plan for a run of `params` whose scales have `sizes` (height, width) on `device_name`.
// Throws ResourceError saying why and what would fit when even the smallest tiles do not.
MemoryPlan plan_run_memory(const Vgg19Impl& model, const Params& params,
                           const std::vector<std::pair<std::int64_t, std::int64_t>>& sizes, const std::string& device_name);

// Memory available for a run on the CPU: MemAvailable from /proc/meminfo, or less when a
// container's cgroup limit leaves less. 0 for other devices (see device_can_allocate).
std::uint64_t available_bytes(const std::string& device_name);
// Makes available_bytes("cpu") report `bytes` instead of the system's figure; 0 restores it.
// For tests: a refusal is checked the same on a machine of any size.
void override_available_bytes(std::uint64_t bytes);

// For a GPU: whether `bytes` can be allocated now (LibTorch 1.13 and 2.x share no free-memory
// query, so the allocator is asked). Always true on the CPU, where allocations overcommit.
bool device_can_allocate(const torch::Device& device, std::uint64_t bytes);

}  // namespace engine
