// WeightSlider: the logarithmic slider and the numeric field stay in sync; zero where allowed.
#include "catch_checks.h"

#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>

#include "ui/weight_slider.h"

TEST_CASE("The slider is logarithmic: equal steps are equal factors", "[ui][slider]") {
    ui::WeightSlider style("Style", 1e-2, 1e6, false, 1000.0);
    CHECK(style.valueAtPosition(0) == Approx(1e-2));
    CHECK(style.valueAtPosition(1000) == Approx(1e6));
    CHECK(style.valueAtPosition(500) == Approx(100.0));  // 10^((-2 + 6) / 2)
    CHECK(style.positionOfValue(1000.0) == 625);         // (3 - (-2)) / 8 of the way
    CHECK(style.slider()->value() == 625);
    CHECK(style.spinBox()->value() == Approx(1000.0));
}

TEST_CASE("Zero is the leftmost position when allowed", "[ui][slider]") {
    ui::WeightSlider tv("TV", 1e-2, 1e4, true, 10.0);
    CHECK(tv.valueAtPosition(0) == 0.0);
    CHECK(tv.valueAtPosition(1) == Approx(1e-2));
    QSignalSpy changed(&tv, &ui::WeightSlider::valueChanged);
    tv.slider()->setValue(0);
    CHECK(tv.value() == 0.0);
    CHECK(tv.spinBox()->value() == 0.0);
    CHECK(changed.count() == 1);
}

TEST_CASE("Typing in the field moves the slider and keeps the typed value", "[ui][slider]") {
    ui::WeightSlider content("Content", 1e-3, 1e3, true, 1.0);
    content.spinBox()->setValue(12.34);
    CHECK(content.value() == Approx(12.34));
    CHECK(content.slider()->value() == content.positionOfValue(12.34));
    content.setValue(5e9);  // clamped to the range
    CHECK(content.value() == Approx(1e3));
    content.resetToDefault();
    CHECK(content.value() == 1.0);
}
