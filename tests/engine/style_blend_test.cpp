// Several styles blended (Params::style_blend): the parameters, the blended targets, the run.
#include "catch_checks.h"

#include <cmath>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/losses.h"
#include "engine/params_json.h"
#include "engine/run.h"
#include "tensor_checks.h"
#include "test_paths.h"

using engine::Params;
using tensor_checks::check_tensor;
using engine::StyleLossMode;

namespace {

// Two 2-filter styles of 2 positions each, worked by hand in the test below.
// A: rows [1,3] and [2,0]: G/M = [[5,1],[1,2]], mean [2,1], E[f^2] [5,2].
// B: rows [0,2] and [2,2]: G/M = [[2,2],[2,4]], mean [1,2], E[f^2] [2,4].
torch::Tensor style_a() { return torch::tensor({1.0, 3.0, 2.0, 0.0}, torch::kFloat64).reshape({1, 2, 1, 2}); }
torch::Tensor style_b() { return torch::tensor({0.0, 2.0, 2.0, 2.0}, torch::kFloat64).reshape({1, 2, 1, 2}); }

engine::StyleTarget blend_ab(StyleLossMode mode, double wa, double wb) {
    return engine::blend_style_targets({engine::style_moments(style_a(), mode), engine::style_moments(style_b(), mode)},
                                       {wa, wb}, mode);
}

torch::Tensor doubles(std::vector<double> values) { return torch::tensor(values, torch::kFloat64); }


engine::Vgg19 shared_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}

const engine::RgbImage& content_64() {
    static const auto image = engine::load_image(test_paths::image("building.jpg"), 64);
    return image;
}
const engine::RgbImage& starry_64() {
    static const auto image = engine::load_image(test_paths::image("starry_night.jpg"), 64);
    return image;
}
const engine::RgbImage& grass_64() {
    static const auto image = engine::load_image(test_paths::image("grass.png"), 64);
    return image;
}

Params small_params() {
    Params params;
    params.size = 64;
    params.iterations = 6;
    params.threads = 2;
    return params;
}

bool same_pixels(const engine::RgbImage& a, const engine::RgbImage& b) {
    return a.width == b.width && a.height == b.height && a.pixels == b.pixels;
}

}  // namespace

TEST_CASE("Blend weights are parsed, validated and normalized", "[blend][params]") {
    CHECK(engine::parse_style_blend("1, 0.5") == std::vector<double>{1.0, 0.5});
    CHECK(engine::format_style_blend({1.0, 0.5}) == "1,0.5");
    CHECK_THROWS_WITH(engine::parse_style_blend("1,x"), Catch::Contains("'x' is not a number"));
    CHECK_THROWS_WITH(engine::parse_style_blend("1,"), Catch::Contains("empty entry"));
    CHECK_THROWS_WITH(engine::parse_style_blend("0,0"), Catch::Contains("every weight is 0"));
    CHECK_THROWS_WITH(engine::parse_style_blend("1,-1"), Catch::Contains("style_blend weight 2"));
    CHECK_THROWS_WITH(engine::parse_style_blend("1,1,1,1,1"), Catch::Contains("at most 4"));

    Params params;
    CHECK(engine::blend_weights(params, 1) == std::vector<double>{1.0});
    CHECK(engine::blend_weights(params, 4) == std::vector<double>{0.25, 0.25, 0.25, 0.25});
    params.style_blend = {3.0, 1.0};
    CHECK(engine::blend_weights(params, 2) == std::vector<double>{0.75, 0.25});
    CHECK_THROWS_WITH(engine::blend_weights(params, 3), Catch::Contains("2 weights for 3 styles"));
    params.style_blend = {0.0, 0.0};
    CHECK_THROWS_AS(engine::validate(params), engine::ParamError);

    Params blended;
    blended.style_blend = {2.0, 0.5};
    const auto json = engine::params_to_json(blended);
    CHECK(json.at("style_blend") == nlohmann::json::array({2.0, 0.5}));
    CHECK(engine::params_from_json(json) == blended);
    CHECK_THROWS_WITH(engine::params_from_json({{"style_blend", "1,2"}}), Catch::Contains("an array of numbers"));
}

TEST_CASE("A blended target is the hand-computed weighted mix of the styles' statistics", "[blend][losses]") {
    // 0.75 A + 0.25 B.
    check_tensor(blend_ab(StyleLossMode::Full, 0.75, 0.25).stats,
                 doubles({4.25, 1.25, 1.25, 2.5}).reshape({2, 2}), 1e-12);
    check_tensor(blend_ab(StyleLossMode::Diagonal, 0.75, 0.25).stats, doubles({4.25, 2.5}), 1e-12);
    // Mean [1.75, 1.25]; E[f^2] [4.25, 2.5]; variance E[f^2] - mean^2 = [1.1875, 0.9375].
    check_tensor(blend_ab(StyleLossMode::MeanStd, 0.75, 0.25).stats,
                 doubles({1.75, 1.25, std::sqrt(1.1875 + 1e-8), std::sqrt(0.9375 + 1e-8)}).reshape({2, 2}), 1e-12);
    // The Gaussian of the mixture: S = E[f f^T] - mu mu^T = [[1.1875, -0.9375], [-0.9375, 0.9375]]
    // (not the average of A's and B's covariances, [[0.75, -0.75], [-0.75, 0.75]]), plus eps I.
    const auto w2 = blend_ab(StyleLossMode::W2, 0.75, 0.25);
    const double eps = 1e-5 * (1.1875 + 0.9375) / 2;
    CHECK(w2.epsilon == Approx(eps).epsilon(1e-9));
    check_tensor(w2.mean, doubles({1.75, 1.25}), 1e-12);
    check_tensor(w2.stats, doubles({1.1875 + eps, -0.9375, -0.9375, 0.9375 + eps}).reshape({2, 2}), 1e-12);
    check_tensor(torch::mm(w2.covariance_root, w2.covariance_root), w2.stats, 1e-9);
    // Full and diag: the black image's loss is 1/(4 N^2) sum A_ij^2 (N = 2 filters).
    CHECK(blend_ab(StyleLossMode::Full, 0.75, 0.25).zero_loss ==
          Approx((4.25 * 4.25 + 2 * 1.25 * 1.25 + 2.5 * 2.5) / 16));
}

TEST_CASE("Blending two equally large styles half and half is the target of both side by side", "[blend][losses]") {
    // The mixture of two equally weighted styles of the same size has exactly the statistics of
    // the two feature maps put together: every mode, W2's covariance included.
    torch::manual_seed(3);
    const auto a = torch::rand({1, 6, 4, 5}, torch::kFloat64);
    const auto b = torch::rand({1, 6, 4, 5}, torch::kFloat64) * 2.0 + 0.5;
    const auto both = torch::cat({a, b}, 3);
    for (auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd, StyleLossMode::W2}) {
        INFO(engine::to_string(mode));
        const auto blended =
            engine::blend_style_targets({engine::style_moments(a, mode), engine::style_moments(b, mode)}, {0.5, 0.5}, mode);
        const auto joint = engine::make_style_target(both, mode);
        check_tensor(blended.stats, joint.stats, 1e-10);
        CHECK(blended.zero_loss == Approx(joint.zero_loss).epsilon(1e-9));
        if (mode == StyleLossMode::W2) check_tensor(blended.covariance_root, joint.covariance_root, 1e-8);
        // The loss of some image against either is the same.
        const auto x = torch::rand({1, 6, 3, 3}, torch::kFloat64);
        CHECK(engine::style_layer_loss(x, blended, mode).item<double>() ==
              Approx(engine::style_layer_loss(x, joint, mode).item<double>()).epsilon(1e-8));
    }
}

TEST_CASE("Blend weights 1,0 give exactly the single-style run", "[blend][run]") {
    for (auto mode : {StyleLossMode::Full, StyleLossMode::W2}) {
        INFO(engine::to_string(mode));
        auto params = small_params();
        params.style_loss = mode;
        engine::Run single(shared_model(), content_64(), starry_64(), params);
        params.style_blend = {1.0, 0.0};
        engine::Run blended(shared_model(), content_64(), {starry_64(), grass_64()}, params);
        engine::Frame a, b;
        while (!single.ended()) a = single.step(false);
        while (!blended.ended()) b = blended.step(false);
        a = single.current(true);
        b = blended.current(true);
        CHECK(a.losses.at(0).total == b.losses.at(0).total);
        CHECK(same_pixels(a.images.at(0), b.images.at(0)));
    }
}

TEST_CASE("A blend lies between its styles and an equal blend is what an empty blend means", "[blend][run]") {
    auto params = small_params();
    const auto first_loss_against = [&](const std::vector<engine::RgbImage>& styles, std::vector<double> blend) {
        auto p = params;
        p.style_blend = std::move(blend);
        engine::Run run(shared_model(), content_64(), styles, p);
        return run.current(false).losses.at(0).style;
    };
    const std::vector<engine::RgbImage> both{starry_64(), grass_64()};
    // The photo itself is the first image: its style loss against each target.
    const double starry = first_loss_against(both, {1, 0}), grass = first_loss_against(both, {0, 1});
    const double half = first_loss_against(both, {1, 1});
    INFO("starry " << starry << ", grass " << grass << ", half " << half);
    CHECK(half != Approx(starry).epsilon(0.01));
    CHECK(half != Approx(grass).epsilon(0.01));
    CHECK(first_loss_against(both, {}) == half);
    CHECK(first_loss_against(both, {2, 2}) == half);
}

TEST_CASE("Style lists the blend cannot use are refused with a message", "[blend][run]") {
    auto params = small_params();
    params.style_blend = {1.0, 1.0, 1.0};
    CHECK_THROWS_WITH(engine::Run(shared_model(), content_64(), {starry_64(), grass_64()}, params),
                      Catch::Contains("3 weights for 2 styles"));
    params.style_blend.clear();
    const std::vector<engine::RgbImage> five(5, starry_64());
    CHECK_THROWS_WITH(engine::Run(shared_model(), content_64(), five, params), Catch::Contains("at most 4"));
    CHECK_THROWS_WITH(engine::Run(shared_model(), content_64(), {starry_64(), engine::RgbImage{}}, params),
                      Catch::Contains("style image 2 is empty"));
    CHECK_THROWS_WITH(engine::Run(shared_model(), content_64(), std::vector<engine::RgbImage>{}, params),
                      Catch::Contains("needs a style image"));
}

TEST_CASE("A style added or removed mid-run changes the next iteration's losses and the count goes on", "[blend][run]") {
    auto params = small_params();
    engine::Run run(shared_model(), content_64(), starry_64(), params);
    run.step(false);
    const auto before = run.step(false);
    REQUIRE(before.iteration == 2);
    const auto generation = run.generation();

    // A blend count that does not fit the new list is refused and changes nothing.
    auto wrong = params;
    wrong.style_blend = {1.0};
    CHECK_THROWS_WITH(run.set_styles({starry_64(), grass_64()}, wrong), Catch::Contains("1 weight for 2 styles"));
    CHECK(run.style_count() == 1);
    CHECK(run.generation() == generation);

    auto added = params;
    added.style_blend = {1.0, 3.0};
    run.set_styles({starry_64(), grass_64()}, added);
    CHECK(run.style_count() == 2);
    CHECK(run.generation() == generation + 1);
    const auto after = run.step(false);
    CHECK(after.iteration == 3);
    CHECK(after.generation == generation + 1);
    // The same three steps without the change (runs are deterministic): the blend, mostly grass,
    // gives another style loss at iteration 3.
    engine::Run control(shared_model(), content_64(), starry_64(), params);
    for (int i = 0; i < 2; ++i) control.step(false);
    const auto unchanged = control.step(false);
    INFO("style with the blend " << after.losses.at(0).style << ", without " << unchanged.losses.at(0).style);
    CHECK(after.losses.at(0).style != Approx(unchanged.losses.at(0).style).epsilon(0.05));

    // The blend weights alone are live too (set_params), but their count must stay the style count.
    auto reweighted = added;
    reweighted.style_blend = {3.0, 1.0};
    run.set_params(reweighted);
    CHECK(run.step(false).generation == generation + 2);
    auto three = added;
    three.style_blend = {1.0, 1.0, 1.0};
    CHECK_THROWS_WITH(run.set_params(three), Catch::Contains("3 weights for 2"));

    run.set_styles({starry_64()}, params);  // back to one style
    const auto alone = run.step(false);
    CHECK(alone.iteration == 5);
    CHECK(run.style_count() == 1);
}
