#include "catch_checks.h"

#include <thread>

#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/runtime.h"

using namespace engine;

TEST_CASE("configure_threads sets LibTorch's intra-op threads", "[runtime]") {
    CHECK(configure_threads(1) == 1);
    CHECK(torch::get_num_threads() == 1);
    const int all = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    CHECK(configure_threads(0) == all);
    CHECK_THROWS_AS(configure_threads(-1), ParamError);
    CHECK_THROWS_AS(configure_threads(ParamLimits::max_threads + 1), ParamError);
}

TEST_CASE("choose_device honours the choice", "[runtime]") {
    CHECK(choose_device(DeviceChoice::Cpu) == torch::Device(torch::kCPU));
    if (torch::cuda::is_available()) {
        CHECK(choose_device(DeviceChoice::Auto).is_cuda());
        CHECK(choose_device(DeviceChoice::Cuda).is_cuda());
    } else {
        CHECK(choose_device(DeviceChoice::Auto) == torch::Device(torch::kCPU));
        CHECK_THROWS_AS(choose_device(DeviceChoice::Cuda), ParamError);
    }
}

TEST_CASE("device names", "[runtime]") {
    CHECK(device_name(torch::Device(torch::kCPU)) == "cpu");
    CHECK(device_name(torch::Device(torch::kCUDA, 1)) == "cuda:1");
    CHECK(device_name(torch::Device(torch::kCUDA)) == "cuda:0");
}
