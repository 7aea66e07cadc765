#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/vgg19.h"
#include "engine/winograd_conv.h"
#include "test_paths.h"

namespace {

namespace F = torch::nn::functional;
using engine::Padding;

double relative_error(const torch::Tensor& got, const torch::Tensor& expected) {
    return ((got - expected).abs().max() / expected.abs().max().clamp_min(1e-12)).item<double>();
}

// LibTorch's own padding, one side at a time: reflect along a side of 2 px or more, replicate
// along a side of 1 px (nothing to reflect), or zeros.
torch::Tensor reference_pad(const torch::Tensor& x, Padding padding) {
    if (padding == Padding::Zero) return F::pad(x, F::PadFuncOptions({1, 1, 1, 1}));
    auto mode = [](std::int64_t size) -> F::PadFuncOptions::mode_t {
        if (size >= 2) return torch::kReflect;
        return torch::kReplicate;
    };
    const auto rows = F::pad(x, F::PadFuncOptions({0, 0, 1, 1}).mode(mode(x.size(2))));
    return F::pad(rows, F::PadFuncOptions({1, 1, 0, 0}).mode(mode(x.size(3))));
}

torch::Tensor reference_conv(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                             Padding padding) {
    return torch::conv2d(reference_pad(x, padding), weight, bias);
}

}  // namespace

TEST_CASE("The reference padding reflects and replicates as its modes say", "[winograd]") {
    // Hand values, so the reference the tests below trust is itself checked.
    const auto row = torch::tensor({1.0f, 2.0f, 3.0f}).view({1, 1, 1, 3});
    const auto padded = reference_pad(row, Padding::Reflect);
    REQUIRE(padded.sizes() == torch::IntArrayRef{1, 1, 3, 5});
    for (int r = 0; r < 3; ++r)  // the single row repeated above and below
        CHECK(torch::equal(padded[0][0][r], torch::tensor({2.0f, 1.0f, 2.0f, 3.0f, 2.0f})));
    CHECK(reference_pad(row, Padding::Zero)[0][0][0].abs().sum().item<float>() == 0.0f);
}

TEST_CASE("Winograd F(4x4,3x3) equals the direct convolution, edges and odd sizes included", "[winograd]") {
    torch::manual_seed(5);
    struct Case { std::int64_t batch, channels, out, height, width; };
    // Sides that are and are not multiples of the 4-pixel tile, down to a single pixel (replicated
    // along that side) and two (reflected onto each other).
    for (const Case c : {Case{1, 3, 5, 8, 8}, Case{2, 7, 4, 13, 10}, Case{1, 16, 9, 1, 1}, Case{3, 5, 6, 5, 19},
                         Case{1, 128, 64, 23, 17}, Case{1, 4, 3, 1, 6}, Case{2, 4, 3, 7, 1}, Case{1, 4, 3, 2, 2}}) {
        for (const Padding padding : {Padding::Reflect, Padding::Zero}) {
            INFO(c.batch << "x" << c.channels << "x" << c.height << "x" << c.width << " -> " << c.out << ", padding "
                         << engine::to_string(padding));
            const auto input = torch::randn({c.batch, c.channels, c.height, c.width});
            const auto weight = torch::randn({c.out, c.channels, 3, 3});
            const auto bias = torch::randn({c.out});
            const auto kernels = engine::winograd_kernels(weight);
            const auto expected = reference_conv(input, weight, bias, padding);
            CHECK(relative_error(engine::winograd_convolve(input, kernels.forward, bias, padding), expected) < 2e-5);
            CHECK(relative_error(engine::winograd_conv3x3(input, kernels, bias, padding), expected) < 2e-5);
        }
    }
}

TEST_CASE("Reflection and zero padding differ only along the edge", "[winograd]") {
    torch::manual_seed(9);
    const auto input = torch::randn({1, 8, 12, 10}) + 3.0;  // far from zero, so the edges differ
    const auto weight = torch::randn({4, 8, 3, 3});
    const auto kernels = engine::winograd_kernels(weight);
    const auto reflect = engine::winograd_convolve(input, kernels.forward, {}, Padding::Reflect);
    const auto zero = engine::winograd_convolve(input, kernels.forward, {}, Padding::Zero);
    using torch::indexing::Slice;
    const auto inner = Slice(1, -1);
    CHECK(torch::allclose(reflect.index({Slice(), Slice(), inner, inner}), zero.index({Slice(), Slice(), inner, inner})));
    CHECK((reflect - zero).index({Slice(), Slice(), 0}).abs().min().item<float>() > 0.0f);
}

TEST_CASE("The Winograd convolution's input gradient equals the reference's", "[winograd][gradient]") {
    torch::manual_seed(6);
    struct Case { std::int64_t height, width; };
    for (const Case c : {Case{11, 9}, Case{8, 8}, Case{1, 5}, Case{6, 1}, Case{1, 1}, Case{2, 3}}) {
        for (const Padding padding : {Padding::Reflect, Padding::Zero}) {
            INFO(c.height << "x" << c.width << ", padding " << engine::to_string(padding));
            const auto weight = torch::randn({6, 4, 3, 3});
            const auto bias = torch::randn({6});
            const auto upstream = torch::randn({2, 6, c.height, c.width});  // what the loss sends back
            auto reference_input = torch::randn({2, 4, c.height, c.width}).requires_grad_(true);
            auto winograd_input = reference_input.detach().clone().requires_grad_(true);
            (reference_conv(reference_input, weight, bias, padding) * upstream).sum().backward();
            (engine::winograd_conv3x3(winograd_input, engine::winograd_kernels(weight), bias, padding) * upstream)
                .sum()
                .backward();
            CHECK(relative_error(winograd_input.grad(), reference_input.grad()) < 2e-5);
        }
    }
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
    for (const Padding padding : {Padding::Reflect, Padding::Zero}) {
        INFO("padding " << engine::to_string(padding));
        auto run = [&](bool winograd) {
            engine::set_winograd_enabled(winograd);
            auto x = image.clone().requires_grad_(true);
            auto features =
                model->forward(model->preprocess(x), {"conv2_2", "conv3_2"}, engine::Pooling::Average, padding);
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
}
