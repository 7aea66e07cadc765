#include "catch_checks.h"

#include <limits>

#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/vgg19.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

using namespace engine;
using namespace test_files;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// One shared model for the tests that only read it: loading takes a moment.
Vgg19& shared_model() {
    static Vgg19 model = load_vgg19(test_paths::weights_file());
    return model;
}

// Where a pixel one step outside [0, size) comes from with reflection padding (-1 -> 1, size -> size-2).
int reflected(int i, int size) { return i < 0 ? -i : i >= size ? 2 * size - 2 - i : i; }

// conv1_1 at (y, x) by hand: the 3x3x3 patch (outside the image: zero, or the pixel mirrored
// across the edge) dot the filter, + bias, ReLU.
double conv1_1_by_hand(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
                       int filter, int y, int x, Padding padding) {
    const auto in = input.accessor<float, 4>();
    const auto w = weight.accessor<float, 4>();
    const int height = int(input.size(2)), width = int(input.size(3));
    double sum = bias[filter].item<double>();
    for (int c = 0; c < 3; ++c)
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                int yy = y + dy, xx = x + dx;
                if (padding == Padding::Reflect) {
                    yy = reflected(yy, height);
                    xx = reflected(xx, width);
                } else if (yy < 0 || xx < 0 || yy >= height || xx >= width) {
                    continue;
                }
                sum += double(in[0][c][yy][xx]) * double(w[filter][c][dy + 1][dx + 1]);
            }
    return std::max(sum, 0.0);
}

void require_input_error(const std::string& path, std::initializer_list<const char*> fragments) {
    try {
        Vgg19 model(path);
        FAIL("accepted a broken weights file");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), StartsWith(path));
        for (const char* fragment : fragments) CHECK_THAT(e.what(), Contains(fragment));
    }
}

}  // namespace

TEST_CASE("layer tables follow torchvision's features", "[vgg19]") {
    const auto& names = vgg19_layer_names();
    REQUIRE(names.size() == 16);
    CHECK(names.front() == "conv1_1");
    CHECK(names[7] == "conv3_4");
    CHECK(names.back() == "conv5_4");
    const int expected[] = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};
    for (int i = 0; i < 16; ++i) CHECK(vgg19_feature_index(names[i]) == expected[i]);
    CHECK(is_vgg19_layer("conv4_2"));
    CHECK_FALSE(is_vgg19_layer("relu4_2"));
    CHECK_THROWS_AS(vgg19_feature_index("pool1"), ParamError);
}

TEST_CASE("the shared weights file holds conv1_1 ... conv3_4 in the caffe convention", "[vgg19]") {
    Vgg19& model = shared_model();
    CHECK(model->available_layers() ==
          std::vector<std::string>{"conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4"});
    CHECK(model->convention() == InputConvention::CaffeBgr255);
    CHECK(model->weights_path() == test_paths::weights_file());
    CHECK(model->default_style_layers() == std::vector<StyleLayer>{{"conv1_1", 1.0}, {"conv2_1", 1.0}, {"conv3_1", 1.0}});
    CHECK(model->default_content_layer() == "conv3_2");
    CHECK(model->channels("conv1_2") == 64);
    CHECK(model->channels("conv2_1") == 128);
    CHECK(model->channels("conv3_4") == 256);
    CHECK(model->channels("conv5_1") == 512);
    CHECK(model->has_layer("conv3_4"));
    CHECK_FALSE(model->has_layer("conv4_1"));
}

TEST_CASE("the model is frozen and in eval mode", "[vgg19]") {
    Vgg19& model = shared_model();
    CHECK_FALSE(model->is_training());
    CHECK(model->parameters().size() == 16);
    for (const auto& parameter : model->parameters()) CHECK_FALSE(parameter.requires_grad());
}

TEST_CASE("caffe preprocessing: x*255, RGB to BGR, minus the mean", "[vgg19]") {
    const torch::Tensor rgb = torch::tensor({0.2f, 0.4f, 0.6f}).view({1, 3, 1, 1});
    const torch::Tensor out = shared_model()->preprocess(rgb);
    REQUIRE(out.sizes() == torch::IntArrayRef{1, 3, 1, 1});
    CHECK(out[0][0][0][0].item<float>() == Approx(0.6 * 255 - 103.939).epsilon(1e-6));
    CHECK(out[0][1][0][0].item<float>() == Approx(0.4 * 255 - 116.779).epsilon(1e-6));
    CHECK(out[0][2][0][0].item<float>() == Approx(0.2 * 255 - 123.68).epsilon(1e-6));
}

TEST_CASE("forward returns the wanted activations with the right shapes", "[vgg19]") {
    torch::manual_seed(1);
    const torch::Tensor input = shared_model()->preprocess(torch::rand({1, 3, 12, 16}));
    const auto out =
        shared_model()->forward(input, {"conv1_1", "conv2_1", "conv3_1"}, Pooling::Average, Padding::Reflect);
    REQUIRE(out.size() == 3);
    CHECK(out.at("conv1_1").sizes() == torch::IntArrayRef{1, 64, 12, 16});
    CHECK(out.at("conv2_1").sizes() == torch::IntArrayRef{1, 128, 6, 8});
    CHECK(out.at("conv3_1").sizes() == torch::IntArrayRef{1, 256, 3, 4});
    CHECK(out.at("conv3_1").min().item<float>() >= 0.0f);  // ReLU'd
    CHECK(shared_model()->forward(input, {}, Pooling::Average, Padding::Reflect).empty());
}

TEST_CASE("conv1_1 equals a hand computation from the weights, with either padding", "[vgg19]") {
    torch::manual_seed(2);
    const torch::Tensor input = shared_model()->preprocess(torch::rand({1, 3, 5, 7}));
    const auto params = shared_model()->named_parameters();
    const torch::Tensor weight = params["conv1_1.weight"];
    const torch::Tensor bias = params["conv1_1.bias"];
    for (const Padding padding : {Padding::Reflect, Padding::Zero}) {
        const torch::Tensor out = shared_model()->forward(input, {"conv1_1"}, Pooling::Average, padding).at("conv1_1");
        int positive = 0;
        for (int filter : {0, 5, 17, 63}) {
            // The centre, two corners and an edge: the corners and the edge see the padding.
            for (auto [y, x] : {std::pair{2, 3}, std::pair{0, 0}, std::pair{4, 6}, std::pair{0, 3}}) {
                const double expected = conv1_1_by_hand(input, weight, bias, filter, y, x, padding);
                INFO("padding " << to_string(padding) << ", filter " << filter << " at " << y << "," << x);
                CHECK(out[0][filter][y][x].item<double>() == Approx(expected).margin(1e-3).epsilon(1e-5));
                positive += expected > 0;
            }
        }
        CHECK(positive > 0);  // the check is not only about ReLU zeros
    }
    // The two paddings really differ at the corner (the hand computation would catch a swap).
    const auto reflect = shared_model()->forward(input, {"conv1_1"}, Pooling::Average, Padding::Reflect).at("conv1_1");
    const auto zero = shared_model()->forward(input, {"conv1_1"}, Pooling::Average, Padding::Zero).at("conv1_1");
    CHECK((reflect.select(2, 0).select(2, 0) - zero.select(2, 0).select(2, 0)).abs().max().item<float>() > 1.0f);
}

TEST_CASE("average and max pooling give different deeper activations", "[vgg19]") {
    torch::manual_seed(3);
    const torch::Tensor input = shared_model()->preprocess(torch::rand({1, 3, 8, 8}));
    const auto avg = shared_model()->forward(input, {"conv1_1", "conv2_1"}, Pooling::Average, Padding::Reflect);
    const auto max = shared_model()->forward(input, {"conv1_1", "conv2_1"}, Pooling::Max, Padding::Reflect);
    CHECK(torch::equal(avg.at("conv1_1"), max.at("conv1_1")));
    CHECK_FALSE(torch::allclose(avg.at("conv2_1"), max.at("conv2_1")));
}

TEST_CASE("gradients reach the input through the frozen network", "[vgg19]") {
    torch::manual_seed(4);
    const torch::Tensor image = torch::rand({1, 3, 8, 8}).requires_grad_(true);
    const auto out = shared_model()->forward(shared_model()->preprocess(image), {"conv1_2", "conv3_1"},
                                             Pooling::Average, Padding::Reflect);
    (out.at("conv1_2").sum() + out.at("conv3_1").sum()).backward();
    REQUIRE(image.grad().defined());
    CHECK(image.grad().abs().sum().item<float>() > 0.0f);
    for (const auto& parameter : shared_model()->parameters()) CHECK_FALSE(parameter.grad().defined());
}

TEST_CASE("a map too thin to reflect is replicated, features and gradients stay finite", "[vgg19]") {
    // 4 x 16 px: conv3_x sees maps 1 px tall, which have no row to reflect.
    torch::manual_seed(14);
    const torch::Tensor image = torch::rand({1, 3, 4, 16}).requires_grad_(true);
    const auto out =
        shared_model()->forward(shared_model()->preprocess(image), {"conv3_2"}, Pooling::Average, Padding::Reflect);
    REQUIRE(out.at("conv3_2").sizes() == torch::IntArrayRef{1, 256, 1, 4});
    out.at("conv3_2").sum().backward();
    CHECK(torch::isfinite(out.at("conv3_2")).all().item<bool>());
    CHECK(torch::isfinite(image.grad()).all().item<bool>());
    CHECK(image.grad().abs().sum().item<float>() > 0.0f);
}

TEST_CASE("layers missing from the file are refused by name", "[vgg19]") {
    Vgg19& model = shared_model();
    const std::string file = test_paths::weights_file();
    CHECK_THROWS_WITH(model->require_layer("conv4_1"),
                      "layer conv4_1 is not in " + file + " (it has conv1_1 ... conv3_4)");
    CHECK_THROWS_AS(model->require_layer("conv4_1"), ParamError);
    CHECK_THROWS_WITH(model->require_layer("fc7"), Contains("'fc7' is not a VGG-19 conv layer"));
    CHECK_THROWS_AS(model->forward(torch::zeros({1, 3, 8, 8}), {"conv1_1", "conv5_1"}, Pooling::Max, Padding::Reflect),
                    ParamError);
}

TEST_CASE("a file without input metadata uses the torchvision convention", "[vgg19]") {
    TempDir dir;
    const std::string path = dir.file("two.safetensors");
    write_safetensors(path, vgg_prefix(2));
    Vgg19 model = load_vgg19(path);
    CHECK(model->convention() == InputConvention::TorchRgbNormalized);
    CHECK(model->available_layers() == std::vector<std::string>{"conv1_1", "conv1_2"});
    CHECK(model->default_style_layers() == std::vector<StyleLayer>{{"conv1_1", 1.0}});
    CHECK(model->default_content_layer() == "conv1_2");
    CHECK_THROWS_WITH(model->require_layer("conv2_1"), Contains("(it has conv1_1 ... conv1_2)"));

    const torch::Tensor out = model->preprocess(torch::tensor({0.2f, 0.4f, 0.6f}).view({1, 3, 1, 1}));
    CHECK(out[0][0][0][0].item<float>() == Approx((0.2 - 0.485) / 0.229).epsilon(1e-5));
    CHECK(out[0][1][0][0].item<float>() == Approx((0.4 - 0.456) / 0.224).epsilon(1e-5));
    CHECK(out[0][2][0][0].item<float>() == Approx((0.6 - 0.406) / 0.225).epsilon(1e-5));
    // conv1_2 is the deepest layer: nothing to pool, shapes stay.
    CHECK(model->forward(out.expand({1, 3, 4, 4}).contiguous(), {"conv1_2"}, Pooling::Max, Padding::Zero)
              .at("conv1_2")
              .sizes() ==
          torch::IntArrayRef{1, 64, 4, 4});
}

TEST_CASE("a four-layer file defaults to its conv*_1 layers and deepest conv*_2", "[vgg19]") {
    TempDir dir;
    const std::string path = dir.file("four.safetensors");
    write_safetensors(path, vgg_prefix(4), {{"input", "caffe_bgr_255"}});
    Vgg19 model(path);
    CHECK(model->default_style_layers() == std::vector<StyleLayer>{{"conv1_1", 1.0}, {"conv2_1", 1.0}});
    CHECK(model->default_content_layer() == "conv2_2");
}

TEST_CASE("broken VGG-19 weight files are refused with the file and the reason", "[vgg19]") {
    TempDir dir;
    const std::string path = dir.file("vgg.safetensors");
    auto tensors = vgg_prefix(3);
    SECTION("missing file") { require_input_error(dir.file("none.safetensors"), {"does not exist"}); }
    SECTION("no conv layers") {
        write_safetensors(path, {{"classifier.0.weight", "F32", {1}, raw_bytes(std::vector<float>{1})}});
        require_input_error(path, {"no VGG-19 conv layers", "features.0.weight"});
    }
    SECTION("a missing layer inside the prefix") {
        tensors.erase(tensors.begin() + 2, tensors.begin() + 4);  // drop conv1_2
        write_safetensors(path, tensors);
        require_input_error(path, {"conv1_2 (features.2.weight) is missing", "conv2_1"});
    }
    SECTION("a weight without its bias") {
        tensors.erase(tensors.begin() + 1);
        write_safetensors(path, tensors);
        require_input_error(path, {"features.0.bias"});
    }
    SECTION("wrong shape") {
        tensors[2] = random_f32("features.2.weight", {64, 32, 3, 3}, 1);
        write_safetensors(path, tensors);
        require_input_error(path, {"tensor features.2.weight has shape [64, 32, 3, 3], expected [64, 64, 3, 3]"});
    }
    SECTION("wrong dtype for a conv weight") {
        tensors[0] = {"features.0.weight", "I8", {64, 3, 3, 3}, std::string(64 * 27, '\x01')};
        write_safetensors(path, tensors);
        require_input_error(path, {"features.0.weight", "dtype I8"});
    }
    SECTION("NaN or infinite weights") {
        std::vector<float> bias(64, 0.0f);
        bias[5] = std::numeric_limits<float>::quiet_NaN();
        tensors[1] = {"features.0.bias", "F32", {64}, raw_bytes(bias)};
        write_safetensors(path, tensors);
        require_input_error(path, {"features.0.bias", "NaN or infinite"});
    }
    SECTION("unknown input convention") {
        write_safetensors(path, tensors, {{"input", "bgr_0_1"}});
        require_input_error(path, {"unknown input convention 'bgr_0_1'"});
    }
}
