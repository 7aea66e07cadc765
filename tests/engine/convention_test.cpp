// Issue 3: the sliders must mean the same for weights of either input convention. The shared
// file expects caffe input (BGR 0..255 minus the mean); the network users download expects torch
// input (RGB 0..1, ImageNet mean/std). We build a torch-convention file from the shared one by
// folding both preprocessings into conv1_1, so the two networks compute the same features (up to
// the zero-padded border), and check that Run reports the same normalized losses for both.
#include "catch_checks.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/image_io.h"
#include "engine/run.h"
#include "engine/safetensors.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

using engine::LossBreakdown;
using engine::Params;
using engine::StyleLossMode;

namespace {

std::string tensor_bytes(const torch::Tensor& t) {
    const auto c = t.to(torch::kFloat32).contiguous();
    return std::string(static_cast<const char*>(c.data_ptr()), static_cast<std::size_t>(c.numel()) * sizeof(float));
}

// Writes a torch-convention copy of the shared caffe file. With torch input t[c] = (rgb[c] -
// mean[c]) / std[c] and caffe input k[bgr(c)] = 255 rgb[c] - caffe_mean[bgr(c)]:
//   W_t[o,c] = W_c[o,bgr(c)] * 255 std[c]
//   b_t[o]   = b_c[o] + sum_{c,kernel} W_c[o,bgr(c)] * (255 mean[c] - caffe_mean[bgr(c)]).
// `feature_scale` multiplies conv1_1 and every bias, so each layer's activations are that many
// times the caffe network's (ReLU and pooling are positively homogeneous): a stand-in for weights
// trained on the other convention, whose activations have another magnitude.
void write_torch_convention_copy(const std::string& path, double feature_scale) {
    auto tensors = engine::load_safetensors(test_paths::weights_file());
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f});
    const auto caffe_mean_bgr = torch::tensor({103.939f, 116.779f, 123.68f});

    const auto w_caffe = tensors.at("features.0.weight").to(torch::kFloat64);  // [64,3(BGR),3,3]
    const auto w_rgb = w_caffe.flip({1});                                       // input channels as RGB
    const auto shift = (255.0 * mean - caffe_mean_bgr.flip({0})).to(torch::kFloat64);  // per RGB channel
    const auto w_torch = w_rgb * (255.0 * std.to(torch::kFloat64)).view({1, 3, 1, 1});
    const auto b_torch = tensors.at("features.0.bias").to(torch::kFloat64) +
                         (w_rgb * shift.view({1, 3, 1, 1})).sum({1, 2, 3});
    tensors["features.0.weight"] = w_torch * feature_scale;
    tensors["features.0.bias"] = b_torch * feature_scale;
    for (auto& [name, tensor] : tensors)
        if (name != "features.0.bias" && name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0)
            tensor = tensor * feature_scale;

    std::vector<test_files::Tensor> entries;
    for (const auto& [name, tensor] : tensors)
        entries.push_back({name, "F32", tensor.sizes().vec(), tensor_bytes(tensor)});
    test_files::write_safetensors(path, entries);  // no "__metadata__": the torch convention
}

struct Inputs {
    engine::RgbImage content, style;
};

const Inputs& inputs_64() {
    static Inputs inputs{engine::load_image(test_paths::image("building.jpg"), 64),
                         engine::load_image(test_paths::image("starry_night.jpg"), 64)};
    return inputs;
}

engine::Vgg19 caffe_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}

Params params_64(bool normalize) {
    Params params;
    params.size = 64;
    params.iterations = 5;
    params.threads = 1;  // 64 px gains nothing from more, and ctest may run tests side by side
    params.normalize_losses = normalize;
    return params;
}

// The losses at iteration 0 and after the last iteration.
std::pair<LossBreakdown, LossBreakdown> losses_before_and_after(engine::Vgg19 model, const Params& params) {
    engine::Run run(std::move(model), inputs_64().content, inputs_64().style, params);
    const auto first = run.current(false).losses.at(0);
    while (!run.ended()) run.step(false);
    return {first, run.current(false).losses.at(0)};
}

// Every term of `a` within `relative` of `b` (terms that are zero in both pass).
void check_terms_agree(const LossBreakdown& a, const LossBreakdown& b, double relative) {
    auto near = [&](double y) { return Approx(y).epsilon(relative).margin(1e-9); };
    CHECK(a.total == near(b.total));
    CHECK(a.content == near(b.content));
    CHECK(a.style == near(b.style));
    CHECK(a.tv == near(b.tv));
    REQUIRE(a.style_per_layer.size() == b.style_per_layer.size());
    for (std::size_t i = 0; i < a.style_per_layer.size(); ++i) {
        INFO(a.style_per_layer[i].first);
        CHECK(a.style_per_layer[i].first == b.style_per_layer[i].first);
        CHECK(a.style_per_layer[i].second == near(b.style_per_layer[i].second));
    }
}

}  // namespace

TEST_CASE("The folded torch-convention copy computes the caffe network's features", "[convention]") {
    test_files::TempDir dir;
    const auto path = dir.file("torch.safetensors");
    write_torch_convention_copy(path, 1.0);
    auto torch_model = engine::load_vgg19(path);
    REQUIRE(torch_model->convention() == engine::InputConvention::TorchRgbNormalized);
    REQUIRE(caffe_model()->convention() == engine::InputConvention::CaffeBgr255);

    torch::NoGradGuard no_grad;
    const auto image = torch::rand({1, 3, 64, 64}, torch::TensorOptions().dtype(torch::kFloat32));
    for (const auto padding : {engine::Padding::Reflect, engine::Padding::Zero}) {
        for (const std::string layer : {"conv1_1", "conv3_1"}) {
            INFO(layer << ", padding " << engine::to_string(padding));
            const auto caffe = caffe_model()
                                   ->forward(caffe_model()->preprocess(image), {layer}, engine::Pooling::Average, padding)
                                   .at(layer);
            const auto folded = torch_model
                                    ->forward(torch_model->preprocess(image), {layer}, engine::Pooling::Average, padding)
                                    .at(layer);
            // With zero padding the border differs (caffe pads with 0 after the mean is removed, torch
            // pads with the ImageNet mean): compare the interior only. A mirrored border commutes
            // with the per-channel preprocessing, so with reflection the whole map agrees.
            using torch::indexing::Slice;
            int shrink = 0;
            if (padding == engine::Padding::Zero) shrink = layer == "conv1_1" ? 1 : 4;  // conv3_1 is at 1/4 size
            const auto inner = Slice(shrink, caffe.size(2) - shrink);
            const auto a = caffe.index({Slice(), Slice(), inner, inner});
            const auto b = folded.index({Slice(), Slice(), inner, inner});
            const double scale = a.abs().max().item<double>();
            CHECK(scale > 1.0);
            CHECK((a - b).abs().max().item<double>() < 1e-4 * scale);
            if (padding == engine::Padding::Zero && layer == "conv1_1")  // the zero border really differs
                CHECK((caffe - folded).abs().max().item<double>() > 1e-3 * scale);
        }
    }
}

TEST_CASE("Normalized losses agree for both input conventions at the same sliders", "[convention]") {
    test_files::TempDir dir;
    // 1/50: the torch input range is about 58x narrower than caffe's 0..255, and networks trained
    // on it have activations of another magnitude.
    const auto [caffe_first, caffe_last] = losses_before_and_after(caffe_model(), params_64(true));
    CHECK(caffe_first.content == Approx(0).margin(1e-9));  // the content image is the start
    CHECK(caffe_first.style > 0);
    CHECK(caffe_last.total < 0.8 * caffe_first.total);  // the run did something
    for (double feature_scale : {1.0, 1.0 / 50}) {
        INFO("feature scale " << feature_scale);
        const auto path = dir.file("torch-" + std::to_string(feature_scale) + ".safetensors");
        write_torch_convention_copy(path, feature_scale);
        const auto torch_model = engine::load_vgg19(path);

        const auto [torch_first, torch_last] = losses_before_and_after(torch_model, params_64(true));
        // Measured: 0.03% apart at the start; after 5 L-BFGS steps (no line search, so small
        // gradient differences at the border grow) up to 3% apart.
        check_terms_agree(torch_first, caffe_first, 0.002);
        check_terms_agree(torch_last, caffe_last, 0.05);
    }
}

TEST_CASE("Raw losses follow the weights' activation scale, so the sliders need normalization", "[convention]") {
    test_files::TempDir dir;
    const auto same_path = dir.file("torch-same.safetensors");
    const auto small_path = dir.file("torch-small.safetensors");
    write_torch_convention_copy(same_path, 1.0);
    write_torch_convention_copy(small_path, 1.0 / 50);

    Params raw = params_64(false);
    raw.iterations = 1;
    const auto caffe = losses_before_and_after(caffe_model(), raw).first;
    const auto same = losses_before_and_after(engine::load_vgg19(same_path), raw).first;
    const auto small = losses_before_and_after(engine::load_vgg19(small_path), raw).first;

    // A pure change of convention (the folded copy) leaves even the raw losses unchanged ...
    CHECK(same.style == Approx(caffe.style).epsilon(0.01));
    // ... but activations 50x smaller make the raw style loss (4th power of the features for Gram
    // matrices) 50^4 = 6.25e6 times smaller: the slider would need relearning without normalization.
    CHECK(caffe.style / small.style == Approx(std::pow(50.0, 4)).epsilon(0.02));
    for (std::size_t i = 0; i < caffe.style_per_layer.size(); ++i) {
        INFO(caffe.style_per_layer[i].first);
        CHECK(caffe.style_per_layer[i].second / small.style_per_layer[i].second > 1e6);
    }
}

TEST_CASE("With normalization the three style modes start at comparable style terms", "[convention]") {
    // Each style term is divided by its value for a black image: with the content image as the
    // start it is the relative style error, a fraction of style_weight whatever the mode.
    // Measured at 64 px (building / starry night): full 0.60, diag 0.61, meanstd 0.22.
    std::vector<double> relative, raw;
    for (auto mode : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd}) {
        INFO(engine::to_string(mode));
        auto params = params_64(true);
        params.style_loss = mode;
        engine::Run run(caffe_model(), inputs_64().content, inputs_64().style, params);
        relative.push_back(run.current(false).losses.at(0).style / params.style_weight);
        CHECK(relative.back() > 0.1);
        CHECK(relative.back() < 0.9);
        params.normalize_losses = false;
        engine::Run raw_run(caffe_model(), inputs_64().content, inputs_64().style, params);
        raw.push_back(raw_run.current(false).losses.at(0).style);
    }
    // Normalized, the modes are within a factor of 4 of each other; raw, they are orders of
    // magnitude apart (Gram statistics are quadratic in the features, mean/std linear).
    const auto [low, high] = std::minmax_element(relative.begin(), relative.end());
    CHECK(*high / *low < 4.0);
    const auto [raw_low, raw_high] = std::minmax_element(raw.begin(), raw.end());
    CHECK(*raw_high / *raw_low > 100.0);
}
