#include "catch_checks.h"

#include <functional>

#include "engine/border_measure.h"
#include "engine/errors.h"

using engine::RgbImage;
using engine::Side;

namespace {

RgbImage grey(int width, int height, std::uint8_t value) {
    return {width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3, value)};
}

// Sets every channel of the pixels where `where(x, y)` holds.
void paint(RgbImage& image, std::uint8_t value, const std::function<bool(int, int)>& where) {
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            if (where(x, y))
                for (int c = 0; c < 3; ++c) image.pixels[(std::size_t(y) * image.width + x) * 3 + c] = value;
}

}  // namespace

TEST_CASE("the border measure finds a dark frame on one side against the ring inside it", "[border_measure]") {
    // 24x20, grey 100; the result 10 levels lighter everywhere but the left 3 columns, 30 darker.
    const RgbImage photo = grey(24, 20, 100);
    RgbImage result = grey(24, 20, 110);
    paint(result, 70, [](int x, int) { return x < 3; });
    const auto change = engine::measure_border_change(photo, result, 3, 4);
    CHECK(change.band_px == 3);
    CHECK(change.ring_px == 4);
    CHECK(change.side(Side::Left).band == Approx(-30.0));
    CHECK(change.side(Side::Left).ring == Approx(10.0));
    CHECK(change.side(Side::Left).excess() == Approx(-40.0));
    // The top and bottom bands leave out the corners, so the left frame does not reach them.
    for (Side side : {Side::Top, Side::Right, Side::Bottom}) {
        CHECK(change.side(side).band == Approx(10.0));
        CHECK(change.side(side).excess() == Approx(0.0).margin(1e-9));
    }
    CHECK(change.worst_side() == Side::Left);
    CHECK(change.worst_excess() == Approx(-40.0));
    CHECK(change.mean_excess() == Approx(-10.0));  // (-40 + 0 + 0 + 0) / 4
}

TEST_CASE("a change that follows the content up to the edge is no frame", "[border_measure]") {
    // The photo's left 12 columns are bright (200), the rest dark (50); the result darkens the
    // bright part by 40 and the dark part by 5. Against the whole interior the left band would
    // look 35 levels darker; against its own ring (columns 3..10, as bright) it changed alike.
    RgbImage photo = grey(30, 24, 50);
    paint(photo, 200, [](int x, int) { return x < 12; });
    RgbImage result = grey(30, 24, 45);
    paint(result, 160, [](int x, int) { return x < 12; });
    const auto change = engine::measure_border_change(photo, result, 3, 8);
    CHECK(change.side(Side::Left).band == Approx(-40.0));
    CHECK(change.side(Side::Left).ring == Approx(-40.0));
    CHECK(change.side(Side::Right).excess() == Approx(0.0).margin(1e-9));
    // The top band runs over columns 3..26: 9 bright columns, 15 dark, and so does its ring.
    CHECK(change.side(Side::Top).band == Approx((9 * -40.0 + 15 * -5.0) / 24));
    CHECK(change.side(Side::Top).excess() == Approx(0.0).margin(1e-9));
    CHECK(change.worst_excess() == Approx(0.0).margin(1e-9));
}

TEST_CASE("the border measure weighs the channels as luminance and finds a thin light frame", "[border_measure]") {
    // Only the outermost row at the bottom changes, and only in red, by +100: 29.9 levels of
    // luminance (Rec. 601), a third of that over the 3-px band.
    const RgbImage photo = grey(20, 22, 100);
    RgbImage result = photo;
    for (int x = 0; x < 20; ++x) result.pixels[(std::size_t(21) * 20 + x) * 3] = 200;
    const auto change = engine::measure_border_change(photo, result, 3, 5);
    CHECK(change.side(Side::Bottom).band == Approx(29.9 / 3));
    CHECK(change.side(Side::Bottom).ring == Approx(0.0).margin(1e-9));
    CHECK(change.worst_side() == Side::Bottom);
    CHECK(change.worst_excess() == Approx(29.9 / 3));
    // The left and right bands stop 3 px above the bottom edge: untouched.
    CHECK(change.side(Side::Left).excess() == Approx(0.0).margin(1e-9));
    CHECK(change.mean_excess() == Approx(29.9 / 12));
}

TEST_CASE("the border measure refuses images that do not match or are too small for band and ring", "[border_measure]") {
    CHECK_THROWS_WITH(engine::measure_border_change(grey(24, 22, 0), grey(22, 24, 0)),
                      Catch::Contains("24x22") && Catch::Contains("22x24"));
    // 3 + 8 px from each side need 22 px across.
    CHECK_NOTHROW(engine::measure_border_change(grey(22, 22, 0), grey(22, 22, 0), 3, 8));
    CHECK_THROWS_WITH(engine::measure_border_change(grey(22, 21, 0), grey(22, 21, 0), 3, 8),
                      Catch::Contains("22x22") && Catch::Contains("22x21"));
    CHECK_THROWS_AS(engine::measure_border_change(grey(22, 22, 0), grey(22, 22, 0), 0, 8), engine::ParamError);
}
