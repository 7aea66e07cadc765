#include "catch_checks.h"

#include "engine/border_measure.h"
#include "engine/errors.h"

using engine::RgbImage;

namespace {

RgbImage uniform(int width, int height, std::uint8_t value) {
    return {width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3, value)};
}

}  // namespace

TEST_CASE("the border measure compares the outer band's change with the interior's", "[border_measure]") {
    const RgbImage photo = uniform(10, 8, 100);
    RgbImage result = uniform(10, 8, 110);  // everything 10 levels lighter
    // A dark frame 3 px wide: red, green and blue 40, 40 and 70 levels darker than the photo.
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 10; ++x)
            if (x < 3 || y < 3 || x >= 7 || y >= 5) {
                std::uint8_t* pixel = &result.pixels[(std::size_t(y) * 10 + x) * 3];
                pixel[0] = 60, pixel[1] = 60, pixel[2] = 30;
            }
    const auto change = engine::measure_border_change(photo, result, 3);
    CHECK(change.band == Approx(-50.0));  // (-40 - 40 - 70) / 3
    CHECK(change.interior == Approx(10.0));
    CHECK(change.excess() == Approx(-60.0));
    // A 1-px band is all frame too, but its interior now holds most of the frame: its mean falls.
    const auto thin = engine::measure_border_change(photo, result, 1);
    CHECK(thin.band == Approx(-50.0));
    CHECK(thin.interior < 0.0);
}

TEST_CASE("the border measure refuses images that do not match or have no interior", "[border_measure]") {
    CHECK_THROWS_WITH(engine::measure_border_change(uniform(10, 8, 0), uniform(8, 10, 0)),
                      Catch::Contains("10x8") && Catch::Contains("8x10"));
    CHECK_THROWS_AS(engine::measure_border_change(uniform(6, 20, 0), uniform(6, 20, 0), 3), engine::ParamError);
    CHECK_NOTHROW(engine::measure_border_change(uniform(7, 7, 0), uniform(7, 7, 0), 3));
}
