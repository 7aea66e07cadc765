// The loss plot painted offscreen: the curves appear where the log scale puts them, and go with clear().
#include "widget_test_support.h"

#include <QImage>
#include <cmath>
#include <utility>

#include "ui/loss_plot.h"

namespace {

// Pixels of the content curve (light blue 4fc3f7, alone among the colours in being much bluer
// than red), in the rows below the legend; antialiased edges blend with the dark background.
bool isContentBlue(QRgb pixel) { return qBlue(pixel) - qRed(pixel) > 80; }

// Rows of column x whose pixel is content-blue, below the legend (which draws a blue sample).
QVector<int> blueRows(const QImage& image, int x) {
    QVector<int> rows;
    for (int y = 30; y < image.height(); ++y)
        if (isContentBlue(image.pixel(x, y))) rows << y;
    return rows;
}

int bluePixels(const QImage& image) {
    int count = 0;
    for (int y = 30; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) count += isContentBlue(image.pixel(x, y));
    return count;
}

}  // namespace

TEST_CASE("The loss plot draws each loss where its log scale puts it", "[ui][plot]") {
    ui::LossPlot plot;
    plot.resize(320, 160);
    // The plot area is the widget less 44 px left, 10 top, 10 right, 22 bottom: x 44..310, y 10..138.
    const QImage empty = plot.grab().toImage();
    REQUIRE(empty.size() == QSize(320, 160));
    CHECK(bluePixels(empty) == 0);

    // Content falls one decade every 5 iterations, from 1e2 to 1e0; total, style and TV are
    // constant at 1e3, 10^2.5 and 10^0.5, so the axis spans 1e0..1e3.
    for (int i = 0; i <= 10; ++i)
        plot.addPoint(i, 1000.0, std::pow(10.0, 2.0 - i / 5.0), std::pow(10.0, 2.5), std::pow(10.0, 0.5));
    CHECK(plot.pointCount() == 11);
    const QImage drawn = plot.grab().toImage();
    // At iteration 5 (x = 44 + 266 / 2 = 177) content is 1e1: a third of the way up,
    // y = 138 - 128 / 3 = 95.3; at iteration 8 (x = 256.8) it is 10^0.4: y = 138 - 128 * 0.4 / 3 = 120.9.
    for (const auto& [x, y] : {std::pair<int, double>{177, 95.3}, {257, 120.9}}) {
        const QVector<int> rows = blueRows(drawn, x);
        INFO("column " << x << ": " << rows.size() << " blue pixels, expected around row " << y);
        REQUIRE_FALSE(rows.isEmpty());
        CHECK(rows.front() >= y - 3);
        CHECK(rows.back() <= y + 3);
    }

    plot.clear();
    CHECK(plot.pointCount() == 0);
    CHECK(bluePixels(plot.grab().toImage()) == 0);
}
