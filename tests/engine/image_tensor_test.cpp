// RgbImage <-> tensor conversions, YIQ and tensor resizing.
#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/image_tensor.h"

namespace {

// 16x16 holding every byte value once per channel, channels shifted against each other.
engine::RgbImage all_values() {
    engine::RgbImage image{16, 16, {}};
    for (int i = 0; i < 256; ++i)
        for (int c = 0; c < 3; ++c) image.pixels.push_back(static_cast<std::uint8_t>(i + 85 * c));
    return image;
}

}  // namespace

TEST_CASE("image_to_tensor gives [1,3,H,W] in 0..1 and converts back exactly", "[image_tensor]") {
    const auto image = all_values();
    const auto tensor = engine::image_to_tensor(image);
    REQUIRE(tensor.sizes() == torch::IntArrayRef({1, 3, 16, 16}));
    CHECK(tensor.scalar_type() == torch::kFloat32);
    // pixel (x=2, y=1) is number 18; its green byte is 18 + 85
    CHECK(tensor[0][1][1][2].item<float>() == Approx(103.0 / 255.0));
    CHECK(tensor.min().item<float>() == 0.0f);
    CHECK(tensor.max().item<float>() == 1.0f);
    const auto back = engine::tensor_to_image(tensor);
    CHECK(back.width == 16);
    CHECK(back.height == 16);
    CHECK(back.pixels == image.pixels);
    CHECK(engine::tensor_to_image(tensor[0]).pixels == image.pixels);  // [3,H,W] works too
}

TEST_CASE("tensor_to_image clamps, rounds and maps NaN to black", "[image_tensor]") {
    const auto t = torch::tensor({-0.5f, 1.5f, 0.2f, 128.0f / 255.0f, 0.001f, 0.003f, std::nanf(""), 0.5f, 1.0f})
                       .reshape({3, 1, 3});
    const auto image = engine::tensor_to_image(t);
    REQUIRE(image.width == 3);
    REQUIRE(image.height == 1);
    // channel-major in the tensor, pixel-major in the image
    const std::vector<std::uint8_t> expected{0, 128, 0, 255, 0, 128, 51, 1, 255};  // 127.5 rounds to even
    CHECK(image.pixels == expected);
    CHECK_THROWS(engine::tensor_to_image(torch::zeros({2, 4, 4})));
    CHECK_THROWS(engine::image_to_tensor(engine::RgbImage{2, 2, std::vector<std::uint8_t>(5)}));
}

TEST_CASE("YIQ uses the NTSC matrix and converts back", "[image_tensor]") {
    const auto colours = torch::tensor({1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f, 0.0f}).reshape({1, 3, 1, 3});
    const auto yiq = engine::rgb_to_yiq(colours);  // columns: white, red, green
    // white: Y = 1, I = Q = 0
    CHECK(yiq[0][0][0][0].item<float>() == Approx(1.0).margin(1e-6));
    CHECK(yiq[0][1][0][0].item<float>() == Approx(0.0).margin(1e-6));
    CHECK(yiq[0][2][0][0].item<float>() == Approx(0.0).margin(1e-6));
    // red: the first column of the matrix
    CHECK(yiq[0][0][0][1].item<float>() == Approx(0.299));
    CHECK(yiq[0][1][0][1].item<float>() == Approx(0.595716));
    CHECK(yiq[0][2][0][1].item<float>() == Approx(0.211456));
    // green: the second column
    CHECK(yiq[0][0][0][2].item<float>() == Approx(0.587));
    CHECK(yiq[0][1][0][2].item<float>() == Approx(-0.274453));
    CHECK(yiq[0][2][0][2].item<float>() == Approx(-0.522591));

    torch::manual_seed(3);
    const auto rgb = torch::rand({2, 3, 5, 7});
    CHECK(torch::allclose(engine::yiq_to_rgb(engine::rgb_to_yiq(rgb)), rgb, 0.0, 2e-6));
    CHECK(torch::allclose(engine::rgb_to_yiq(engine::yiq_to_rgb(rgb)), rgb, 0.0, 2e-6));
}

TEST_CASE("resize_tensor: area average when shrinking, bilinear when enlarging", "[image_tensor]") {
    const auto two_by_two = torch::tensor({0.0f, 1.0f, 2.0f, 3.0f}).reshape({1, 1, 2, 2}).expand({2, 3, 2, 2});
    const auto one = engine::resize_tensor(two_by_two, 1, 1);
    REQUIRE(one.sizes() == torch::IntArrayRef({2, 3, 1, 1}));
    CHECK(one[1][2][0][0].item<float>() == Approx(1.5));  // the mean

    const auto four = engine::resize_tensor(two_by_two, 4, 4);
    REQUIRE(four.sizes() == torch::IntArrayRef({2, 3, 4, 4}));
    // align_corners=false: output pixel 0 samples input position -0.25, clamped to the corner
    CHECK(four[0][0][0][0].item<float>() == Approx(0.0));
    CHECK(four[0][0][3][3].item<float>() == Approx(3.0));
    // output x=1 samples input x=0.25: 0 * 0.75 + 1 * 0.25
    CHECK(four[0][0][0][1].item<float>() == Approx(0.25));

    const auto images = torch::rand({1, 3, 10, 20});
    CHECK(engine::resize_tensor(images, 5, 10).sizes() == torch::IntArrayRef({1, 3, 5, 10}));
    CHECK(engine::resize_tensor(images, 20, 10).sizes() == torch::IntArrayRef({1, 3, 20, 10}));
    CHECK(engine::resize_tensor(images, 10, 20).equal(images));
}
