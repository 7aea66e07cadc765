// Loading images: formats, bit depths, alpha, EXIF orientation, resizing, and refusing bad files.
#include "catch_checks.h"

#include <array>
#include <random>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/errors.h"
#include "engine/image_header.h"
#include "engine/image_io.h"
#include "image_test_files.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

using namespace image_files;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::array<int, 3> pixel(const engine::RgbImage& image, int x, int y) {
    const std::size_t at = (static_cast<std::size_t>(y) * image.width + x) * 3;
    return {image.pixels[at], image.pixels[at + 1], image.pixels[at + 2]};
}

Bytes encode(const char* ext, const cv::Mat& image, const std::vector<int>& params = {}) {
    Bytes bytes;
    REQUIRE(cv::imencode(ext, image, bytes, params));
    return bytes;
}

// 40x20, left half red, right half blue (BGR for OpenCV): shows which way a rotation went.
cv::Mat red_left_blue_right() {
    cv::Mat image(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
    image(cv::Rect(0, 0, 20, 20)).setTo(cv::Scalar(0, 0, 255));
    return image;
}

bool near(const std::array<int, 3>& actual, const std::array<int, 3>& expected, int tolerance) {
    for (int c = 0; c < 3; ++c)
        if (std::abs(actual[c] - expected[c]) > tolerance) return false;
    return true;
}

const std::array<int, 3> kRed{255, 0, 0}, kBlue{0, 0, 255};

// The message of the InputError that loading `path` throws ("" when it loads).
std::string load_error(const std::string& path) {
    try {
        engine::load_image(path);
    } catch (const engine::InputError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("read_image_header reads the size of every format without decoding", "[image_io]") {
    cv::Mat source(30, 50, CV_8UC3, cv::Scalar(1, 2, 3));  // 50 wide, 30 high
    struct Case {
        const char* ext;
        std::vector<int> params;
        engine::ImageFormat format;
    };
    const std::vector<Case> cases{{".png", {}, engine::ImageFormat::Png},
                                  {".jpg", {}, engine::ImageFormat::Jpeg},
                                  {".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}, engine::ImageFormat::Jpeg},
                                  {".webp", {cv::IMWRITE_WEBP_QUALITY, 101}, engine::ImageFormat::WebP},  // VP8L
                                  {".webp", {cv::IMWRITE_WEBP_QUALITY, 50}, engine::ImageFormat::WebP},   // VP8
                                  {".tiff", {}, engine::ImageFormat::Tiff}};
    for (const auto& c : cases) {
        const auto header = engine::read_image_header(encode(c.ext, source, c.params));
        INFO(c.ext);
        CHECK(header.format == c.format);
        CHECK(header.width == 50);
        CHECK(header.height == 30);
    }
    const auto extended = engine::read_image_header(webp_with_exif(encode(".webp", source), 50, 30, 1));  // VP8X
    CHECK(extended.width == 50);
    CHECK(extended.height == 30);
    const auto tiff = engine::read_image_header(tiny_tiff(7, 3, 1));
    CHECK(tiff.width == 7);
    CHECK(tiff.height == 3);
    CHECK(engine::read_image_header({'G', 'I', 'F', '8', '9', 'a'}).format == engine::ImageFormat::Unknown);
}

TEST_CASE("Grey PNG loads as RGB with equal channels", "[image_io]") {
    test_files::TempDir dir;
    cv::Mat grey = (cv::Mat_<std::uint8_t>(2, 3) << 0, 1, 127, 128, 254, 255);
    write_bytes(dir.file("grey.png"), encode(".png", grey));
    const auto image = engine::load_image(dir.file("grey.png"));
    REQUIRE(image.width == 3);
    REQUIRE(image.height == 2);
    CHECK(pixel(image, 0, 0) == std::array<int, 3>{0, 0, 0});
    CHECK(pixel(image, 2, 0) == std::array<int, 3>{127, 127, 127});
    CHECK(pixel(image, 0, 1) == std::array<int, 3>{128, 128, 128});
    CHECK(pixel(image, 2, 1) == std::array<int, 3>{255, 255, 255});
}

TEST_CASE("16-bit PNG is scaled to 8 bits (v * 255 / 65535, rounded)", "[image_io]") {
    test_files::TempDir dir;
    // BGR: blue 65535, green 25700 (= 100 * 257), red 1000 (3.89 -> 4); then 32768 (127.5 -> 128) and 0
    cv::Mat deep(1, 2, CV_16UC3);
    deep.at<cv::Vec<std::uint16_t, 3>>(0, 0) = {65535, 25700, 1000};
    deep.at<cv::Vec<std::uint16_t, 3>>(0, 1) = {32768, 0, 257};
    write_bytes(dir.file("deep.png"), encode(".png", deep));
    const auto image = engine::load_image(dir.file("deep.png"));
    CHECK(pixel(image, 0, 0) == std::array<int, 3>{4, 100, 255});
    CHECK(pixel(image, 1, 0) == std::array<int, 3>{1, 0, 128});
}

TEST_CASE("Alpha is composited on white", "[image_io]") {
    test_files::TempDir dir;
    cv::Mat bgra(1, 3, CV_8UC4);
    bgra.at<cv::Vec4b>(0, 0) = {0, 100, 255, 128};  // half transparent orange
    bgra.at<cv::Vec4b>(0, 1) = {10, 20, 30, 0};     // fully transparent
    bgra.at<cv::Vec4b>(0, 2) = {10, 20, 30, 255};   // opaque
    write_bytes(dir.file("alpha.png"), encode(".png", bgra));
    const auto image = engine::load_image(dir.file("alpha.png"));
    // 255 + (c - 255) * 128 / 255: red 255 -> 255, green 100 -> 177.2, blue 0 -> 127.0
    CHECK(pixel(image, 0, 0) == std::array<int, 3>{255, 177, 127});
    CHECK(pixel(image, 1, 0) == std::array<int, 3>{255, 255, 255});
    CHECK(pixel(image, 2, 0) == std::array<int, 3>{30, 20, 10});
}

TEST_CASE("EXIF orientation is applied (JPEG APP1, PNG eXIf, WebP EXIF)", "[image_io]") {
    test_files::TempDir dir;
    const cv::Mat source = red_left_blue_right();
    SECTION("JPEG, orientation 6 (rotate 90 clockwise): the left half goes to the top") {
        write_bytes(dir.file("r.jpg"), jpeg_with_exif(encode(".jpg", source, {cv::IMWRITE_JPEG_QUALITY, 95}), 6));
        const auto image = engine::load_image(dir.file("r.jpg"));
        REQUIRE(image.width == 20);
        REQUIRE(image.height == 40);
        CHECK(near(pixel(image, 10, 5), kRed, 8));
        CHECK(near(pixel(image, 10, 35), kBlue, 8));
    }
    SECTION("PNG with alpha, orientation 6") {
        cv::Mat bgra;
        cv::cvtColor(source, bgra, cv::COLOR_BGR2BGRA);
        write_bytes(dir.file("r.png"), png_with_chunk(encode(".png", bgra), "eXIf", exif_block(6)));
        const auto image = engine::load_image(dir.file("r.png"));
        REQUIRE(image.width == 20);
        REQUIRE(image.height == 40);
        CHECK(pixel(image, 10, 5) == kRed);
        CHECK(pixel(image, 10, 35) == kBlue);
    }
    SECTION("PNG, orientation 3 (rotate 180): the left half goes right") {
        write_bytes(dir.file("r.png"), png_with_chunk(encode(".png", source), "eXIf", exif_block(3)));
        const auto image = engine::load_image(dir.file("r.png"));
        REQUIRE(image.width == 40);
        CHECK(pixel(image, 35, 10) == kRed);
        CHECK(pixel(image, 5, 10) == kBlue);
    }
    SECTION("lossless WebP, orientation 8 (rotate 90 counter-clockwise): the left half goes to the bottom") {
        const Bytes webp = encode(".webp", source, {cv::IMWRITE_WEBP_QUALITY, 101});
        write_bytes(dir.file("r.webp"), webp_with_exif(webp, 40, 20, 8));
        const auto image = engine::load_image(dir.file("r.webp"));
        REQUIRE(image.width == 20);
        REQUIRE(image.height == 40);
        CHECK(pixel(image, 10, 35) == kRed);
        CHECK(pixel(image, 10, 5) == kBlue);
    }
    SECTION("TIFF orientation tag 6 (libtiff applies it)") {
        write_bytes(dir.file("r.tif"), tiny_tiff(4, 2, 6));  // rows (0 10 20 30) (40 50 60 70) in red
        const auto image = engine::load_image(dir.file("r.tif"));
        REQUIRE(image.width == 2);
        REQUIRE(image.height == 4);
        CHECK(pixel(image, 0, 0)[0] == 40);
        CHECK(pixel(image, 1, 0)[0] == 0);
        CHECK(pixel(image, 1, 3)[0] == 30);
    }
}

TEST_CASE("TIFF and lossless WebP load exactly", "[image_io]") {
    test_files::TempDir dir;
    cv::Mat source(3, 4, CV_8UC3);
    cv::randu(source, 0, 256);
    for (const char* ext : {".tiff", ".webp"}) {
        write_bytes(dir.file(std::string("x") + ext), encode(ext, source, {cv::IMWRITE_WEBP_QUALITY, 101}));
        const auto image = engine::load_image(dir.file(std::string("x") + ext));
        REQUIRE(image.width == 4);
        REQUIRE(image.height == 3);
        const cv::Vec3b bgr = source.at<cv::Vec3b>(2, 1);
        CHECK(pixel(image, 1, 2) == std::array<int, 3>{bgr[2], bgr[1], bgr[0]});
    }
}

TEST_CASE("Shared samples load and resize to the longest side", "[image_io]") {
    const auto full = engine::load_image(test_paths::image("starry_night.jpg"));
    CHECK(full.width == 752);
    CHECK(full.height == 600);
    const auto small = engine::load_image(test_paths::image("starry_night.jpg"), 256);
    CHECK(small.width == 256);
    CHECK(small.height == 204);  // 600 * 256 / 752 = 204.3
    CHECK(small.pixels.size() == 256u * 204u * 3u);
    const auto grass = engine::load_image(test_paths::image("grass.png"), 100);  // grey 512x512
    CHECK(grass.width == 100);
    CHECK(grass.height == 100);
    CHECK(pixel(grass, 50, 50)[0] == pixel(grass, 50, 50)[2]);
}

TEST_CASE("resize_to_longest_side enlarges, keeps at least one pixel, leaves max_side 0 alone", "[image_io]") {
    engine::RgbImage line{1000, 1, std::vector<std::uint8_t>(3000, 200)};
    const auto shrunk = engine::resize_to_longest_side(line, 10);
    CHECK(shrunk.width == 10);
    CHECK(shrunk.height == 1);
    CHECK(pixel(shrunk, 5, 0) == std::array<int, 3>{200, 200, 200});
    engine::RgbImage tiny{3, 2, std::vector<std::uint8_t>(18, 50)};
    const auto grown = engine::resize_to_longest_side(tiny, 9);
    CHECK(grown.width == 9);
    CHECK(grown.height == 6);
    CHECK(pixel(grown, 4, 3) == std::array<int, 3>{50, 50, 50});
    CHECK(engine::resize_to_longest_side(tiny, 0).width == 3);
    engine::RgbImage broken{3, 2, std::vector<std::uint8_t>(5)};
    CHECK_THROWS_AS(engine::resize_to_longest_side(broken, 9), engine::ParamError);
}

TEST_CASE("Bad files are refused with the path and the reason", "[image_io]") {
    test_files::TempDir dir;
    const Bytes png = encode(".png", red_left_blue_right());
    const Bytes jpg = read_bytes(test_paths::image("starry_night.jpg"));

    write_bytes(dir.file("empty.png"), {});
    CHECK_THAT(load_error(dir.file("empty.png")), StartsWith(dir.file("empty.png")) && Contains("file is empty"));

    std::mt19937 random(7);
    Bytes noise(5000);
    for (auto& b : noise) b = static_cast<std::uint8_t>(random());
    write_bytes(dir.file("noise.jpg"), noise);
    CHECK_THAT(load_error(dir.file("noise.jpg")), StartsWith(dir.file("noise.jpg")) && Contains("not an image"));

    write_bytes(dir.file("half.png"), Bytes(png.begin(), png.begin() + png.size() / 2));
    CHECK_THAT(load_error(dir.file("half.png")), StartsWith(dir.file("half.png")) && Contains("truncated"));
    write_bytes(dir.file("half.jpg"), Bytes(jpg.begin(), jpg.begin() + jpg.size() / 2));
    CHECK_THAT(load_error(dir.file("half.jpg")), StartsWith(dir.file("half.jpg")) && Contains("truncated"));

    // A valid PNG whose header claims 20000x20000: refused by the size check, not by the decoder.
    write_bytes(dir.file("huge.png"), png_claiming_size(png, 20000, 20000));
    CHECK_THAT(load_error(dir.file("huge.png")),
               StartsWith(dir.file("huge.png")) && Contains("20000x20000") && Contains("limit of 100000000 pixels"));
    // Sizes whose product overflows 64 bits are refused the same way.
    write_bytes(dir.file("max.png"), png_claiming_size(png, 0xFFFFFFFF, 0xFFFFFFFF));
    CHECK_THAT(load_error(dir.file("max.png")), Contains("4294967295x4294967295") && Contains("limit"));

    CHECK_THAT(load_error(dir.file("missing.png")), StartsWith(dir.file("missing.png")) && Contains("No such file"));
    CHECK_THAT(load_error(dir.path().string()), Contains("is a folder"));
    // Scan data before any frame header: the size cannot be read, so no decoder sees it.
    write_bytes(dir.file("nosize.jpg"), {0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9});
    CHECK_THAT(load_error(dir.file("nosize.jpg")), Contains("no image size"));
}

TEST_CASE("decode_image works from bytes and names the label", "[image_io]") {
    const Bytes png = encode(".png", red_left_blue_right());
    const auto image = engine::decode_image(png, "clipboard", 20);
    CHECK(image.width == 20);
    CHECK(image.height == 10);
    CHECK(pixel(image, 2, 5) == kRed);
    CHECK_THROWS_WITH(engine::decode_image({}, "clipboard"), StartsWith("clipboard: file is empty"));
    CHECK_THROWS_WITH(engine::decode_image({'h', 'i'}, "drop"), StartsWith("drop: not an image"));
}
