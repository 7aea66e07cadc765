#include "bench/loss_chart.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/image_io.h"

namespace bench {
namespace {

constexpr int kWidth = 960, kHeight = 600;
constexpr int kLeft = 90, kRight = 250, kTop = 50, kBottom = 70;  // the right margin holds the legend

const cv::Scalar kColours[] = {{40, 40, 200}, {200, 120, 30}, {40, 160, 40}, {160, 40, 160}, {30, 150, 200}, {100, 100, 100}};

std::string number(double value) {
    std::ostringstream out;
    out.precision(3);
    out << value;
    return out.str();
}

void text(cv::Mat& image, const std::string& s, cv::Point at, double scale = 0.5) {
    cv::putText(image, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, {0, 0, 0}, 1, cv::LINE_AA);
}

}  // namespace

void draw_loss_chart(const QualityReport& report, const std::string& path) {
    cv::Mat image(kHeight, kWidth, CV_8UC3, cv::Scalar(255, 255, 255));
    // Every configuration once, with its longest curve: the later comparison (against the
    // default) runs the default and the multi-scale runs further than the first one does.
    std::vector<QualityRun> runs;
    std::vector<double> targets;
    auto same_configuration = [](const QualityRun& a, const QualityRun& b) {
        return a.optimizer == b.optimizer && a.init == b.init && a.scales == b.scales;
    };
    for (auto c = report.comparisons.rbegin(); c != report.comparisons.rend(); ++c) {
        targets.push_back(c->target_loss);
        for (const auto& run : c->runs)
            if (std::none_of(runs.begin(), runs.end(), [&](const QualityRun& r) { return same_configuration(r, run); }))
                runs.push_back(run);
    }
    double max_time = 0, min_loss = std::numeric_limits<double>::max(), max_loss = 0;
    for (const auto& run : runs)
        for (const auto& [t, loss] : run.curve)
            if (loss > 0 && std::isfinite(loss)) {
                max_time = std::max(max_time, t);
                min_loss = std::min(min_loss, loss);
                max_loss = std::max(max_loss, loss);
            }
    for (double target : targets)
        if (target > 0) min_loss = std::min(min_loss, target);
    if (max_loss <= 0 || max_time <= 0) {
        min_loss = 1;
        max_loss = 10;
        max_time = 1;
    }
    const double log_low = std::floor(std::log10(min_loss) * 4) / 4, log_high = std::ceil(std::log10(max_loss) * 4) / 4 + 1e-9;
    const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
    auto to_pixel = [&](double t, double loss) {
        const double fx = t / max_time, fy = (std::log10(loss) - log_low) / (log_high - log_low);
        return cv::Point(kLeft + static_cast<int>(fx * plot_w), kTop + plot_h - static_cast<int>(fy * plot_h));
    };

    // Axes, grid and labels.
    cv::rectangle(image, {kLeft, kTop}, {kLeft + plot_w, kTop + plot_h}, {0, 0, 0}, 1);
    for (int i = 0; i <= 5; ++i) {
        const double t = max_time * i / 5;
        const auto p = to_pixel(t, std::pow(10, log_low));
        cv::line(image, {p.x, kTop}, {p.x, kTop + plot_h}, {225, 225, 225}, 1);
        text(image, number(t), {p.x - 12, kTop + plot_h + 20});
    }
    for (double e = std::ceil(log_low); e <= log_high; e += 0.5) {
        const auto p = to_pixel(0, std::pow(10, e));
        cv::line(image, {kLeft, p.y}, {kLeft + plot_w, p.y}, {225, 225, 225}, 1);
        text(image, number(std::pow(10, e)), {8, p.y + 5});
    }
    text(image, "wall time (s)", {kLeft + plot_w / 2 - 50, kHeight - 20}, 0.6);
    cv::Mat label(30, 200, CV_8UC3, cv::Scalar(255, 255, 255));
    text(label, "loss (log scale)", {5, 20}, 0.6);
    cv::rotate(label, label, cv::ROTATE_90_COUNTERCLOCKWISE);
    label.copyTo(image(cv::Rect(2, kTop + plot_h / 2 - 100, label.cols, label.rows)));
    text(image,
         "Loss at " + std::to_string(report.width) + "x" + std::to_string(report.height) + " against wall time (" +
             std::to_string(report.threads) + " threads)",
         {kLeft, 30}, 0.6);

    // The targets: each baseline's loss after its iterations, dashed.
    for (double target : targets) {
        if (target <= 0) continue;
        const auto y = to_pixel(0, target).y;
        for (int x = kLeft; x < kLeft + plot_w; x += 12) cv::line(image, {x, y}, {std::min(x + 6, kLeft + plot_w), y}, {0, 0, 0}, 1);
    }

    int legend_y = kTop + 10;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const auto& colour = kColours[r % (sizeof kColours / sizeof kColours[0])];
        const auto& curve = runs[r].curve;
        for (std::size_t i = 1; i < curve.size(); ++i)
            if (curve[i - 1].second > 0 && curve[i].second > 0)
                cv::line(image, to_pixel(curve[i - 1].first, curve[i - 1].second), to_pixel(curve[i].first, curve[i].second),
                         colour, 2, cv::LINE_AA);
        cv::line(image, {kLeft + plot_w + 15, legend_y - 4}, {kLeft + plot_w + 40, legend_y - 4}, colour, 2);
        text(image, runs[r].label, {kLeft + plot_w + 45, legend_y}, 0.45);
        legend_y += 22;
    }
    for (int x = kLeft + plot_w + 15; x < kLeft + plot_w + 40; x += 12)
        cv::line(image, {x, legend_y - 4}, {x + 6, legend_y - 4}, {0, 0, 0}, 1);
    text(image, "targets (baselines' ends)", {kLeft + plot_w + 45, legend_y}, 0.45);

    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    engine::RgbImage rgb;
    rgb.width = image.cols;
    rgb.height = image.rows;
    rgb.pixels.resize(static_cast<std::size_t>(image.cols) * image.rows * 3);
    for (int y = 0; y < image.rows; ++y) std::memcpy(rgb.pixels.data() + y * image.cols * 3, image.ptr(y), image.cols * 3);
    engine::save_png(rgb, path);
}

}  // namespace bench
