#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/mirror_padding.h"

namespace {

namespace F = torch::nn::functional;

torch::Tensor reflect_reference(const torch::Tensor& x) {
    return F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect));
}

}  // namespace

TEST_CASE("mirror_pad reflects one pixel, and replicates along a side of one pixel", "[mirror_padding]") {
    const auto grid = torch::arange(1, 7, torch::kFloat).view({1, 1, 2, 3});  // 1 2 3 / 4 5 6
    const auto padded = engine::mirror_pad(grid);
    REQUIRE(padded.sizes() == torch::IntArrayRef{1, 1, 4, 5});
    // Row -1 is row 1, row 2 is row 0; column -1 is column 1, column 3 is column 1.
    CHECK(torch::equal(padded[0][0][0], torch::tensor({5.0f, 4.0f, 5.0f, 6.0f, 5.0f})));
    CHECK(torch::equal(padded[0][0][1], torch::tensor({2.0f, 1.0f, 2.0f, 3.0f, 2.0f})));
    CHECK(torch::equal(padded[0][0][3], torch::tensor({2.0f, 1.0f, 2.0f, 3.0f, 2.0f})));

    const auto column = torch::tensor({7.0f, 8.0f, 9.0f}).view({1, 1, 3, 1});  // one pixel wide
    const auto wide = engine::mirror_pad(column);
    REQUIRE(wide.sizes() == torch::IntArrayRef{1, 1, 5, 3});
    CHECK(torch::equal(wide[0][0].select(1, 0), torch::tensor({8.0f, 7.0f, 8.0f, 9.0f, 8.0f})));
    CHECK(torch::equal(wide[0][0].select(1, 2), wide[0][0].select(1, 1)));  // replicated

    const auto pixel = engine::mirror_pad(torch::full({2, 3, 1, 1}, 4.0f));
    CHECK(torch::equal(pixel, torch::full({2, 3, 3, 3}, 4.0f)));

    torch::manual_seed(11);
    const auto random = torch::randn({2, 3, 7, 5});
    CHECK(torch::equal(engine::mirror_pad(random), reflect_reference(random)));
}

TEST_CASE("fold_mirror_gradient is the adjoint of mirror_pad", "[mirror_padding][gradient]") {
    // <pad(x), y> = <x, fold(y)> for every x and y: what the backward pass relies on.
    torch::manual_seed(12);
    for (const auto [height, width] : {std::pair{5, 6}, std::pair{2, 2}, std::pair{1, 4}, std::pair{3, 1},
                                       std::pair{1, 1}}) {
        INFO(height << "x" << width);
        const auto x = torch::randn({2, 3, height, width}, torch::kDouble);
        const auto y = torch::randn({2, 3, height + 2, width + 2}, torch::kDouble);
        const double left = (engine::mirror_pad(x) * y).sum().item<double>();
        const double right = (x * engine::fold_mirror_gradient(y)).sum().item<double>();
        CHECK(left == Approx(right).epsilon(1e-12));
    }
    // By hand: a gradient of 1 on every padded pixel of a 1x3 row lands 3x on each pixel it came
    // from, plus the corners' and edges' copies: 1 2 3 padded is 2 1 2 3 2 in each of three rows.
    const auto ones = torch::ones({1, 1, 3, 5}, torch::kDouble);
    CHECK(torch::equal(engine::fold_mirror_gradient(ones), torch::tensor({3.0, 9.0, 3.0}, torch::kDouble).view({1, 1, 1, 3})));
}

TEST_CASE("mirror_conv3x3 matches LibTorch's reflect padding and finite differences", "[mirror_padding][gradient]") {
    torch::manual_seed(13);
    const auto options = torch::TensorOptions().dtype(torch::kDouble);
    const auto weight = torch::randn({4, 3, 3, 3}, options);
    const auto bias = torch::randn({4}, options);
    for (const auto [height, width] : {std::pair{6, 5}, std::pair{1, 4}, std::pair{1, 1}}) {
        INFO(height << "x" << width);
        auto x = torch::randn({2, 3, height, width}, options).requires_grad_(true);
        const auto upstream = torch::randn({2, 4, height, width}, options);
        auto objective = [&](const torch::Tensor& input) { return (engine::mirror_conv3x3(input, weight, bias) * upstream).sum(); };
        if (height >= 2 && width >= 2)
            CHECK(torch::allclose(engine::mirror_conv3x3(x, weight, bias),
                                  torch::conv2d(reflect_reference(x), weight, bias), 1e-12, 1e-12));
        objective(x).backward();
        const auto analytic = x.grad().clone();
        torch::NoGradGuard no_grad;
        const double step = 1e-6;
        auto flat = x.detach().clone().view(-1);
        for (std::int64_t i = 0; i < flat.numel(); i += std::max<std::int64_t>(1, flat.numel() / 17)) {
            auto plus = flat.clone(), minus = flat.clone();
            plus[i] += step;
            minus[i] -= step;
            const double numeric = (objective(plus.view_as(x)).item<double>() - objective(minus.view_as(x)).item<double>()) /
                                   (2 * step);
            INFO("element " << i);
            CHECK(analytic.view(-1)[i].item<double>() == Approx(numeric).epsilon(1e-6).margin(1e-8));
        }
    }
}
