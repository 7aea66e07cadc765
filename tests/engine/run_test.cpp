#include "catch_checks.h"

#include <atomic>
#include <thread>
#include <vector>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/image_tensor.h"
#include "engine/objective.h"
#include "engine/run.h"
#include "engine/runtime.h"
#include "engine/safetensors.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

using engine::OptimizerKind;
using engine::Params;
using engine::RunStatus;
using engine::StyleLossMode;

namespace {

engine::Vgg19 shared_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}

struct Inputs {
    engine::RgbImage content, style;
};

const Inputs& inputs_64() {
    static Inputs inputs{engine::load_image(test_paths::image("building.jpg"), 64),
                         engine::load_image(test_paths::image("starry_night.jpg"), 64)};
    return inputs;
}

Params small_params() {
    Params params;
    params.size = 64;
    params.iterations = 20;
    params.threads = 2;
    // Without the bleed: these tests evaluate a frame's image with an Objective of the picture
    // alone, while a bleed run's losses are its canvas's (picture and bleed; see the README).
    params.padding = engine::Padding::Reflect;
    return params;
}

engine::Frame run_to_end(engine::Run& run) {
    engine::Frame frame = run.current(false);
    while (!run.ended()) frame = run.step(false);
    return run.current(true);
}

}  // namespace

TEST_CASE("20 iterations at 64 px cut the total loss at least in half for every mode and optimizer", "[run]") {
    for (auto optimizer : {OptimizerKind::Lbfgs, OptimizerKind::Adam}) {
        for (auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd, StyleLossMode::W2}) {
            INFO(engine::to_string(optimizer) << " / " << engine::to_string(mode));
            auto params = small_params();
            params.optimizer = optimizer;
            params.style_loss = mode;
            engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
            const double initial = run.current(false).losses.at(0).total;
            const auto last = run_to_end(run);
            CHECK(last.status == RunStatus::Finished);
            CHECK(last.iteration == 20);
            CHECK(last.losses.at(0).total < 0.5 * initial);
            REQUIRE(last.images.size() == 1);
            CHECK(last.images[0].width == inputs_64().content.width);
            CHECK(last.images[0].height == inputs_64().content.height);
        }
    }
}

TEST_CASE("The losses reported are those of the image a user saves", "[run]") {
    // The optimized image stays within 0..1: what the optimizer minimized is what the 8-bit PNG
    // shows, up to rounding (unclamped, L-BFGS drifts out of range and the saved image's loss is
    // several times the reported one).
    auto params = small_params();
    params.iterations = 40;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto last = run_to_end(run);
    engine::Objective objective(shared_model());
    objective.set_params(run.params());
    objective.set_images(engine::image_to_tensor(inputs_64().content), engine::image_to_tensor(inputs_64().style));
    const double saved = objective.evaluate(engine::image_to_tensor(last.images.at(0))).losses.at(0).total;
    CHECK(saved == Approx(last.losses.at(0).total).epsilon(0.01));
}

TEST_CASE("An overshooting L-BFGS step is taken back instead of ending the run", "[run]") {
    // Seen on one thread at 384 px with the diagonal loss: the second step, from a curvature
    // pair of a tiny first step, pushed every pixel past 0..1 and the loss 50x up.
    auto params = small_params();
    params.size = 384;
    params.iterations = 6;
    params.threads = 1;
    params.style_loss = StyleLossMode::Diagonal;
    const auto content = engine::load_image(test_paths::image("building.jpg"), 384);
    const auto style = engine::load_image(test_paths::image("starry_night.jpg"), 384);
    engine::Run run(shared_model(), content, style, params);
    const double start = run.current(false).losses.at(0).total;
    const auto last = run_to_end(run);
    CHECK(last.status == RunStatus::Finished);
    CHECK(last.losses.at(0).total < 0.5 * start);
    params.threads = 2;
    engine::configure_threads(2);
}

TEST_CASE("The same seed gives the same result twice", "[run]") {
    auto params = small_params();
    params.init = engine::InitMode::Noise;
    params.iterations = 5;
    params.seed = 42;
    engine::Run first(shared_model(), inputs_64().content, inputs_64().style, params);
    engine::Run second(shared_model(), inputs_64().content, inputs_64().style, params);
    CHECK(run_to_end(first).images.at(0).pixels == run_to_end(second).images.at(0).pixels);

    params.seed = 43;
    engine::Run other(shared_model(), inputs_64().content, inputs_64().style, params);
    CHECK(run_to_end(other).images.at(0).pixels != run_to_end(first).images.at(0).pixels);
}

TEST_CASE("A style-weight change between iterations shows in the next iteration's losses", "[run]") {
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, small_params());
    const auto before = run.step(false);
    auto params = run.params();
    params.style_weight *= 10;
    run.set_params(params);
    CHECK(run.generation() == before.generation + 1);
    const auto after = run.step(false);
    CHECK(after.generation == before.generation + 1);
    // One small step cannot cut the style loss by 10x: the weighted style term grows ~10x.
    CHECK(after.losses[0].style > 5 * before.losses[0].style);
}

TEST_CASE("Live layer and mode changes are applied, fixed parameters and missing layers are refused", "[run]") {
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, small_params());
    run.step(false);
    auto params = run.params();
    params.style_layers = {{"conv2_1", 1.0}};
    params.style_loss = StyleLossMode::MeanStd;
    run.set_params(params);
    const auto frame = run.step(false);
    REQUIRE(frame.losses[0].style_per_layer.size() == 1);
    CHECK(frame.losses[0].style_per_layer[0].first == "conv2_1");
    // The mode is applied too: the same change with the full Gram loss gives another style loss.
    engine::Run same(shared_model(), inputs_64().content, inputs_64().style, small_params());
    same.step(false);
    params.style_loss = StyleLossMode::Full;
    same.set_params(params);
    const auto full = same.step(false);
    CHECK(full.losses[0].style != Approx(frame.losses[0].style).epsilon(1e-3));

    auto bigger = run.params();
    bigger.size = 128;
    CHECK_THROWS_AS(run.set_params(bigger), engine::ParamError);

    auto deep = run.params();
    deep.style_layers = {{"conv4_1", 1.0}};
    CHECK_THROWS_WITH(run.set_params(deep), Catch::Contains("conv4_1"));
}

TEST_CASE("Cancel from another thread while a step runs ends the run with that step", "[run]") {
    auto params = small_params();
    params.size = 192;  // a step long enough (tens of ms) for the cancel to land inside it
    params.iterations = 1000;
    const engine::RgbImage content = engine::load_image(test_paths::image("building.jpg"), params.size);
    const engine::RgbImage style = engine::load_image(test_paths::image("starry_night.jpg"), params.size);
    engine::Run run(shared_model(), content, style, params);
    std::atomic<int> steps_started{0};
    std::vector<engine::Frame> frames;
    std::thread stepper([&] {
        while (!run.ended()) {
            ++steps_started;
            frames.push_back(run.step(false));
        }
    });
    // Cancel as soon as the second step has begun (it takes tens of ms, the cancel nanoseconds).
    while (steps_started < 2) std::this_thread::yield();
    const int running_step = steps_started;
    run.cancel();
    stepper.join();
    // The step that was running when cancel came returns Cancelled: no further step is taken.
    REQUIRE(static_cast<int>(frames.size()) == running_step);
    CHECK(frames.front().status == RunStatus::Running);
    CHECK(frames.back().status == RunStatus::Cancelled);
    // It finished its own iteration (or, cancelled before its first line, did none): no more.
    CHECK(frames.back().iteration >= running_step - 1);
    CHECK(frames.back().iteration <= running_step);
    CHECK(run.ended());
    CHECK(run.step(false).iteration == frames.back().iteration);  // an ended run does not step
}

TEST_CASE("Compare mode steps two variants in one batch, each as it would run alone", "[run][compare]") {
    auto params = small_params();
    params.iterations = 5;
    params.compare = true;
    params.style_loss = StyleLossMode::Full;
    params.compare_loss = StyleLossMode::Diagonal;
    engine::Run compared(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto both = run_to_end(compared);
    REQUIRE(both.images.size() == 2);
    REQUIRE(both.losses.size() == 2);
    CHECK(both.images[0].pixels != both.images[1].pixels);

    params.compare = false;
    engine::Run alone(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto single = run_to_end(alone);
    CHECK(single.losses[0].total == Approx(both.losses[0].total).epsilon(1e-3));
    params.style_loss = StyleLossMode::Diagonal;
    engine::Run alone_diag(shared_model(), inputs_64().content, inputs_64().style, params);
    CHECK(run_to_end(alone_diag).losses[0].total == Approx(both.losses[1].total).epsilon(1e-3));
}

TEST_CASE("Multi-scale runs coarse to fine", "[run][scales]") {
    auto params = small_params();
    params.scales = 2;
    params.iterations = 4;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto first = run.step(true);
    CHECK(first.scale_count == 2);
    CHECK(first.scale_index == 0);
    CHECK(first.images.at(0).width == inputs_64().content.width / 2);
    const auto last = run_to_end(run);
    CHECK(last.scale_index == 1);
    CHECK(last.images.at(0).width == inputs_64().content.width);
}

TEST_CASE("Going to a finer scale keeps the content's fine detail and upsamples only the change", "[run][scales]") {
    // With a vanishing learning rate the coarse scale changes nothing, so the finer scale must
    // start from the sharp content itself, not from a blurred upsampling of the coarse image.
    auto params = small_params();
    params.scales = 2;
    params.iterations = 4;
    params.optimizer = OptimizerKind::Adam;
    params.learning_rate = 1e-12;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    engine::Frame frame = run.step(false);
    while (frame.scale_index == 0) frame = run.step(false);
    const auto image = run.current(true).images.at(0);
    REQUIRE(image.width == inputs_64().content.width);
    const auto shown = engine::image_to_tensor(image), content = engine::image_to_tensor(inputs_64().content);
    CHECK((shown - content).abs().max().item<double>() <= 1.0 / 255 + 1e-6);
}

TEST_CASE("Preserving colours keeps the content's chroma", "[run][colors]") {
    auto params = small_params();
    params.color_control = engine::ColorControl::Luminance;
    params.iterations = 5;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto frame = run_to_end(run);
    const auto result = engine::rgb_to_yiq(engine::image_to_tensor(frame.images.at(0)));
    const auto content = engine::rgb_to_yiq(engine::image_to_tensor(inputs_64().content));
    using torch::indexing::Slice;
    // 8-bit rounding and clamping leave small differences in I and Q.
    CHECK((result.index({Slice(), Slice(1, 3)}) - content.index({Slice(), Slice(1, 3)})).abs().mean().item<double>() < 0.02);
    CHECK((result.index({Slice(), 0}) - content.index({Slice(), 0})).abs().mean().item<double>() > 0.01);
}

TEST_CASE("A diverging run stops as a numeric fault and keeps the last good image", "[run][fault]") {
    auto params = small_params();
    params.optimizer = OptimizerKind::Adam;
    params.iterations = 200;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    engine::Frame good;
    for (int i = 0; i < 5; ++i) good = run.step(true);
    REQUIRE(good.status == RunStatus::Running);
    params = run.params();
    params.learning_rate = 1e6;  // a live change no image survives: every step jumps to 0 or 1
    run.set_params(params);
    const auto frame = run_to_end(run);
    CHECK(frame.status == RunStatus::NumericFault);
    CHECK(frame.iteration < 200);
    CHECK_THAT(frame.message, Catch::Contains("diverged") && Catch::Contains("learning rate 1e+06") &&
                                  Catch::Contains("last good image is kept"));
    // The image and losses are the last good ones: those of the change's iteration or earlier.
    REQUIRE(frame.images.size() == 1);
    CHECK(frame.losses.at(0).total <= good.losses.at(0).total * 1.5);
    const auto kept = engine::image_to_tensor(frame.images[0]);
    CHECK((kept - engine::image_to_tensor(good.images.at(0))).abs().mean().item<double>() < 0.05);
}

TEST_CASE("Weights that overflow 32-bit floats are a numeric fault at the start, not a crash", "[run][fault]") {
    // A copy of the shared file's first two layers with conv1_1 scaled by 1e20: the Gram sums overflow.
    test_files::TempDir dir;
    const std::string path = dir.file("huge.safetensors");
    auto tensors = engine::load_safetensors(test_paths::weights_file(), {"features.0.weight", "features.0.bias",
                                                                         "features.2.weight", "features.2.bias"});
    std::vector<test_files::Tensor> file;
    for (const auto* name : {"features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias"}) {
        auto t = tensors.at(name).contiguous();
        if (std::string(name) == "features.0.weight") t = t * 1e20;
        file.push_back({name, "F32", t.sizes().vec(),
                        std::string(static_cast<const char*>(t.data_ptr()), static_cast<std::size_t>(t.nbytes()))});
    }
    test_files::write_safetensors(path, file, {{"input", "caffe_bgr_255"}});
    auto params = small_params();
    params.style_layers = {{"conv1_1", 1.0}};
    params.content_layer = "conv1_2";
    engine::Run run(engine::load_vgg19(path), inputs_64().content, inputs_64().style, params);
    const auto frame = run.current(true);
    CHECK(frame.status == RunStatus::NumericFault);
    CHECK_THAT(frame.message, Catch::Contains("NaN or infinite at iteration 0") && Catch::Contains("weights file"));
    CHECK(frame.images.size() == 1);  // the start image is still shown
    CHECK(run.step(false).status == RunStatus::NumericFault);
}

TEST_CASE("A device the weights are not on is refused", "[run]") {
    auto params = small_params();
    params.device = engine::DeviceChoice::Cuda;  // the shared model is on the CPU
    // The mismatch itself, on any machine (not "this machine has no CUDA" from choosing the device).
    CHECK_THROWS_AS(engine::Run(shared_model(), inputs_64().content, inputs_64().style, params), engine::ParamError);
    CHECK_THROWS_WITH(engine::Run(shared_model(), inputs_64().content, inputs_64().style, params),
                      "device cuda was asked for, but the weights are loaded on cpu: load them with "
                      "engine::load_vgg19(path, choose_device(...))");
    params.device = engine::DeviceChoice::Cpu;  // the device they are on: accepted
    CHECK_NOTHROW(engine::Run(shared_model(), inputs_64().content, inputs_64().style, params));
}

TEST_CASE("Impossible parameters and missing layers are refused at construction", "[run]") {
    auto params = small_params();
    params.content_layer = "conv5_2";
    CHECK_THROWS_AS(engine::Run(shared_model(), inputs_64().content, inputs_64().style, params), engine::ParamError);
    params = small_params();
    params.style_weight = -1;
    CHECK_THROWS_AS(engine::Run(shared_model(), inputs_64().content, inputs_64().style, params), engine::ParamError);
    CHECK_THROWS_AS(engine::Run(shared_model(), engine::RgbImage{}, inputs_64().style, small_params()), engine::ParamError);
}

TEST_CASE("The result is the best iterate, not a last step that raised the loss", "[run][best]") {
    // Without a line search L-BFGS (and Adam at a large rate) sometimes steps to a higher loss.
    // A first run finds the first iteration k whose step raised the loss; a run of exactly k
    // iterations then ends on that step and must return the better image before it.
    auto params = small_params();
    params.optimizer = OptimizerKind::Adam;
    params.learning_rate = 0.1;
    params.iterations = 60;
    int k = 0;
    double best_before_k = 0;
    {
        engine::Run probe(shared_model(), inputs_64().content, inputs_64().style, params);
        double lowest = probe.current(false).losses.at(0).total;
        while (!probe.ended() && k == 0) {
            const auto frame = probe.step(false);
            if (frame.status != RunStatus::Running) break;
            if (frame.losses.at(0).total > lowest) {
                k = frame.iteration;
                best_before_k = lowest;
            }
            lowest = std::min(lowest, frame.losses.at(0).total);
        }
    }
    REQUIRE(k > 0);  // the premise: some step raised the loss
    params.iterations = k;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto last = run_to_end(run);
    REQUIRE(last.status == RunStatus::Finished);
    CHECK(last.iteration == k);
    CHECK(last.losses.at(0).total == Approx(best_before_k).epsilon(1e-6));
    CHECK_THAT(last.message, Catch::Contains("the last steps raised the loss"));
    // The reported losses are the returned image's own.
    engine::Objective objective(shared_model());
    objective.set_params(run.params());
    objective.set_images(engine::image_to_tensor(inputs_64().content), engine::image_to_tensor(inputs_64().style));
    const double saved = objective.evaluate(engine::image_to_tensor(last.images.at(0))).losses.at(0).total;
    CHECK(saved == Approx(last.losses.at(0).total).epsilon(0.01));
}

TEST_CASE("An L-BFGS learning rate so large that the image never moves is a stall, not a finished run", "[run][fault]") {
    auto params = small_params();
    params.learning_rate = 1e6;  // every step overshoots and is taken back
    params.iterations = 3;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const double start = run.current(false).losses.at(0).total;
    const auto last = run_to_end(run);
    CHECK(last.status == RunStatus::NumericFault);
    CHECK_THAT(last.message, Catch::Contains("stalled") && Catch::Contains("learning rate 1e+06") &&
                                 Catch::Contains("default learning rate"));
    CHECK(last.losses.at(0).total == Approx(start));

    // A long run stops as soon as ten iterations have not moved it, instead of running on.
    params.iterations = 200;
    engine::Run long_run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto stopped = run_to_end(long_run);
    CHECK(stopped.status == RunStatus::NumericFault);
    CHECK(stopped.iteration <= 12);
}

TEST_CASE("A size below the network's minimum keeps the aspect ratio", "[run][scales]") {
    // 16 px on the longest side of a 3:2 image leaves 11 px on the shorter: raised to 16 x 24.
    engine::RgbImage content = engine::resize_to_longest_side(inputs_64().content, 16);
    REQUIRE(content.width == 16);
    REQUIRE(content.height == 11);
    CHECK(engine::run_image_size(11, 16) == std::pair<int, int>{16, 23});
    CHECK(engine::run_image_size(354, 512) == std::pair<int, int>{354, 512});  // large enough: unchanged
    auto params = small_params();
    params.size = 16;
    params.iterations = 2;
    params.scales = 2;  // the coarse scale is raised the same way, not squashed to 16 x 16
    engine::Run run(shared_model(), content, inputs_64().style, params);
    const auto first = run.current(true);
    CHECK(first.images.at(0).height == 16);
    CHECK(first.images.at(0).width == 23);
    const auto last = run_to_end(run);
    CHECK(last.images.at(0).height == 16);
    CHECK(last.images.at(0).width == 23);
}

TEST_CASE("The style image is resized to style_scale x the result's longest side", "[run][style_scale]") {
    // By hand: a 600x868 painting for a 64 px result at scale 0.5 has a longest side of 32, and
    // the other side 600 * 32/868 = 22.1 -> 22; at 4, 256 and 176.9 -> 177.
    CHECK(engine::style_image_size(600, 868, 64, 0.5) == std::pair<int, int>{22, 32});
    CHECK(engine::style_image_size(600, 868, 64, 4.0) == std::pair<int, int>{177, 256});
    CHECK(engine::style_image_size(868, 600, 64, 1.0) == std::pair<int, int>{64, 44});
    // Never a side below the network's minimum (16), nor a longest side past ParamLimits::max_size.
    CHECK(engine::style_image_size(600, 868, 32, 0.25) == std::pair<int, int>{16, 23});
    CHECK(engine::style_image_size(600, 868, 4096, 4.0).second == engine::ParamLimits::max_size);

    // In a run: the frame reports the size used, and whether it is larger than the image given.
    const engine::RgbImage style = engine::load_image(test_paths::image("starry_night.jpg"), 128);
    auto params = small_params();
    params.style_scale = 0.5;
    engine::Run run(shared_model(), inputs_64().content, style, params);
    const auto half = run.step(false);
    CHECK(std::max(half.style_width, half.style_height) == 32);
    // Sized from the painting without its scanned frame (Params::trim_style_frame).
    REQUIRE(half.style_frames.size() == 1);
    const engine::RgbImage cut = engine::crop_frame(style, half.style_frames[0]);
    CHECK(std::pair<int, int>{half.style_height, half.style_width} ==
          engine::style_image_size(cut.height, cut.width, 64, 0.5));
    CHECK_FALSE(half.style_upscaled);
    // Live: the next iteration uses the larger style (past the 128 px given: reported), and its
    // style loss changes.
    params.style_scale = 4.0;
    run.set_params(params);
    const auto large = run.step(false);
    CHECK(std::max(large.style_width, large.style_height) == 256);
    CHECK(large.style_upscaled);
    CHECK(large.losses[0].style != Approx(half.losses[0].style).epsilon(0.05));
}

TEST_CASE("Matching colours gives the result the photo's palette, live", "[run][colors]") {
    // The painting is blue and yellow, the photo warmer: with the painting's colours the result's
    // mean colour moves toward the painting's; matched, it stays near the photo's.
    auto params = small_params();
    params.iterations = 10;
    const auto mean_rgb = [](const engine::RgbImage& image) { return engine::image_to_tensor(image).mean({0, 2, 3}); };
    const auto content_mean = mean_rgb(inputs_64().content);
    double distance[2];
    for (const auto colors : {engine::ColorControl::None, engine::ColorControl::Match}) {
        params.color_control = colors;
        engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
        const auto frame = run_to_end(run);
        distance[colors == engine::ColorControl::Match] =
            (mean_rgb(frame.images.at(0)) - content_mean).abs().sum().item<double>();
    }
    INFO("colour distance to the photo: painting's colours " << distance[0] << ", matched " << distance[1]);
    CHECK(distance[1] < 0.5 * distance[0]);

    // Switched on mid-run: the targets are recomputed and the style loss jumps.
    params.color_control = engine::ColorControl::None;
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params);
    const auto before = run.step(false);
    params.color_control = engine::ColorControl::Match;
    run.set_params(params);
    const auto after = run.step(false);
    CHECK(after.losses[0].style != Approx(before.losses[0].style).epsilon(0.05));
}

TEST_CASE("A run given a start image starts from it, resized, and numbers its iterations from the start",
          "[run][start]") {
    // A flat 10x7 image of (51, 102, 204): resized to any size it stays exactly that colour.
    engine::RgbImage flat{10, 7, {}};
    for (int i = 0; i < 10 * 7; ++i) flat.pixels.insert(flat.pixels.end(), {51, 102, 204});
    auto params = small_params();
    engine::Run run(shared_model(), inputs_64().content, inputs_64().style, params, engine::RunStart{flat, 0});
    const auto first = run.current(true);
    CHECK(first.iteration == 0);
    const auto& shown = first.images.at(0);
    REQUIRE(shown.width == inputs_64().content.width);
    REQUIRE(shown.height == inputs_64().content.height);
    for (std::size_t i = 0; i < shown.pixels.size(); i += 3) {
        INFO("pixel " << i / 3);
        REQUIRE(shown.pixels[i] == 51);
        REQUIRE(shown.pixels[i + 1] == 102);
        REQUIRE(shown.pixels[i + 2] == 204);
    }
}

TEST_CASE("A branch from iteration 10 starts within 5% of the parent's loss there and goes on down", "[run][start]") {
    auto params = small_params();
    engine::Run parent(shared_model(), inputs_64().content, inputs_64().style, params);
    engine::Frame at_10 = parent.current(false);
    while (at_10.iteration < 10) at_10 = parent.step(false);
    const engine::RgbImage snapshot = parent.current(true).images.at(0);  // 8 bits, as a saved snapshot

    engine::Run branch(shared_model(), inputs_64().content, inputs_64().style, params, engine::RunStart{snapshot, 10});
    const auto start = branch.current(false);
    CHECK(start.iteration == 10);
    CHECK(start.total_iterations == 20);
    CHECK(start.losses.at(0).total == Approx(at_10.losses.at(0).total).epsilon(0.05));
    CHECK(branch.step(false).iteration == 11);
    const auto last = run_to_end(branch);
    CHECK(last.status == RunStatus::Finished);
    CHECK(last.iteration == 20);
    CHECK(last.losses.at(0).total < 0.95 * start.losses.at(0).total);
}

TEST_CASE("A start in a later scale's iterations starts at that scale", "[run][start][scales]") {
    auto params = small_params();
    params.scales = 2;
    params.iterations = 8;  // 4 at half size, 4 at full size
    const engine::RgbImage& image = inputs_64().style;
    engine::Run coarse(shared_model(), inputs_64().content, inputs_64().style, params, engine::RunStart{image, 2});
    CHECK(coarse.current(true).scale_index == 0);
    CHECK(coarse.current(true).images.at(0).width == inputs_64().content.width / 2);
    engine::Run fine(shared_model(), inputs_64().content, inputs_64().style, params, engine::RunStart{image, 5});
    const auto first = fine.current(true);
    CHECK(first.scale_index == 1);
    CHECK(first.iteration == 5);
    CHECK(first.images.at(0).width == inputs_64().content.width);
    const auto last = run_to_end(fine);
    CHECK(last.iteration == 8);
    CHECK(last.status == RunStatus::Finished);
}

TEST_CASE("A start at or past the run's last iteration, or a later start without an image, is refused",
          "[run][start]") {
    const auto params = small_params();
    const auto& in = inputs_64();
    CHECK_THROWS_WITH(engine::Run(shared_model(), in.content, in.style, params, engine::RunStart{in.style, 20}),
                      Catch::Contains("20 iterations") && Catch::Contains("iteration 20"));
    CHECK_THROWS_AS(engine::Run(shared_model(), in.content, in.style, params, engine::RunStart{in.style, -1}),
                    engine::ParamError);
    CHECK_THROWS_WITH(engine::Run(shared_model(), in.content, in.style, params, engine::RunStart{{}, 5}),
                      Catch::Contains("needs its image"));
}
