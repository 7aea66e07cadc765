#include "cli/compare_image.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cli {

namespace {

constexpr int kGap = 8;  // white pixels between and around the two results

cv::Mat as_mat(const engine::RgbImage& image) {
    // OpenCV only draws here; it sees the RGB bytes as three plain channels.
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
}

// Text centred in the strip [x, x + width) x [0, strip_height), scaled to fit.
void draw_label(cv::Mat& canvas, const std::string& text, int x, int width, int strip_height) {
    const int font = cv::FONT_HERSHEY_SIMPLEX;
    double scale = strip_height / 40.0;
    int baseline = 0;
    cv::Size size = cv::getTextSize(text, font, scale, 1, &baseline);
    if (size.width > width - 4) {
        scale *= double(width - 4) / size.width;
        size = cv::getTextSize(text, font, scale, 1, &baseline);
    }
    const int thickness = std::max(1, static_cast<int>(std::lround(scale * 2)));
    const cv::Point origin(x + (width - size.width) / 2, (strip_height + size.height) / 2);
    cv::putText(canvas, text, origin, font, scale, cv::Scalar(0, 0, 0), thickness, cv::LINE_AA);
}

}  // namespace

engine::RgbImage side_by_side(const engine::RgbImage& left, const std::string& left_label,
                              const engine::RgbImage& right, const std::string& right_label) {
    // The label strip grows with the image so it stays legible, but never below 20 px.
    const int strip = std::max(20, std::max(left.height, right.height) / 10);
    const int width = kGap + left.width + kGap + right.width + kGap;
    const int height = strip + std::max(left.height, right.height) + kGap;
    engine::RgbImage out;
    out.width = width;
    out.height = height;
    out.pixels.assign(static_cast<std::size_t>(width) * height * 3, 255);
    cv::Mat canvas(height, width, CV_8UC3, out.pixels.data());
    as_mat(left).copyTo(canvas(cv::Rect(kGap, strip, left.width, left.height)));
    as_mat(right).copyTo(canvas(cv::Rect(2 * kGap + left.width, strip, right.width, right.height)));
    draw_label(canvas, left_label, kGap, left.width, strip);
    draw_label(canvas, right_label, 2 * kGap + left.width, right.width, strip);
    return out;
}

ImageDifference image_difference(const engine::RgbImage& a, const engine::RgbImage& b) {
    if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size())
        throw std::invalid_argument("image_difference: the images have different sizes");
    ImageDifference difference;
    if (a.pixels.empty()) {
        difference.psnr = std::numeric_limits<double>::infinity();
        return difference;
    }
    double sum_abs = 0, sum_squared = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        const int d = int(a.pixels[i]) - int(b.pixels[i]);
        sum_abs += std::abs(d);
        sum_squared += double(d) * d;
    }
    const double count = static_cast<double>(a.pixels.size());
    difference.mean_abs = sum_abs / count;
    const double mse = sum_squared / count;
    difference.psnr = mse == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(255.0 * 255.0 / mse);
    return difference;
}

}  // namespace cli
