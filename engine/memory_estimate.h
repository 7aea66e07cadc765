#pragma once
// Estimating a run's memory before it starts, so an impossible size is refused with advice
// instead of the process being killed.
#include <cstdint>
#include <string>

#include <torch/types.h>

#include "engine/params.h"

namespace engine {

class Vgg19Impl;

// Bytes the optimization needs at the final scale: activations kept for backward for every
// batched image, the Gram targets, the optimizer's history and the images themselves.
std::uint64_t estimate_run_bytes(const Vgg19Impl& model, const Params& params, int height, int width);

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
