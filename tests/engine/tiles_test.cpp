// Tiles (engine/tiles.h): the plan, the halo, and a tiled evaluation equal to the whole image's.
#include "catch_checks.h"

#include <cmath>
#include <vector>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/image_tensor.h"
#include "engine/memory_estimate.h"
#include "engine/objective.h"
#include "engine/run.h"
#include "engine/seam_measure.h"
#include "engine/tiles.h"
#include "tensor_checks.h"
#include "test_paths.h"

using engine::StyleLossMode;

namespace {

engine::Vgg19 shared_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}

torch::Tensor image_tensor(const std::string& name, int size) {
    return engine::image_to_tensor(engine::load_image(test_paths::image(name), size));
}

// How many cores cover each pixel.
std::vector<int> coverage(const engine::TileGrid& grid) {
    std::vector<int> count(static_cast<std::size_t>(grid.height * grid.width), 0);
    for (const auto& tile : grid.tiles)
        for (int y = tile.core.y0; y < tile.core.y1; ++y)
            for (int x = tile.core.x0; x < tile.core.x1; ++x) ++count[static_cast<std::size_t>(y * grid.width + x)];
    return count;
}

engine::Params objective_params(StyleLossMode mode) {
    engine::Params params;
    params.style_layers = shared_model()->default_style_layers();
    params.content_layer = shared_model()->default_content_layer();
    params.style_loss = mode;
    return params;
}

}  // namespace

TEST_CASE("The halo and alignment follow VGG-19's convolutions and poolings", "[tiles]") {
    // conv1_1: one 3x3 convolution spoils 1 px. conv3_2: 2 px at full size, pooled to 1, +2 at
    // half size = 3, pooled to 2, +2 at quarter size = 4 quarter pixels = 16 px.
    CHECK(engine::tile_halo("conv1_1") == 1);
    CHECK(engine::tile_alignment("conv1_1") == 1);
    CHECK(engine::tile_halo("conv2_1") == 4);  // 2 -> pooled 1, +1 = 2 half pixels
    CHECK(engine::tile_alignment("conv2_1") == 2);
    CHECK(engine::tile_halo("conv3_2") == 16);
    CHECK(engine::tile_halo("conv3_4") == 24);
    CHECK(engine::tile_alignment("conv3_4") == 4);
    CHECK(engine::tile_halo("conv5_1") == 80);
    CHECK(engine::tile_alignment("conv5_1") == 16);
    CHECK_THROWS_AS(engine::tile_halo("conv9_9"), engine::ParamError);
}

TEST_CASE("Tiles partition the image, on the pooling grid, within their size, and move between passes", "[tiles]") {
    const int height = 301, width = 517, max_tile = 160;
    const int halo = engine::tile_halo("conv3_4"), alignment = engine::tile_alignment("conv3_4");
    std::vector<engine::TileGrid> grids;
    for (int pass = 0; pass < 4; ++pass) {
        INFO("pass " << pass);
        const auto grid = engine::plan_tiles(height, width, max_tile, "conv3_4", pass);
        REQUIRE(grid.count() == static_cast<std::size_t>(grid.rows * grid.columns));
        CHECK(grid.count() > 4);
        for (const int covered : coverage(grid)) REQUIRE(covered == 1);
        for (const auto& tile : grid.tiles) {
            CHECK(tile.padded.height() <= max_tile);
            CHECK(tile.padded.width() <= max_tile);
            CHECK(tile.core.y0 % alignment == 0);
            CHECK(tile.core.x0 % alignment == 0);
            CHECK(tile.padded.y0 % alignment == 0);
            CHECK(tile.padded.x0 % alignment == 0);
            // The halo around the core wherever the image goes on.
            CHECK(tile.padded.y0 == std::max(0, tile.core.y0 - halo));
            CHECK(tile.padded.x0 == std::max(0, tile.core.x0 - halo));
            CHECK(tile.padded.y1 == std::min(height, tile.core.y1 + halo));
            CHECK(tile.padded.x1 == std::min(width, tile.core.x1 + halo));
        }
        grids.push_back(grid);
    }
    // No inner boundary stays in one place over three passes.
    for (std::size_t t = 0; t < grids[0].count(); ++t) {
        const auto& a = grids[0].tiles[t].core;
        const auto& b = grids[1].tiles[t].core;
        const auto& c = grids[2].tiles[t].core;
        if (a.x1 < width) CHECK((a.x1 != b.x1 && a.x1 != c.x1 && b.x1 != c.x1));
        if (a.y1 < height) CHECK((a.y1 != b.y1 && a.y1 != c.y1 && b.y1 != c.y1));
    }
    // An image that fits is one tile, itself.
    const auto whole = engine::plan_tiles(120, 90, 160, "conv3_4");
    REQUIRE(whole.count() == 1);
    CHECK(whole.tiles[0].core == engine::PixelRect{0, 0, 120, 90});
    CHECK(whole.tiles[0].padded == whole.tiles[0].core);
    // Tiles too small to hold a core around the halo are refused with the reason.
    CHECK_THROWS_WITH(engine::plan_tiles(400, 400, 60, "conv3_4"),
                      Catch::Contains("leave no room inside the 24 px each tile needs around it"));
}

TEST_CASE("A tile's core features equal the whole image's, and a narrower halo would not", "[tiles]") {
    auto model = shared_model();
    const auto image = model->preprocess(image_tensor("building.jpg", 128));
    for (const auto padding : {engine::Padding::Reflect, engine::Padding::Zero}) {
        INFO("padding " << engine::to_string(padding));
        const auto whole = model->forward(image, {"conv3_1"}, engine::Pooling::Average, padding).at("conv3_1");
        // An inner tile: core [32, 64) x [40, 80) in pixels, [8, 16) x [10, 20) at conv3_1 (stride 4).
        const int halo = engine::tile_halo("conv3_1");
        REQUIRE(halo == 12);
        const auto features_with_halo = [&](int h) {
            const auto piece = image.narrow(2, 32 - h, 32 + 2 * h).narrow(3, 40 - h, 40 + 2 * h);
            const auto f = model->forward(piece, {"conv3_1"}, engine::Pooling::Average, padding).at("conv3_1");
            return f.narrow(2, h / 4, 8).narrow(3, h / 4, 10);
        };
        const auto expected = whole.narrow(2, 8, 8).narrow(3, 10, 10);
        const double scale = expected.abs().max().item<double>();
        const double exact = (features_with_halo(halo) - expected).abs().max().item<double>() / scale;
        const double short_halo = (features_with_halo(halo - 4) - expected).abs().max().item<double>() / scale;
        INFO("largest feature " << scale << "; worst difference, relative: halo " << exact << ", 4 px less " << short_halo);
        // Winograd's tiles sit at other offsets: float rounding only.
        CHECK(exact < 1e-5);
        // One pooling cell less and the cut edge reaches the core.
        CHECK(short_halo > 1e-3);
    }
}

TEST_CASE("A tiled evaluation has the whole image's losses and gradient, in every mode and in compare mode", "[tiles]") {
    // 128 px in tiles of at most 64 px (halo 16 px at conv3_2): at least 3 x 3 tiles, every kind
    // of edge, against the same objective evaluated at once.
    const auto content = image_tensor("building.jpg", 128);
    const auto style = image_tensor("starry_night.jpg", 96);
    // A fixed start: on a few random starts (1 in 4 seeds seen) some deep ReLU's input lies within
    // float rounding of 0, the tile's convolution (another size, other blocking) puts it on the
    // other side, and the gradient takes the other one-sided derivative over that unit's whole
    // receptive field (seen: relative norm 1e-3, a 68 x 68 px patch). That is the kink of the
    // function itself, not tiling; everywhere else the two agree to rounding (about 1e-6).
    torch::manual_seed(0);
    const auto x = (content * 0.7 + 0.15 * torch::rand_like(content)).clamp(0, 1);
    struct Case {
        StyleLossMode mode;
        bool compare;
        StyleLossMode compare_mode;
    };
    for (const auto& c : {Case{StyleLossMode::Full, false, StyleLossMode::Full},
                          Case{StyleLossMode::Diagonal, false, StyleLossMode::Full},
                          Case{StyleLossMode::MeanStd, false, StyleLossMode::Full},
                          Case{StyleLossMode::W2, false, StyleLossMode::Full},
                          Case{StyleLossMode::Full, true, StyleLossMode::Diagonal}}) {
        INFO("mode " << engine::to_string(c.mode) << (c.compare ? " compare " + engine::to_string(c.compare_mode) : ""));
        auto params = objective_params(c.mode);
        params.compare = c.compare;
        params.compare_loss = c.compare_mode;
        const auto batch = x.expand({c.compare ? 2 : 1, -1, -1, -1}).contiguous();
        engine::Objective whole(shared_model());
        whole.set_params(params);
        whole.set_images(content, style);
        const auto expected = whole.evaluate(batch);
        REQUIRE(whole.last_tiles().count() == 1);

        engine::Objective tiled(shared_model());
        tiled.set_params(params);
        tiled.set_images(content, style);
        tiled.set_max_tile(64);
        for (int pass = 0; pass < 2; ++pass) {  // two passes: the boundaries move, nothing else
            const auto actual = tiled.evaluate(batch);
            const auto planned = engine::plan_tiles(static_cast<int>(x.size(2)), static_cast<int>(x.size(3)), 64, "conv3_2");
            REQUIRE(planned.count() >= 9);
            REQUIRE(tiled.last_tiles().count() == planned.count());
            REQUIRE(actual.losses.size() == expected.losses.size());
            for (std::size_t v = 0; v < expected.losses.size(); ++v) {
                CHECK(actual.losses[v].content == Approx(expected.losses[v].content).epsilon(1e-4));
                CHECK(actual.losses[v].tv == Approx(expected.losses[v].tv).epsilon(1e-6));
                REQUIRE(actual.losses[v].style_per_layer.size() == expected.losses[v].style_per_layer.size());
                for (std::size_t l = 0; l < expected.losses[v].style_per_layer.size(); ++l)
                    CHECK(actual.losses[v].style_per_layer[l].second ==
                          Approx(expected.losses[v].style_per_layer[l].second).epsilon(1e-4));
            }
            // The gradient within float rounding, as a whole (relative norm) and at every pixel.
            const double norm = expected.gradient.norm().item<double>();
            const auto difference = actual.gradient - expected.gradient;
            const double relative = difference.norm().item<double>() / norm;
            const double scale = expected.gradient.abs().max().item<double>();
            const double worst = difference.abs().max().item<double>();
            INFO("relative norm of the difference " << relative << "; largest gradient " << scale << ", worst difference " << worst);
            CHECK(relative < 1e-4);
            CHECK(worst < 1e-3 * scale);
        }
    }
}

TEST_CASE("Style targets computed in tiles equal the whole style's, one style or a blend", "[tiles]") {
    // The styles (96 px) are larger than the tiles (64 px): their statistics are sums over tiles too.
    const auto content = image_tensor("building.jpg", 128);
    const std::vector<torch::Tensor> styles{image_tensor("starry_night.jpg", 96), image_tensor("grass.png", 96)};
    for (const auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd, StyleLossMode::W2}) {
        for (const std::size_t count : {std::size_t{1}, std::size_t{2}}) {
            INFO("mode " << engine::to_string(mode) << ", " << count << " style(s)");
            auto params = objective_params(mode);
            if (count == 2) params.style_blend = {0.7, 0.3};
            const std::vector<torch::Tensor> used(styles.begin(), styles.begin() + static_cast<std::ptrdiff_t>(count));
            engine::Objective whole(shared_model());
            whole.set_params(params);
            whole.set_images(content, used);
            engine::Objective tiled(shared_model());
            tiled.set_params(params);
            tiled.set_images(content, used);
            tiled.set_max_tile(64);
            // The content itself as the image: only the style terms differ from 0 much, and they
            // compare the image's statistics with the targets.
            const auto expected = whole.evaluate(content);
            const auto actual = tiled.evaluate(content);
            for (std::size_t l = 0; l < expected.losses[0].style_per_layer.size(); ++l)
                CHECK(actual.losses[0].style_per_layer[l].second ==
                      Approx(expected.losses[0].style_per_layer[l].second).epsilon(1e-4));
        }
    }
}

TEST_CASE("Painted regions are refused in tiles with the reason", "[tiles]") {
    auto params = objective_params(StyleLossMode::Full);
    const auto content = image_tensor("building.jpg", 128);
    auto mask = std::make_shared<engine::RegionMask>();
    mask->width = static_cast<int>(content.size(3));
    mask->height = static_cast<int>(content.size(2));
    mask->values.assign(static_cast<std::size_t>(mask->width * mask->height), 0);
    for (int y = 0; y < mask->height; ++y)
        for (int x = 0; x < mask->width / 2; ++x) mask->values[static_cast<std::size_t>(y * mask->width + x)] = 255;
    params.style_masks = {mask, mask};
    engine::Objective tiled(shared_model());
    tiled.set_params(params);
    tiled.set_images(content, std::vector<torch::Tensor>{image_tensor("starry_night.jpg", 96), image_tensor("grass.png", 96)});
    tiled.set_max_tile(64);
    CHECK_THROWS_WITH(tiled.evaluate(content), Catch::Contains("painted regions are not computed in tiles"));
}

namespace {

struct RestoreAvailable {
    ~RestoreAvailable() { engine::override_available_bytes(0); }
};

double mean_abs_difference(const engine::RgbImage& a, const engine::RgbImage& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) sum += std::abs(static_cast<int>(a.pixels[i]) - b.pixels[i]);
    return sum / static_cast<double>(a.pixels.size());
}

// The run's result, and its last frame (the tiles of its last evaluation).
engine::RgbImage run_result(const engine::Params& params, const engine::RgbImage& content, const engine::RgbImage& style,
                            engine::Frame* last = nullptr) {
    engine::Run run(shared_model(), content, style, params);
    engine::Frame frame;
    do frame = run.step(false);
    while (frame.status == engine::RunStatus::Running);
    if (last) *last = frame;
    return run.current(true).images.at(0);
}

}  // namespace

TEST_CASE("A run in tiles paints the whole run's picture, with no seam at the tiles' boundaries", "[tiles]") {
    const auto content = engine::load_image(test_paths::image("building.jpg"), 256);
    const auto style = engine::load_image(test_paths::image("starry_night.jpg"), 256);
    engine::Params params;
    params.size = 256;
    params.iterations = 15;
    params.optimizer = engine::OptimizerKind::Adam;  // no curvature pairs for the memory to trim
    params.threads = 2;
    const auto whole = run_result(params, content, style);

    RestoreAvailable restore;
    // Less than the whole run needs: Winograd's kernels and the Gram matrices do not shrink with
    // the tiles, so 70% (not a quarter) leaves room for tiles at this small size.
    engine::override_available_bytes(engine::estimate_run_bytes(*shared_model(), params, content.height, content.width) * 7 / 10);
    engine::Frame last;
    const auto tiled = run_result(params, content, style, &last);
    REQUIRE(last.scale_tiles.size() == 1);
    REQUIRE(last.scale_tiles[0] > 1);
    REQUIRE(last.tiles.size() == static_cast<std::size_t>(last.scale_tiles[0]));
    // The same function: the pictures differ by float rounding, amplified a little by 15 steps.
    CHECK(mean_abs_difference(tiled, whole) < 0.5);
    // Seams: across the last evaluation's tile boundaries (each pass moves them) the steps are as
    // large as anywhere else, in the tiled picture as in the whole one.
    const auto seams = engine::measure_seams(tiled, last.tiles);
    const auto reference = engine::measure_seams(whole, last.tiles);
    INFO("seam ratio " << seams.ratio() << " (the whole run's at the same lines " << reference.ratio() << ")");
    CHECK(seams.boundaries > 0);
    CHECK(seams.ratio() < 1.25);
    CHECK(std::abs(seams.ratio() - reference.ratio()) < 0.1);
}

TEST_CASE("The seam measure finds a step along a boundary and none in a smooth picture", "[tiles]") {
    engine::RgbImage image{64, 48, {}};
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            // A gentle ramp with texture, and a 12-level step at column 32 and row 24.
            const int texture = ((x * 7 + y * 13) % 5) * 2;
            const int v = 60 + x + y + texture + (x >= 32 ? 12 : 0) + (y >= 24 ? 12 : 0);
            image.pixels.insert(image.pixels.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v),
                                                     static_cast<std::uint8_t>(v)});
        }
    const auto seamed = engine::measure_seams(image, {24}, {32});
    CHECK(seamed.boundaries == 2);
    CHECK(seamed.ratio() > 3);
    const auto elsewhere = engine::measure_seams(image, {12}, {16});
    CHECK(elsewhere.ratio() < 1.5);
    CHECK(engine::measure_seams(image, {}, {}).ratio() == 1.0);
    CHECK_THROWS_AS(engine::measure_seams(image, {48}, {}), engine::ParamError);
}

