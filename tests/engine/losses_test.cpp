#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/losses.h"

using engine::StyleLossMode;

namespace {

// The 2-filter, 2x2 example worked by hand below: rows of F are [1,2,3,4] and [0,1,1,0].
torch::Tensor hand_features() {
    return torch::tensor({1.0, 2.0, 3.0, 4.0, 0.0, 1.0, 1.0, 0.0}, torch::kFloat64).reshape({1, 2, 2, 2});
}
// Target: rows [1,1,1,1] and [0,0,0,0], so A = [[4,0],[0,0]].
torch::Tensor hand_target_features() {
    return torch::tensor({1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0}, torch::kFloat64).reshape({1, 2, 2, 2});
}

// Central finite differences of a scalar function of x, compared with autograd.
void check_gradient(const std::function<torch::Tensor(const torch::Tensor&)>& f, torch::Tensor x) {
    x = x.clone().requires_grad_(true);
    f(x).sum().backward();
    const auto analytic = x.grad().clone();
    torch::NoGradGuard no_grad;
    const double h = 1e-6;
    auto flat = x.detach().clone().reshape({-1});
    for (std::int64_t i = 0; i < flat.numel(); ++i) {
        auto plus = flat.clone(), minus = flat.clone();
        plus[i] += h;
        minus[i] -= h;
        const double numeric =
            (f(plus.reshape(x.sizes())).sum().item<double>() - f(minus.reshape(x.sizes())).sum().item<double>()) / (2 * h);
        INFO("element " << i);
        CHECK(analytic.reshape({-1})[i].item<double>() == Approx(numeric).epsilon(1e-5).margin(1e-8));
    }
}

}  // namespace

TEST_CASE("Gram matrix, diagonal and mean/std of a hand-computed 2x2x2 example", "[losses]") {
    const auto f = hand_features();
    const auto gram = engine::gram_matrix(f);
    CHECK(gram.sizes() == torch::IntArrayRef({1, 2, 2}));
    CHECK(gram[0][0][0].item<double>() == 30.0);  // 1+4+9+16
    CHECK(gram[0][0][1].item<double>() == 5.0);   // 0+2+3+0
    CHECK(gram[0][1][0].item<double>() == 5.0);
    CHECK(gram[0][1][1].item<double>() == 2.0);

    const auto diagonal = engine::gram_diagonal(f);
    CHECK(diagonal[0][0].item<double>() == 30.0);
    CHECK(diagonal[0][1].item<double>() == 2.0);

    const auto stats = engine::mean_std(f);  // [1,2,N]: means then standard deviations
    CHECK(stats[0][0][0].item<double>() == Approx(2.5));
    CHECK(stats[0][0][1].item<double>() == Approx(0.5));
    CHECK(stats[0][1][0].item<double>() == Approx(std::sqrt(1.25)));  // biased variance of 1..4
    CHECK(stats[0][1][1].item<double>() == Approx(0.5));
}

TEST_CASE("The diagonal mode is exactly the diagonal of the full Gram matrix", "[losses]") {
    torch::manual_seed(3);
    const auto f = torch::rand({2, 5, 4, 3}, torch::kFloat64);
    CHECK(torch::allclose(engine::gram_diagonal(f), torch::diagonal(engine::gram_matrix(f), 0, 1, 2)));
}

TEST_CASE("Style loss uses the paper's 1/(4 N^2 M^2) with N = number of filters", "[losses]") {
    const auto f = hand_features();
    const auto target_features = hand_target_features();
    // G - A = [[26,5],[5,2]]; N = 2 filters, M = 4 positions.
    const double full_expected = (26.0 * 26 + 5 * 5 + 5 * 5 + 2 * 2) / (4.0 * 2 * 2 * 4 * 4);  // 730/256
    const double keras_mistake = (26.0 * 26 + 5 * 5 + 5 * 5 + 2 * 2) / (4.0 * 3 * 3 * 4 * 4);  // 3 image channels
    const auto full = engine::make_style_target(target_features, StyleLossMode::Full);
    const double full_loss = engine::style_layer_loss(f, full, StyleLossMode::Full).item<double>();
    CHECK(full_loss == Approx(full_expected));
    CHECK(full_loss != Approx(keras_mistake));

    const auto diagonal = engine::make_style_target(target_features, StyleLossMode::Diagonal);
    CHECK(engine::style_layer_loss(f, diagonal, StyleLossMode::Diagonal).item<double>() ==
          Approx((26.0 * 26 + 2 * 2) / 256.0));

    // Mean/std: target means [1,0], standard deviations [0,0] (up to the epsilon that keeps sqrt
    // differentiable); E = 1/N * sum of squared differences.
    const auto meanstd = engine::make_style_target(target_features, StyleLossMode::MeanStd);
    const double e = 1e-4;  // sqrt(1e-8)
    const double expected = (1.5 * 1.5 + 0.5 * 0.5 + std::pow(std::sqrt(1.25 + 1e-8) - e, 2) +
                             std::pow(std::sqrt(0.25 + 1e-8) - e, 2)) / 2.0;
    CHECK(engine::style_layer_loss(f, meanstd, StyleLossMode::MeanStd).item<double>() == Approx(expected).epsilon(1e-6));
}

TEST_CASE("A style loss is zero against its own target and its zero-image loss is computed by hand", "[losses]") {
    const auto f = hand_features();
    for (auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd}) {
        const auto target = engine::make_style_target(f, mode);
        CHECK(engine::style_layer_loss(f, target, mode).item<double>() == Approx(0.0).margin(1e-12));
    }
    // Zero image against A/M = [[1,0],[0,0]]: 1/(4*2^2) * 1.
    const auto target = engine::make_style_target(hand_target_features(), StyleLossMode::Full);
    CHECK(target.zero_loss == Approx(1.0 / 16.0));
}

TEST_CASE("Style images of another size are compared per position", "[losses]") {
    // Tiling the style features 2x2 keeps G/M, so the loss must not change.
    const auto f = hand_features();
    const auto target_small = engine::make_style_target(hand_target_features(), StyleLossMode::Full);
    const auto tiled = hand_target_features().repeat({1, 1, 2, 2});
    const auto target_large = engine::make_style_target(tiled, StyleLossMode::Full);
    CHECK(engine::style_layer_loss(f, target_small, StyleLossMode::Full).item<double>() ==
          Approx(engine::style_layer_loss(f, target_large, StyleLossMode::Full).item<double>()));
}

TEST_CASE("Content loss is half the squared error and TV the mean squared neighbour difference", "[losses]") {
    const auto f = hand_features();
    const auto p = hand_target_features();
    // differences: [0,1,2,3,0,1,1,0] -> squares sum 16
    CHECK(engine::content_loss(f, p).item<double>() == Approx(8.0));

    // [[0,1],[2,3]]: vertical differences 2,2 (mean square 4), horizontal 1,1 (mean square 1).
    const auto image = torch::tensor({0.0, 1.0, 2.0, 3.0}, torch::kFloat64).reshape({1, 1, 2, 2});
    CHECK(engine::tv_loss(image).item<double>() == Approx(5.0));
}

TEST_CASE("Loss values are per batch element", "[losses]") {
    const auto both = torch::cat({hand_features(), hand_target_features()});
    const auto target = engine::make_style_target(hand_target_features(), StyleLossMode::Full);
    const auto losses = engine::style_layer_loss(both, target, StyleLossMode::Full);
    REQUIRE(losses.size(0) == 2);
    CHECK(losses[0].item<double>() == Approx(730.0 / 256));
    CHECK(losses[1].item<double>() == Approx(0.0).margin(1e-12));
}

TEST_CASE("Gradients of every loss match finite differences", "[losses][gradient]") {
    torch::manual_seed(7);
    const auto x = torch::rand({1, 3, 3, 4}, torch::kFloat64) + 0.1;
    const auto style = torch::rand({1, 3, 4, 3}, torch::kFloat64);
    for (auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd}) {
        INFO("mode " << engine::to_string(mode));
        const auto target = engine::make_style_target(style, mode);
        check_gradient([&](const torch::Tensor& t) { return engine::style_layer_loss(t, target, mode); }, x);
    }
    const auto content = torch::rand({1, 3, 3, 4}, torch::kFloat64);
    check_gradient([&](const torch::Tensor& t) { return engine::content_loss(t, content); }, x);
    check_gradient([](const torch::Tensor& t) { return engine::tv_loss(t); }, x);
}

TEST_CASE("A batch with one mode per image has each image's gradient, scaled by its weight", "[losses][gradient]") {
    // Compare mode: image 0 against the full Gram target, image 1 against the diagonal one, and
    // the two losses weighted differently, as the objective does.
    torch::manual_seed(11);
    const auto x = torch::rand({2, 3, 3, 4}, torch::kFloat64) + 0.1;
    const auto style = torch::rand({1, 3, 4, 3}, torch::kFloat64);
    const auto full = engine::make_style_target(style, StyleLossMode::Full);
    const auto diagonal = engine::make_style_target(style, StyleLossMode::Diagonal);
    const auto meanstd = engine::make_style_target(style, StyleLossMode::MeanStd);
    const auto weights = torch::tensor({3.0, 0.5}, torch::kFloat64);
    for (const auto& second : {engine::StyleComparison{&diagonal, StyleLossMode::Diagonal},
                               engine::StyleComparison{&meanstd, StyleLossMode::MeanStd}}) {
        INFO("second image's mode " << engine::to_string(second.mode));
        const std::vector<engine::StyleComparison> comparisons{{&full, StyleLossMode::Full}, second};
        const auto losses = engine::style_layer_loss(x, comparisons);
        CHECK(losses[0].item<double>() == Approx(engine::style_layer_loss(x.narrow(0, 0, 1), full, StyleLossMode::Full).item<double>()));
        CHECK(losses[1].item<double>() == Approx(engine::style_layer_loss(x.narrow(0, 1, 1), *second.target, second.mode).item<double>()));
        check_gradient([&](const torch::Tensor& t) { return engine::style_layer_loss(t, comparisons) * weights; }, x);
    }
}

namespace {

// Target for w2: rows [0,2,0,2] and [0,2,1,1]: mean [1,1], covariance [[1,0.5],[0.5,0.5]].
torch::Tensor w2_target_features() {
    return torch::tensor({0.0, 2.0, 0.0, 2.0, 0.0, 2.0, 1.0, 1.0}, torch::kFloat64).reshape({1, 2, 2, 2});
}

}  // namespace

TEST_CASE("The W2 style loss of a hand-computed 2-channel example", "[losses][w2]") {
    // F = hand_features(): mean [2.5, 0.5], covariance diag(1.25, 0.25); the target's mean [1,1],
    // covariance T = [[1,0.5],[0.5,0.5]]. For 2x2 PSD matrices tr(P^1/2) = sqrt(tr P + 2 sqrt(det P)),
    // and with P = T^1/2 S T^1/2: tr P = tr(T S) = 1.375, det P = det T det S = 0.25 * 0.3125.
    // Both covariances carry eps I (eps = 1e-5 * tr(T) / 2), which moves every term by O(eps).
    const auto target = engine::make_style_target(w2_target_features(), StyleLossMode::W2);
    CHECK(target.epsilon == Approx(1e-5 * 1.5 / 2));
    const double e = target.epsilon;
    const auto trace_root = [](double trace, double det) { return std::sqrt(trace + 2 * std::sqrt(det)); };
    // With eps: S + eI, T + eI; tr(T S) and the determinants change accordingly.
    const double s1 = 1.25 + e, s2 = 0.25 + e, t11 = 1 + e, t22 = 0.5 + e, t12 = 0.5;
    const double tr_ts = t11 * s1 + t22 * s2, det_t = t11 * t22 - t12 * t12, det_s = s1 * s2;
    const double expected = (1.5 * 1.5 + 0.5 * 0.5 + (t11 + t22) + (s1 + s2) - 2 * trace_root(tr_ts, det_t * det_s)) / 2;
    CHECK(expected == Approx(1.359311).epsilon(1e-4));  // the same without eps, worked on paper
    CHECK(engine::style_layer_loss(hand_features(), target, StyleLossMode::W2).item<double>() ==
          Approx(expected).epsilon(1e-9));
    // A black image: mean 0, covariance eI, so tr((T^1/2 eI T^1/2)^1/2) = sqrt(e) tr(T^1/2).
    const double black = (1 + 1 + (t11 + t22) + 2 * e - 2 * std::sqrt(e) * trace_root(t11 + t22, det_t)) / 2;
    CHECK(target.zero_loss == Approx(black).epsilon(1e-9));
    // Zero against its own target.
    CHECK(engine::style_layer_loss(w2_target_features(), target, StyleLossMode::W2).item<double>() ==
          Approx(0.0).margin(1e-9));
}

TEST_CASE("W2 equals the mean/std loss when both covariances are diagonal", "[losses][w2]") {
    // Rows [1,2,3,4],[0,1,1,0] have zero cross-covariance, and so do [1,1,3,3],[2,0,0,2].
    const auto target_features =
        torch::tensor({1.0, 1.0, 3.0, 3.0, 2.0, 0.0, 0.0, 2.0}, torch::kFloat64).reshape({1, 2, 2, 2});
    const auto w2 = engine::make_style_target(target_features, StyleLossMode::W2);
    const auto meanstd = engine::make_style_target(target_features, StyleLossMode::MeanStd);
    CHECK(engine::style_layer_loss(hand_features(), w2, StyleLossMode::W2).item<double>() ==
          Approx(engine::style_layer_loss(hand_features(), meanstd, StyleLossMode::MeanStd).item<double>()).epsilon(1e-4));
}

TEST_CASE("The W2 gradient matches finite differences, alone and beside another mode in a batch", "[losses][w2][gradient]") {
    torch::manual_seed(13);
    const auto x = torch::rand({1, 3, 3, 4}, torch::kFloat64) + 0.1;
    const auto style = torch::rand({1, 3, 4, 3}, torch::kFloat64);
    const auto w2 = engine::make_style_target(style, StyleLossMode::W2);
    check_gradient([&](const torch::Tensor& t) { return engine::style_layer_loss(t, w2, StyleLossMode::W2); }, x);

    const auto full = engine::make_style_target(style, StyleLossMode::Full);
    const std::vector<engine::StyleComparison> comparisons{{&full, StyleLossMode::Full}, {&w2, StyleLossMode::W2}};
    const auto pair = torch::rand({2, 3, 3, 4}, torch::kFloat64) + 0.1;
    const auto weights = torch::tensor({2.0, 0.5}, torch::kFloat64);
    const auto losses = engine::style_layer_loss(pair, comparisons);
    CHECK(losses[1].item<double>() ==
          Approx(engine::style_layer_loss(pair.narrow(0, 1, 1), w2, StyleLossMode::W2).item<double>()));
    check_gradient([&](const torch::Tensor& t) { return engine::style_layer_loss(t, comparisons) * weights; }, pair);
}
