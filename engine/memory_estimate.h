#pragma once
// Estimating a run's memory before it starts, so an impossible size is refused with advice
// instead of the process being killed.
#include <cstdint>
#include <string>

#include "engine/params.h"

namespace engine {

class Vgg19Impl;

// Bytes the optimization needs at the final scale: activations kept for backward for every
// batched image, the Gram targets, the optimizer's history and the images themselves.
std::uint64_t estimate_run_bytes(const Vgg19Impl& model, const Params& params, int height, int width);

// Memory available for a run on the device ("cpu": MemAvailable from /proc/meminfo;
// "cuda": free device memory). 0 when unknown.
std::uint64_t available_bytes(const std::string& device_name);

}  // namespace engine
