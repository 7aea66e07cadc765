// The scanned frame cut off style images (engine/style_frame.h): hand-made frames whose widths
// are known, pictures that have none, the sample painting, and the run that uses it.
#include "catch_checks.h"

#include <random>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/run.h"
#include "engine/style_frame.h"
#include "test_paths.h"

using engine::RgbImage;
using engine::StyleFrame;

namespace {

// A grey picture with a fine texture (every line's mean is the same, 125) of width x height.
RgbImage texture(int width, int height) {
    RgbImage image{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c) image.pixels[(std::size_t(y) * width + x) * 3 + c] = (x + y) % 2 ? 150 : 100;
    return image;
}

void paint(RgbImage& image, int x0, int y0, int x1, int y1, std::uint8_t value) {
    for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x)
            for (int c = 0; c < 3; ++c) image.pixels[(std::size_t(y) * image.width + x) * 3 + c] = value;
}

// `frame` painted in `value` along the edges of `image`.
RgbImage framed(RgbImage image, const StyleFrame& frame, std::uint8_t value) {
    paint(image, 0, 0, frame.left, image.height, value);
    paint(image, 0, 0, image.width, frame.top, value);
    paint(image, image.width - frame.right, 0, image.width, image.height, value);
    paint(image, 0, image.height - frame.bottom, image.width, image.height, value);
    return image;
}

std::string text(const StyleFrame& f) { return engine::describe(f); }

}  // namespace

TEST_CASE("a straight black or white frame is found to the pixel", "[style_frame]") {
    const StyleFrame frame{7, 5, 9, 6};
    const RgbImage black = framed(texture(300, 200), frame, 0);
    INFO("found " << text(engine::detect_style_frame(black)));
    CHECK(engine::detect_style_frame(black) == frame);
    const RgbImage white = framed(texture(300, 200), frame, 255);
    INFO("found " << text(engine::detect_style_frame(white)));
    CHECK(engine::detect_style_frame(white) == frame);
    // Near black is black too (JPEG noise in a scanner's margin).
    CHECK(engine::detect_style_frame(framed(texture(300, 200), frame, 20)) == frame);
}

TEST_CASE("the rim inside a frame is cut with it", "[style_frame]") {
    // A pale 4-px rim (luminance 220 against the picture's 125) inside a 6-px black frame on the
    // left and top, a dark 3-px one (60) on the right; the bottom has no frame and keeps its rim.
    RgbImage image = texture(300, 200);
    paint(image, 0, 0, 10, 200, 220);
    paint(image, 0, 0, 300, 10, 220);
    paint(image, 291, 0, 300, 200, 60);
    paint(image, 0, 196, 300, 200, 220);
    image = framed(image, {6, 6, 6, 0}, 0);
    const StyleFrame found = engine::detect_style_frame(image);
    INFO("found " << text(found));
    CHECK(found == StyleFrame{10, 10, 9, 0});
}

TEST_CASE("a skewed scan's frame is cut where it is widest", "[style_frame]") {
    // The left frame widens from 6 px at the top to 9 px at the bottom (a scan 0.9 degrees off).
    RgbImage image = texture(300, 200);
    for (int y = 0; y < 200; ++y) paint(image, 0, y, 6 + 3 * y / 200 + (y >= 199), y + 1, 0);
    const StyleFrame found = engine::detect_style_frame(image);
    INFO("found " << text(found));
    CHECK(found.left >= 8);
    CHECK(found.left <= 10);
    CHECK(found.top == 0);
    CHECK(found.right == 0);
    CHECK(found.bottom == 0);
}

TEST_CASE("dark or light parts of a picture are no frame", "[style_frame]") {
    // Black deeper than a tenth of the image: a night sky, not a margin.
    RgbImage sky = texture(300, 200);
    paint(sky, 0, 0, 300, 30, 0);
    CHECK_FALSE(engine::detect_style_frame(sky).any());
    // A dark edge with texture in it: a shadow, not a margin.
    RgbImage shadow = texture(300, 200);
    std::mt19937 random(1);
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 40; ++x) paint(shadow, x, y, x + 1, y + 1, static_cast<std::uint8_t>(random() % 60));
    CHECK_FALSE(engine::detect_style_frame(shadow).any());
    // Below 64 px a side, nothing is cut.
    CHECK_FALSE(engine::detect_style_frame(framed(texture(63, 200), {5, 5, 5, 5}, 0)).any());
    CHECK_FALSE(engine::detect_style_frame(RgbImage{}).any());
}

TEST_CASE("the sample painting loses its frame and rim, the photos nothing", "[style_frame]") {
    // starry_night.jpg (752x600) is a scan: 8-10 px of black on each side (wider at the corners,
    // as the scan is skewed), then a rim 5-11 px deep, up to 200 grey levels where the picture
    // inside has 60-110. The frame and the rim must go; no more than 25 px on any side.
    const RgbImage painting = engine::load_image(test_paths::image("starry_night.jpg"));
    const StyleFrame found = engine::detect_style_frame(painting);
    INFO("starry_night.jpg: " << text(found));
    for (int side : {found.left, found.top, found.right, found.bottom}) {
        CHECK(side >= 15);
        CHECK(side <= 25);
    }
    for (const char* photo : {"building.jpg", "butterfly.jpg", "chelsea.png", "fruits.jpg", "grass.png", "home.jpg"}) {
        INFO(photo);
        CHECK(engine::detect_style_frame(engine::load_image(test_paths::image(photo))) == StyleFrame{});
    }
}

TEST_CASE("crop_frame keeps the pixels inside the frame", "[style_frame]") {
    RgbImage image{5, 4, {}};
    for (int i = 0; i < 5 * 4 * 3; ++i) image.pixels.push_back(static_cast<std::uint8_t>(i));
    const RgbImage inner = engine::crop_frame(image, {1, 2, 1, 0});
    REQUIRE(inner.width == 3);
    REQUIRE(inner.height == 2);
    // Row 2, columns 1..3 of the original: pixel (1,2) starts at (2*5+1)*3 = 33.
    CHECK(inner.pixels.front() == 33);
    CHECK(inner.pixels.back() == ((3 * 5 + 3) * 3 + 2));
    CHECK(engine::crop_frame(image, {}).pixels == image.pixels);
    CHECK_THROWS_AS(engine::crop_frame(image, {3, 0, 2, 0}), engine::ParamError);
    CHECK(text({1, 0, 0, 4}) == "left 1, bottom 4 px");
    CHECK(text({}) == "none");
}

TEST_CASE("a run cuts the painting's frame unless asked not to, and says so", "[style_frame][run]") {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    const RgbImage content = engine::load_image(test_paths::image("building.jpg"), 64);
    const RgbImage painting = engine::load_image(test_paths::image("starry_night.jpg"));
    engine::Params params;
    params.size = 64;
    params.iterations = 2;
    params.threads = 2;
    params.init = engine::InitMode::Style;  // the start is the (cut) painting itself

    engine::Run cut(model, content, painting, params);
    const engine::Frame first = cut.current(true);
    REQUIRE(first.style_frames.size() == 1);
    CHECK(first.style_frames[0] == engine::detect_style_frame(painting));
    CHECK(first.style_frames[0].any());

    params.trim_style_frame = false;
    engine::Run whole(model, content, painting, params);
    const engine::Frame kept = whole.current(true);
    REQUIRE(kept.style_frames.size() == 1);
    CHECK_FALSE(kept.style_frames[0].any());
    // Started from the painting: the whole one's black frame darkens the start image's outermost
    // pixels (at 64 px each covers about 12 of the painting's, 9-10 of them black), the cut one's
    // edge is the picture's own.
    const auto edge_mean = [](const engine::Frame& f) {
        const RgbImage& image = f.images.at(0);
        double sum = 0;
        int count = 0;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x)
                if (x == 0 || y == 0 || x == image.width - 1 || y == image.height - 1) {
                    for (int c = 0; c < 3; ++c) sum += image.pixels[(std::size_t(y) * image.width + x) * 3 + c];
                    count += 3;
                }
        return sum / count;
    };
    INFO("outermost pixels' mean: whole " << edge_mean(kept) << ", cut " << edge_mean(first));
    CHECK(edge_mean(kept) < edge_mean(first) - 20);

    // Fixed for a run: changing it live is refused.
    engine::Params live = cut.params();
    live.trim_style_frame = false;
    CHECK_THROWS_AS(cut.set_params(live), engine::ParamError);
}
