#include "catch_checks.h"

#include <cmath>
#include <stdexcept>

#include "cli/compare_image.h"

namespace {

engine::RgbImage filled(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    engine::RgbImage image;
    image.width = width;
    image.height = height;
    for (int i = 0; i < width * height; ++i) image.pixels.insert(image.pixels.end(), {r, g, b});
    return image;
}

}  // namespace

TEST_CASE("image_difference: mean absolute difference and PSNR by hand", "[cli][compare]") {
    engine::RgbImage a = filled(2, 1, 0, 0, 0);
    engine::RgbImage b = a;
    b.pixels = {0, 0, 0, 10, 10, 10};  // 3 of 6 values differ by 10
    const cli::ImageDifference d = cli::image_difference(a, b);
    CHECK(d.mean_abs == Approx(5.0));
    // MSE = 3 * 100 / 6 = 50; PSNR = 10 log10(255^2 / 50)
    CHECK(d.psnr == Approx(10.0 * std::log10(65025.0 / 50.0)));
    CHECK(d.psnr == Approx(31.1411).margin(1e-3));

    const cli::ImageDifference same = cli::image_difference(a, a);
    CHECK(same.mean_abs == 0);
    CHECK(std::isinf(same.psnr));
    CHECK_THROWS_AS(cli::image_difference(a, filled(1, 2, 0, 0, 0)), std::invalid_argument);
}

TEST_CASE("side_by_side puts both images under a label strip", "[cli][compare]") {
    const engine::RgbImage left = filled(30, 20, 255, 0, 0);
    const engine::RgbImage right = filled(30, 20, 0, 0, 255);
    const engine::RgbImage both = cli::side_by_side(left, "full", right, "diag");
    const int strip = 20, gap = 8;
    REQUIRE(both.width == gap + 30 + gap + 30 + gap);
    REQUIRE(both.height == strip + 20 + gap);
    auto pixel = [&](int x, int y) {
        const std::size_t i = (static_cast<std::size_t>(y) * both.width + x) * 3;
        return std::vector<int>{both.pixels[i], both.pixels[i + 1], both.pixels[i + 2]};
    };
    CHECK(pixel(gap, strip) == std::vector<int>{255, 0, 0});
    CHECK(pixel(gap + 29, strip + 19) == std::vector<int>{255, 0, 0});
    CHECK(pixel(2 * gap + 30, strip) == std::vector<int>{0, 0, 255});
    CHECK(pixel(0, both.height - 1) == std::vector<int>{255, 255, 255});  // background
    int dark_in_strip = 0;
    for (int y = 0; y < strip; ++y)
        for (int x = 0; x < both.width; ++x)
            if (pixel(x, y)[0] < 128) ++dark_in_strip;
    CHECK(dark_in_strip > 10);  // the labels' text
}
