#include "engine/style_frame.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/errors.h"

namespace engine {

namespace {

enum class Edge { Left, Top, Right, Bottom };

// One line parallel to an edge, over the middle 80 % of its length (the corners belong to two
// sides and a skewed scan's frame is widest there).
struct LineStats {
    double mean = 0;   // luminance, 0..255
    double dark = 0;   // fraction of pixels below 24
    double light = 0;  // fraction above 231
};

double luminance(const RgbImage& image, int x, int y) {
    const std::uint8_t* p = &image.pixels[(std::size_t(y) * image.width + x) * 3];
    return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
}

// Statistics of every line from `edge` inwards (index 0: the outermost).
std::vector<LineStats> line_stats(const RgbImage& image, Edge edge) {
    const bool columns = edge == Edge::Left || edge == Edge::Right;
    const int lines = columns ? image.width : image.height;
    const int length = columns ? image.height : image.width;
    const int from = length / 10, to = length - length / 10;
    std::vector<LineStats> stats(lines);
    for (int i = 0; i < lines; ++i) {
        const int line = (edge == Edge::Right ? image.width - 1 - i : edge == Edge::Bottom ? image.height - 1 - i : i);
        LineStats& s = stats[i];
        for (int j = from; j < to; ++j) {
            const double l = columns ? luminance(image, line, j) : luminance(image, j, line);
            s.mean += l;
            s.dark += l < 24;
            s.light += l > 231;
        }
        const double count = to - from;
        s.mean /= count;
        s.dark /= count;
        s.light /= count;
    }
    return stats;
}

double median(std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
}

double standard_deviation(const std::vector<double>& values) {
    double mean = 0, squares = 0;
    for (double v : values) mean += v / values.size();
    for (double v : values) squares += (v - mean) * (v - mean) / values.size();
    return std::sqrt(squares);
}

// How deep the frame reaches from `edge` (0: none), as the header describes.
int frame_depth(const std::vector<LineStats>& stats) {
    const int n = static_cast<int>(stats.size());
    const bool dark = stats[0].dark > 0.9;
    if (!dark && stats[0].light <= 0.9) return 0;
    const auto covered = [&](int i) { return dark ? stats[i].dark : stats[i].light; };

    const int cap = n / 10;
    int depth = 0;
    while (depth < cap && covered(depth) > 0.9) ++depth;
    if (depth >= cap) return 0;  // too deep for a frame: part of the picture
    const int skew_end = std::min(n, depth + std::max(3, n / 100));
    while (depth < skew_end && covered(depth) > 0.05) ++depth;

    // The rim, judged against the picture just inside it.
    const int inside_from = depth + 3 * n / 100;
    const int inside_to = std::min(n, std::max(depth + 8 * n / 100, inside_from + 1));
    if (inside_from >= inside_to) return depth;
    std::vector<double> inside;
    for (int i = inside_from; i < inside_to; ++i) inside.push_back(stats[i].mean);
    const double reference = median(inside);
    const double tolerance = std::max(16.0, 3 * standard_deviation(inside));
    const int rim_end = std::min(n, depth + std::max(4, n / 50));
    int end = depth;
    for (int i = depth; i < rim_end; ++i)
        if (std::abs(stats[i].mean - reference) > tolerance) end = i + 1;
    return end;
}

}  // namespace

StyleFrame detect_style_frame(const RgbImage& image) {
    // Below this a frame cannot be told from the picture, and every pixel counts.
    constexpr int smallest = 64;
    if (image.empty() || image.width < smallest || image.height < smallest) return {};
    StyleFrame frame;
    frame.left = frame_depth(line_stats(image, Edge::Left));
    frame.top = frame_depth(line_stats(image, Edge::Top));
    frame.right = frame_depth(line_stats(image, Edge::Right));
    frame.bottom = frame_depth(line_stats(image, Edge::Bottom));
    return frame;
}

RgbImage crop_frame(const RgbImage& image, const StyleFrame& frame) {
    const int width = image.width - frame.left - frame.right;
    const int height = image.height - frame.top - frame.bottom;
    if (frame.left < 0 || frame.top < 0 || frame.right < 0 || frame.bottom < 0 || width <= 0 || height <= 0)
        throw ParamError("cannot cut a frame of " + describe(frame) + " off a " + std::to_string(image.width) + "x" +
                         std::to_string(image.height) + " image");
    RgbImage inner{width, height, {}};
    inner.pixels.reserve(std::size_t(width) * height * 3);
    for (int y = frame.top; y < frame.top + height; ++y) {
        const auto row = image.pixels.begin() + (std::size_t(y) * image.width + frame.left) * 3;
        inner.pixels.insert(inner.pixels.end(), row, row + std::size_t(width) * 3);
    }
    return inner;
}

std::string describe(const StyleFrame& frame) {
    std::string text;
    const auto add = [&text](const char* side, int px) {
        if (px == 0) return;
        text += (text.empty() ? "" : ", ") + std::string(side) + " " + std::to_string(px);
    };
    add("left", frame.left);
    add("top", frame.top);
    add("right", frame.right);
    add("bottom", frame.bottom);
    return text.empty() ? "none" : text + " px";
}

}  // namespace engine
