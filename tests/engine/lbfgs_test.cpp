#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/lbfgs.h"

namespace {

// f(x) = 1/2 sum_i a_i (x_i - 1)^2 per image, a different conditioning for each image.
torch::Tensor quadratic_gradient(const torch::Tensor& x, const torch::Tensor& a) { return a * (x - 1.0); }
double quadratic_value(const torch::Tensor& x, const torch::Tensor& a) {
    return (0.5 * a * (x - 1.0).pow(2)).sum().item<double>();
}

}  // namespace

TEST_CASE("Batched L-BFGS minimizes an ill-conditioned quadratic", "[lbfgs]") {
    const auto a = torch::linspace(1.0, 50.0, 24, torch::kFloat64).reshape({2, 3, 2, 2});
    auto x = torch::zeros({2, 3, 2, 2}, torch::kFloat64);
    engine::BatchedLbfgs lbfgs;
    const double start = quadratic_value(x, a);
    for (int i = 0; i < 60; ++i) lbfgs.step(x, quadratic_gradient(x, a), 1.0);
    CHECK(quadratic_value(x, a) < start * 1e-10);
}

TEST_CASE("Batched L-BFGS keeps the images of a batch independent", "[lbfgs]") {
    // Image 0 alone and image 0 batched with a very different image 1 follow the same path.
    const auto a = torch::linspace(1.0, 20.0, 12, torch::kFloat64).reshape({1, 3, 2, 2});
    const auto a_other = torch::linspace(100.0, 0.5, 12, torch::kFloat64).reshape({1, 3, 2, 2});
    auto alone = torch::zeros({1, 3, 2, 2}, torch::kFloat64);
    auto batch = torch::zeros({2, 3, 2, 2}, torch::kFloat64);
    const auto a_batch = torch::cat({a, a_other});
    engine::BatchedLbfgs lbfgs_alone, lbfgs_batch;
    for (int i = 0; i < 8; ++i) {
        lbfgs_alone.step(alone, quadratic_gradient(alone, a), 1.0);
        lbfgs_batch.step(batch, quadratic_gradient(batch, a_batch), 1.0);
    }
    CHECK(torch::allclose(alone[0], batch[0], 1e-12, 1e-12));
}

TEST_CASE("The L-BFGS history is capped by count and by its bytes", "[lbfgs]") {
    constexpr std::uint64_t MiB = 1 << 20;
    CHECK(engine::lbfgs_history_pairs(1 * MiB) == 100);  // small images: torch.optim.LBFGS's 100
    CHECK(engine::lbfgs_history_pairs(512 * MiB / 100) == 100);
    // 1024x708 in compare mode: s and y of two 3x708x1024 float images, 34.8 MB -> 15 pairs.
    CHECK(engine::lbfgs_history_pairs(2ull * 2 * 3 * 708 * 1024 * 4) == 15);
    CHECK(engine::lbfgs_history_pairs(400 * MiB) == 10);  // never fewer than 10

    const auto a = torch::linspace(1.0, 50.0, 24, torch::kFloat64).reshape({2, 3, 2, 2});
    auto x = torch::zeros({2, 3, 2, 2}, torch::kFloat64);
    engine::BatchedLbfgs lbfgs(3);
    for (int i = 0; i < 10; ++i) lbfgs.step(x, quadratic_gradient(x, a), 1.0);
    CHECK(lbfgs.pairs() == 3);
}

TEST_CASE("A rejected L-BFGS step is retried a quarter as long, then lengthens again", "[lbfgs]") {
    const auto a = torch::linspace(1.0, 50.0, 24, torch::kFloat64).reshape({2, 3, 2, 2});
    auto x = torch::zeros({2, 3, 2, 2}, torch::kFloat64);
    engine::BatchedLbfgs lbfgs;
    for (int i = 0; i < 3; ++i) lbfgs.step(x, quadratic_gradient(x, a), 1.0);
    const auto before = x.clone();
    const auto gradient = quadratic_gradient(x, a);
    lbfgs.step(x, gradient, 1.0);
    const auto full_step = x - before;
    // Image 1's step is rejected: the caller puts it back; the retry from the same point and
    // gradient goes the same way, a quarter as far. Image 0 carries on normally.
    x[1].copy_(before[1]);
    REQUIRE(lbfgs.retry_shorter(torch::tensor({false, true})));
    const auto image0 = x[0].clone();
    lbfgs.step(x, torch::cat({quadratic_gradient(x, a).narrow(0, 0, 1), gradient.narrow(0, 1, 1)}), 1.0);
    CHECK(torch::allclose(x[1] - before[1], 0.25 * full_step[1], 1e-9, 1e-12));
    CHECK_FALSE(torch::allclose(x[0], image0));
    // Accepted steps double the length back up to the full one.
    for (int i = 0; i < 3; ++i) lbfgs.step(x, quadratic_gradient(x, a), 1.0);
    CHECK(quadratic_value(x, a) < 1e-3 * quadratic_value(torch::zeros_like(x), a));
}

TEST_CASE("Adam keeps its steps: it cannot retry them", "[lbfgs][adam]") {
    engine::Adam adam;
    CHECK_FALSE(adam.retry_shorter(torch::tensor({true})));
}

TEST_CASE("The first L-BFGS step is scaled down by the gradient's L1 norm", "[lbfgs]") {
    auto x = torch::zeros({1, 1, 1, 2}, torch::kFloat64);
    const auto gradient = torch::tensor({3.0, -1.0}, torch::kFloat64).reshape({1, 1, 1, 2});
    engine::BatchedLbfgs lbfgs;
    lbfgs.step(x, gradient, 1.0);
    // step = -g * min(1, 1/|g|_1) = -g / 4
    CHECK(x.reshape({-1})[0].item<double>() == Approx(-0.75));
    CHECK(x.reshape({-1})[1].item<double>() == Approx(0.25));
}

TEST_CASE("Adam's first step moves each element by the learning rate against its gradient", "[lbfgs][adam]") {
    auto x = torch::zeros({1, 1, 1, 3}, torch::kFloat64);
    const auto gradient = torch::tensor({2.0, -0.5, 0.0}, torch::kFloat64).reshape({1, 1, 1, 3});
    engine::Adam adam;
    adam.step(x, gradient, 0.1);
    // m_hat = g, v_hat = g^2: step = -lr * g / (|g| + eps)
    CHECK(x.reshape({-1})[0].item<double>() == Approx(-0.1).epsilon(1e-6));
    CHECK(x.reshape({-1})[1].item<double>() == Approx(0.1).epsilon(1e-6));
    CHECK(x.reshape({-1})[2].item<double>() == 0.0);
}

TEST_CASE("Adam minimizes a quadratic", "[lbfgs][adam]") {
    const auto a = torch::linspace(1.0, 5.0, 4, torch::kFloat64).reshape({1, 1, 2, 2});
    auto x = torch::zeros({1, 1, 2, 2}, torch::kFloat64);
    engine::Adam adam;
    for (int i = 0; i < 500; ++i) adam.step(x, quadratic_gradient(x, a), 0.05);
    CHECK(quadratic_value(x, a) < 1e-4);
}
