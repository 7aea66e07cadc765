#include "engine/runtime.h"

#include <algorithm>
#include <thread>

#include <torch/torch.h>

#include "engine/errors.h"

namespace engine {

int configure_threads(int threads) {
    if (threads < 0 || threads > ParamLimits::max_threads)
        throw ParamError("threads must be between 0 and " + std::to_string(ParamLimits::max_threads) + " (got " +
                         std::to_string(threads) + ")");
    if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

torch::Device choose_device(DeviceChoice choice) {
    const bool cuda = torch::cuda::is_available();
    switch (choice) {
        case DeviceChoice::Cpu:
            return torch::Device(torch::kCPU);
        case DeviceChoice::Cuda:
            if (!cuda)
                throw ParamError("device cuda was asked for, but this LibTorch has no CUDA support or sees no GPU "
                                 "(allowed here: auto, cpu)");
            return torch::Device(torch::kCUDA, 0);
        case DeviceChoice::Auto:
            break;
    }
    return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

std::string device_name(const torch::Device& device) {
    if (device.is_cuda()) return "cuda:" + std::to_string(device.has_index() ? device.index() : 0);
    return device.str();
}

}  // namespace engine
