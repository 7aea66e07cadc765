#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/vgg19.h"
#include "engine/winograd_conv.h"
#include "test_paths.h"

namespace {

double relative_error(const torch::Tensor& got, const torch::Tensor& expected) {
    return ((got - expected).abs().max() / expected.abs().max().clamp_min(1e-12)).item<double>();
}

}  // namespace

TEST_CASE("Winograd F(4x4,3x3) equals the direct convolution, edges and odd sizes included", "[winograd]") {
    torch::manual_seed(5);
    struct Case { std::int64_t batch, channels, out, height, width; };
    // Sides that are and are not multiples of the 4-pixel tile, down to a single pixel.
    for (const Case c : {Case{1, 3, 5, 8, 8}, Case{2, 7, 4, 13, 10}, Case{1, 16, 9, 1, 1}, Case{3, 5, 6, 5, 19},
                         Case{1, 128, 64, 23, 17}}) {
        INFO(c.batch << "x" << c.channels << "x" << c.height << "x" << c.width << " -> " << c.out);
        const auto input = torch::randn({c.batch, c.channels, c.height, c.width});
        const auto weight = torch::randn({c.out, c.channels, 3, 3});
        const auto bias = torch::randn({c.out});
        const auto kernels = engine::winograd_kernels(weight);
        const auto expected = torch::conv2d(input, weight, bias, 1, 1);
        CHECK(relative_error(engine::winograd_convolve(input, kernels.forward, bias), expected) < 2e-5);
        CHECK(relative_error(engine::winograd_conv3x3(input, kernels, bias), expected) < 2e-5);
    }
}

TEST_CASE("The Winograd convolution's input gradient equals the direct one", "[winograd][gradient]") {
    torch::manual_seed(6);
    const auto weight = torch::randn({6, 4, 3, 3});
    const auto bias = torch::randn({6});
    const auto upstream = torch::randn({2, 6, 11, 9});  // what the loss sends back
    auto direct_input = torch::randn({2, 4, 11, 9}).requires_grad_(true);
    auto winograd_input = direct_input.detach().clone().requires_grad_(true);
    (torch::conv2d(direct_input, weight, bias, 1, 1) * upstream).sum().backward();
    (engine::winograd_conv3x3(winograd_input, engine::winograd_kernels(weight), bias) * upstream).sum().backward();
    CHECK(relative_error(winograd_input.grad(), direct_input.grad()) < 2e-5);
}

TEST_CASE("Winograd is used on the CPU from VGG-19's conv2_1 on", "[winograd]") {
    CHECK(engine::winograd_pays(torch::zeros({1, 64, 8, 8}), 128));  // conv2_1
    CHECK(engine::winograd_pays(torch::zeros({1, 128, 8, 8}), 128));
    CHECK(engine::winograd_pays(torch::zeros({2, 256, 4, 4}), 256));
    CHECK_FALSE(engine::winograd_pays(torch::zeros({1, 64, 8, 8}), 64));  // conv1_2: oneDNN is as fast
    CHECK_FALSE(engine::winograd_pays(torch::zeros({1, 3, 8, 8}), 64));   // conv1_1
    CHECK_FALSE(engine::winograd_pays(torch::zeros({1, 128, 8, 8}, torch::kFloat64), 128));
}

TEST_CASE("VGG-19 features and input gradients agree with and without Winograd", "[winograd][vgg19]") {
    auto model = engine::load_vgg19(test_paths::weights_file());
    torch::manual_seed(8);
    const auto image = torch::rand({2, 3, 45, 61});
    auto run = [&](bool winograd) {
        engine::set_winograd_enabled(winograd);
        auto x = image.clone().requires_grad_(true);
        auto features = model->forward(model->preprocess(x), {"conv2_2", "conv3_2"}, engine::Pooling::Average);
        (features.at("conv2_2").pow(2).sum() + features.at("conv3_2").sum()).backward();
        return std::make_pair(features, x.grad());
    };
    const auto [direct, direct_grad] = run(false);
    const auto [fast, fast_grad] = run(true);
    engine::set_winograd_enabled(true);
    CHECK(relative_error(fast.at("conv2_2"), direct.at("conv2_2")) < 1e-4);
    CHECK(relative_error(fast.at("conv3_2"), direct.at("conv3_2")) < 1e-4);
    CHECK(relative_error(fast_grad, direct_grad) < 1e-4);
}
