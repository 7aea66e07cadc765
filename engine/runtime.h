#pragma once
// Process-wide compute settings: threads and device.
#include <string>

#include <torch/types.h>

#include "engine/params.h"

namespace engine {

// Sets LibTorch's intra-op threads; 0 means all cores. Returns the count in effect.
int configure_threads(int threads);
// CUDA when asked or available (auto), else CPU. Throws ParamError when cuda is asked for and
// LibTorch has none.
torch::Device choose_device(DeviceChoice choice);
std::string device_name(const torch::Device& device);  // "cpu", "cuda:0"

}  // namespace engine
