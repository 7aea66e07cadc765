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

// Keeps freed activation buffers in the process heap instead of returning them to the system.
// A run allocates the same few large tensors every iteration; with glibc's defaults each one is a
// fresh mmap whose pages fault in again, which costs about a fifth of a CPU backward pass.
// Idempotent; a no-op on other C libraries.
void keep_freed_memory_for_reuse();

}  // namespace engine
