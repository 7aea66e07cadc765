// Per-region styles (Params::style_masks, guided Gram matrices): mask propagation worked by hand,
// the guided losses against the unguided ones and against hand-made crops, and real runs whose
// halves take different styles or none.
#include "catch_checks.h"

#include <array>
#include <cmath>
#include <memory>

#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/guided_style.h"
#include "engine/image_io.h"
#include "engine/losses.h"
#include "engine/run.h"
#include "tensor_checks.h"
#include "test_paths.h"

using engine::Params;
using tensor_checks::check_tensor;
using engine::RegionMask;
using engine::SharedMask;
using engine::StyleLossMode;

namespace {

constexpr std::array<StyleLossMode, 4> kModes{StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd,
                                              StyleLossMode::W2};

// A width x height mask whose value at (x, y) is value(x, y) (0..255).
template <typename F>
SharedMask make_mask(int width, int height, F value) {
    auto mask = std::make_shared<RegionMask>();
    mask->width = width;
    mask->height = height;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) mask->values.push_back(static_cast<std::uint8_t>(value(x, y)));
    return mask;
}
SharedMask full_mask(int width, int height) { return make_mask(width, height, [](int, int) { return 255; }); }
SharedMask left_half(int width, int height) {
    return make_mask(width, height, [width](int x, int) { return x < width / 2 ? 255 : 0; });
}
SharedMask right_half(int width, int height) {
    return make_mask(width, height, [width](int x, int) { return x >= width / 2 ? 255 : 0; });
}


engine::Vgg19 shared_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}
const engine::RgbImage& image_at(const std::string& name, int size) {
    static std::map<std::pair<std::string, int>, engine::RgbImage> cache;
    auto& image = cache[{name, size}];
    if (image.empty()) image = engine::load_image(test_paths::image(name), size);
    return image;
}

// Mean colour (0..255 per channel) of the columns [x0, x1) of an image.
std::array<double, 3> mean_colour(const engine::RgbImage& image, int x0, int x1) {
    std::array<double, 3> sum{0, 0, 0};
    for (int y = 0; y < image.height; ++y)
        for (int x = x0; x < x1; ++x)
            for (int c = 0; c < 3; ++c) sum[c] += image.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3 + c];
    const double count = static_cast<double>(image.height) * (x1 - x0);
    for (auto& s : sum) s /= count;
    return sum;
}
double distance(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    return std::sqrt(std::pow(a[0] - b[0], 2) + std::pow(a[1] - b[1], 2) + std::pow(a[2] - b[2], 2));
}
// Mean absolute difference (grey levels) of two equally sized images over the columns [x0, x1).
double mean_difference(const engine::RgbImage& a, const engine::RgbImage& b, int x0, int x1) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    double sum = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = x0; x < x1; ++x)
            for (int c = 0; c < 3; ++c) {
                const auto i = (static_cast<std::size_t>(y) * a.width + x) * 3 + c;
                sum += std::abs(static_cast<double>(a.pixels[i]) - b.pixels[i]);
            }
    return sum / (static_cast<double>(a.height) * (x1 - x0) * 3);
}

engine::Frame finish(engine::Run& run) {
    while (!run.ended()) run.step(false);
    return run.current(true);
}

}  // namespace

TEST_CASE("A mask reaches the layers as the receptive fields do: worked by hand on 4x4", "[regions][losses]") {
    // Columns 0-1 selected, 2-3 not. Each 3x3 average counts only the pixels inside the image:
    // conv1_1, column 0 sees columns 0-1 (all 1), column 1 sees 0-2 (2 of 3), column 2 sees 1-3
    // (1 of 3), column 3 sees 2-3 (0): [1, 2/3, 1/3, 0] on every row.
    // conv1_2 averages that again: [(1 + 2/3)/2, (1 + 2/3 + 1/3)/3, (2/3 + 1/3 + 0)/3, (1/3 + 0)/2]
    //   = [5/6, 2/3, 1/3, 1/6]; the pooling then averages 2x2 blocks: [3/4, 1/4] on both rows,
    // and conv2_1's 3x3 average over the whole 2x2 map is 1/2 everywhere.
    const auto mask = torch::tensor({1.0, 1.0, 0.0, 0.0}, torch::kFloat64).repeat({4}).reshape({1, 1, 4, 4});
    const auto layers = engine::propagate_region_masks(mask, {"conv1_1", "conv1_2", "conv2_1"});
    REQUIRE(layers.size() == 3);
    const auto row = [](std::vector<double> values, int rows) {
        return torch::tensor(values, torch::kFloat64).repeat({rows}).reshape({1, 1, rows, static_cast<long>(values.size())});
    };
    check_tensor(layers.at("conv1_1"), row({1.0, 2.0 / 3, 1.0 / 3, 0.0}, 4), 1e-12);
    check_tensor(layers.at("conv1_2"), row({5.0 / 6, 2.0 / 3, 1.0 / 3, 1.0 / 6}, 4), 1e-12);
    check_tensor(layers.at("conv2_1"), row({0.5, 0.5}, 2), 1e-12);

    // An all-ones mask stays all ones at every layer (the border averages only what is inside).
    const auto ones = engine::propagate_region_masks(torch::ones({1, 1, 9, 7}), {"conv1_1", "conv2_2", "conv3_1"});
    for (const auto& [name, m] : ones) {
        INFO(name);
        CHECK(m.min().item<double>() == 1.0);
        CHECK(m.max().item<double>() == 1.0);
    }
    CHECK(ones.at("conv3_1").sizes() == torch::IntArrayRef({1, 1, 2, 1}));
}

TEST_CASE("Masks are resized to the result and normalized where they sum above 1", "[regions][losses]") {
    // Style 1 everywhere, style 2 on the right half: the right half is shared half and half,
    // the left is style 1's alone; a grey (128) third mask on top of nothing stays as it is.
    const auto masks = engine::region_masks_at({full_mask(4, 2), right_half(4, 2)}, 2, 4, torch::kFloat64);
    const auto expected = torch::tensor({1.0, 1.0, 0.5, 0.5, 1.0, 1.0, 0.5, 0.5,  //
                                         0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.5, 0.5},
                                        torch::kFloat64)
                              .reshape({2, 1, 2, 4});
    check_tensor(masks, expected, 1e-7);
    const auto grey = engine::region_masks_at({make_mask(2, 2, [](int, int) { return 128; })}, 4, 4, torch::kFloat64);
    check_tensor(grey, torch::full({1, 1, 4, 4}, 128.0 / 255, torch::kFloat64), 1e-7);
    check_tensor(engine::region_shares(masks), torch::tensor({0.75, 0.25}, torch::kFloat64), 1e-7);
}

TEST_CASE("The guided loss of an all-ones mask is the unguided loss, value and gradient, in every mode",
          "[regions][losses]") {
    torch::manual_seed(5);
    const auto style = torch::rand({1, 6, 5, 4}, torch::kFloat64);
    for (const auto mode : kModes) {
        INFO(engine::to_string(mode));
        const auto target = engine::make_style_target(style, mode);
        const auto x = (torch::rand({1, 6, 4, 3}, torch::kFloat64) * 1.5).requires_grad_(true);
        const auto plain = engine::style_layer_loss(x, std::vector<engine::StyleComparison>{{&target, mode}});
        const auto plain_grad = torch::autograd::grad({plain.sum()}, {x})[0];
        const auto guided =
            engine::guided_style_layer_loss(x, torch::ones({1, 1, 4, 3}, torch::kFloat64), {{{&target, mode}}});
        const auto guided_grad = torch::autograd::grad({guided.sum()}, {x})[0];
        CHECK(guided.item<double>() == Approx(plain.item<double>()).epsilon(1e-10));
        check_tensor(guided_grad, plain_grad, 1e-10);
    }
}

TEST_CASE("A binary mask's region is compared as if it were cropped out, weighted by its share", "[regions][losses]") {
    // Features 3 filters x 2 rows x 4 columns; the mask selects the left 3 columns (6 of 8 positions).
    // Full: G = F_L F_L^T / 6 against A; E = 1/(4 * 3^2) sum (G - A)^2, times the share 6/8.
    torch::manual_seed(9);
    const auto features = torch::rand({1, 3, 2, 4}, torch::kFloat64);
    const auto mask = torch::tensor({1.0, 1.0, 1.0, 0.0}, torch::kFloat64).repeat({2}).reshape({1, 1, 2, 4});
    const auto left = features.index({torch::indexing::Slice(), torch::indexing::Slice(), torch::indexing::Slice(),
                                      torch::indexing::Slice(0, 3)});
    const auto style = torch::rand({1, 3, 3, 3}, torch::kFloat64);
    for (const auto mode : kModes) {
        INFO(engine::to_string(mode));
        const auto target = engine::make_style_target(style, mode);
        const double cropped = engine::style_layer_loss(left.contiguous(), target, mode).item<double>();
        const double guided = engine::guided_style_layer_loss(features, mask, {{{&target, mode}}}).item<double>();
        CHECK(guided == Approx(0.75 * cropped).epsilon(1e-9));
    }
    // By hand for the full mode, without the library's Gram.
    const auto target = engine::make_style_target(style, StyleLossMode::Full);
    const auto f = left.reshape({3, 6});
    const double by_hand = 0.75 / 36.0 * (torch::mm(f, f.t()) / 6.0 - target.stats).pow(2).sum().item<double>();
    CHECK(engine::guided_style_layer_loss(features, mask, {{{&target, StyleLossMode::Full}}}).item<double>() ==
          Approx(by_hand).epsilon(1e-12));
}

TEST_CASE("Two regions' losses add up and an empty region counts for nothing", "[regions][losses]") {
    torch::manual_seed(11);
    const auto features = torch::rand({2, 4, 3, 4}, torch::kFloat64);  // two variants (compare mode)
    const auto a = engine::make_style_target(torch::rand({1, 4, 3, 3}, torch::kFloat64), StyleLossMode::Full);
    const auto b = engine::make_style_target(torch::rand({1, 4, 3, 3}, torch::kFloat64) * 2, StyleLossMode::Full);
    const auto ad = engine::make_style_target(torch::rand({1, 4, 3, 3}, torch::kFloat64), StyleLossMode::Diagonal);
    const auto left = torch::tensor({1.0, 1.0, 0.0, 0.0}, torch::kFloat64).repeat({3}).reshape({1, 1, 3, 4});
    const auto masks = torch::cat({left, 1.0 - left});
    const auto both = engine::guided_style_layer_loss(
        features, masks, {{{&a, StyleLossMode::Full}, {&ad, StyleLossMode::Diagonal}}, {{&b, StyleLossMode::Full}, {&b, StyleLossMode::Full}}});
    const auto only_a = engine::guided_style_layer_loss(features, left, {{{&a, StyleLossMode::Full}, {&ad, StyleLossMode::Diagonal}}});
    const auto only_b = engine::guided_style_layer_loss(features, 1.0 - left, {{{&b, StyleLossMode::Full}, {&b, StyleLossMode::Full}}});
    check_tensor(both, only_a + only_b, 1e-12);
    const auto nothing = engine::guided_style_layer_loss(features, torch::cat({left, torch::zeros_like(left)}),
        {{{&a, StyleLossMode::Full}, {&ad, StyleLossMode::Diagonal}}, {{&b, StyleLossMode::Full}, {&b, StyleLossMode::Full}}});
    check_tensor(nothing, only_a, 1e-12);
    CHECK(torch::isfinite(nothing).all().item<bool>());
}

TEST_CASE("Style masks that do not fit the styles are refused with a message", "[regions][run]") {
    Params params;
    params.size = 64;
    params.iterations = 2;
    const auto& content = image_at("building.jpg", 64);
    const auto& starry = image_at("starry_night.jpg", 64);
    params.style_masks = {full_mask(8, 8), full_mask(8, 8)};
    CHECK_THROWS_WITH(engine::Run(shared_model(), content, starry, params), Catch::Contains("2 style masks for 1 style"));
    params.style_masks = {std::make_shared<RegionMask>()};
    CHECK_THROWS_WITH(engine::Run(shared_model(), content, starry, params), Catch::Contains("mask of style 1 has no pixels"));
}

TEST_CASE("One style with a full mask is the unmasked run to the byte", "[regions][run]") {
    for (const auto mode : {StyleLossMode::Full, StyleLossMode::MeanStd}) {
        INFO(engine::to_string(mode));
        Params params;
        params.size = 64;
        params.iterations = 6;
        params.threads = 2;
        params.style_loss = mode;
        engine::Run plain(shared_model(), image_at("building.jpg", 64), image_at("starry_night.jpg", 64), params);
        params.style_masks = {full_mask(37, 23)};
        engine::Run masked(shared_model(), image_at("building.jpg", 64), image_at("starry_night.jpg", 64), params);
        const auto a = finish(plain), b = finish(masked);
        CHECK(a.losses.at(0).total == b.losses.at(0).total);
        CHECK(a.images.at(0).pixels == b.images.at(0).pixels);
    }
}

TEST_CASE("Two styles in two halves stay apart, and a protected half stays close to the photo", "[regions][run]") {
    // fruits.jpg at 128 px; the left half in the style of starry_night.jpg (blue and yellow),
    // the right half in grass.png's (green). Each half's mean colour must lie nearer its own style's
    // than the other's, and nearer than the same half of a run that blends both styles everywhere.
    Params params;
    params.size = 128;
    params.iterations = 60;
    params.threads = 2;
    params.style_weight = 1000;
    const auto& photo = image_at("fruits.jpg", 128);
    const auto& starry = image_at("starry_night.jpg", 256);
    const auto& grass = image_at("grass.png", 256);
    const int w = photo.width, half = w / 2;
    const auto starry_colour = mean_colour(starry, 0, starry.width);
    const auto grass_colour = mean_colour(grass, 0, grass.width);

    auto regions = params;
    regions.style_masks = {left_half(w, photo.height), right_half(w, photo.height)};
    engine::Run split(shared_model(), photo, {starry, grass}, regions);
    const auto split_image = finish(split).images.at(0);
    engine::Run blended(shared_model(), photo, {starry, grass}, params);
    const auto blend_image = finish(blended).images.at(0);

    // A margin of 8 px either side of the seam: the receptive fields there see both halves.
    const auto left_colour = mean_colour(split_image, 0, half - 8), right_colour = mean_colour(split_image, half + 8, w);
    const auto blend_left = mean_colour(blend_image, 0, half - 8), blend_right = mean_colour(blend_image, half + 8, w);
    INFO("left half: to starry " << distance(left_colour, starry_colour) << ", to grass " << distance(left_colour, grass_colour)
                                 << " (blend: " << distance(blend_left, starry_colour) << ")");
    INFO("right half: to grass " << distance(right_colour, grass_colour) << ", to starry " << distance(right_colour, starry_colour)
                                 << " (blend: " << distance(blend_right, grass_colour) << ")");
    CHECK(distance(left_colour, starry_colour) < distance(left_colour, grass_colour));
    CHECK(distance(right_colour, grass_colour) < distance(right_colour, starry_colour));
    CHECK(distance(left_colour, starry_colour) < distance(blend_left, starry_colour));
    CHECK(distance(right_colour, grass_colour) < distance(blend_right, grass_colour));

    // The left half protected (starry_night.jpg on the right only): the left stays near the photo,
    // much nearer than the same half of an unmasked run.
    auto protect = params;
    protect.style_masks = {right_half(w, photo.height)};
    engine::Run protected_run(shared_model(), photo, starry, protect);
    const auto protected_image = finish(protected_run).images.at(0);
    engine::Run unmasked(shared_model(), photo, starry, params);
    const auto unmasked_image = finish(unmasked).images.at(0);
    const double kept = mean_difference(protected_image, photo, 0, half - 8);
    const double styled = mean_difference(unmasked_image, photo, 0, half - 8);
    const double right_styled = mean_difference(protected_image, photo, half + 8, w);
    INFO("left half against the photo: protected " << kept << ", unmasked " << styled << "; right half, protected run "
                                                   << right_styled);
    CHECK(kept < 0.5 * styled);
    CHECK(right_styled > 2 * kept);
}

TEST_CASE("A mask changed mid-run changes the next iteration's losses", "[regions][run]") {
    // Two equal runs, the left half styled; after two iterations one is painted everywhere. Its
    // next iteration adds the right half's mismatch to the style loss; the other goes on as before.
    Params params;
    params.size = 64;
    params.iterations = 20;
    params.threads = 2;
    const auto& photo = image_at("building.jpg", 64);
    const auto& starry = image_at("starry_night.jpg", 64);
    params.style_masks = {left_half(photo.width, photo.height)};
    engine::Run painted(shared_model(), photo, starry, params);
    engine::Run unchanged(shared_model(), photo, starry, params);
    for (int i = 0; i < 2; ++i) {
        painted.step(false);
        unchanged.step(false);
    }
    const auto generation = painted.generation();
    auto everywhere = params;
    everywhere.style_masks = {full_mask(photo.width, photo.height)};
    painted.set_params(everywhere);
    CHECK(painted.generation() == generation + 1);
    const auto a = painted.step(false), b = unchanged.step(false);
    CHECK(a.iteration == 3);
    CHECK(a.generation == generation + 1);
    INFO("style loss, painted everywhere " << a.losses.at(0).style << ", left half " << b.losses.at(0).style);
    CHECK(a.losses.at(0).style > 1.2 * b.losses.at(0).style);
}

TEST_CASE("Compare mode runs both variants with the regions, each against its own mode's targets", "[regions][run]") {
    // Full against diagonal, the left half protected: both variants keep the left half near the
    // photo, and their style losses differ (each its own mode), as they do without regions.
    Params params;
    params.size = 64;
    params.iterations = 8;
    params.threads = 2;
    params.compare = true;
    params.compare_loss = StyleLossMode::Diagonal;
    const auto& photo = image_at("fruits.jpg", 64);
    params.style_masks = {right_half(photo.width, photo.height)};
    engine::Run run(shared_model(), photo, image_at("starry_night.jpg", 64), params);
    const auto frame = finish(run);
    REQUIRE(frame.images.size() == 2);
    REQUIRE(frame.losses.size() == 2);
    CHECK(frame.losses[0].style != frame.losses[1].style);
    CHECK(frame.images[0].pixels != frame.images[1].pixels);
    const int half = photo.width / 2;
    for (int v = 0; v < 2; ++v) {
        INFO("variant " << v);
        CHECK(mean_difference(frame.images[v], photo, 0, half - 4) < 0.5 * mean_difference(frame.images[v], photo, half + 4, photo.width));
    }
}

TEST_CASE("Style layers changed mid-run with regions take effect at the next iteration", "[regions][run]") {
    Params params;
    params.size = 64;
    params.iterations = 10;
    params.threads = 2;
    const auto& photo = image_at("building.jpg", 64);
    params.style_masks = {left_half(photo.width, photo.height)};
    engine::Run run(shared_model(), photo, image_at("starry_night.jpg", 64), params);
    run.step(false);
    auto deeper = run.params();
    deeper.style_layers = {{"conv2_1", 1.0}, {"conv3_1", 1.0}};
    run.set_params(deeper);
    const auto frame = run.step(false);
    REQUIRE(frame.losses.at(0).style_per_layer.size() == 2);
    CHECK(frame.losses.at(0).style_per_layer[1].first == "conv3_1");
    CHECK(frame.losses.at(0).style > 0);
}
