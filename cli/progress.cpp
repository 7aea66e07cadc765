#include "cli/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>

#include <unistd.h>

namespace cli {

namespace {

std::string bar(int done, int total, int width) {
    const int filled = total > 0 ? static_cast<int>(static_cast<long long>(done) * width / total) : 0;
    return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
}

}  // namespace

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long long total = std::llround(seconds);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    return text;
}

std::string format_progress(const engine::Frame& frame) {
    std::ostringstream line;
    line.precision(3);
    line << "it " << frame.iteration << "/" << frame.total_iterations;
    if (frame.scale_count > 1) line << " (scale " << frame.scale_index + 1 << "/" << frame.scale_count << ")";
    if (!frame.losses.empty()) {
        const auto& l = frame.losses.front();
        line << "  loss " << l.total << " (content " << l.content << ", style " << l.style << ", tv " << l.tv << ")";
        if (frame.losses.size() > 1) line << "  compare loss " << frame.losses[1].total;
    }
    if (frame.iteration > 0 && frame.elapsed_seconds > 0) {
        const double rate = frame.iteration / frame.elapsed_seconds;
        line << "  " << rate << " it/s  ETA " << format_duration((frame.total_iterations - frame.iteration) / rate);
    }
    return line.str();
}

Progress::Progress(std::ostream& out, bool terminal, bool quiet, int total_iterations)
    : out_(out), terminal_(terminal), quiet_(quiet), line_every_(std::clamp(total_iterations / 20, 1, 50)) {}

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void Progress::update(const engine::Frame& frame) {
    if (quiet_) return;
    if (!terminal_) {
        if (frame.iteration % line_every_ == 0) out_ << format_progress(frame) << std::endl;
        return;
    }
    // Redraw at most ten times a second: a terminal is slower than a small run.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100) && frame.iteration < frame.total_iterations) return;
    last_draw_ = now;
    std::string line = bar(frame.iteration, frame.total_iterations, 20) + " " + format_progress(frame);
    const std::size_t width = line.size();
    if (width < last_width_) line += std::string(last_width_ - width, ' ');  // erase the longer old line
    last_width_ = width;
    out_ << "\r" << line << std::flush;
}

void Progress::finish(const engine::Frame& frame) {
    if (quiet_) return;
    if (terminal_) {
        last_draw_ = {};
        update(frame);
        out_ << std::endl;
    } else if (frame.iteration % line_every_ != 0) {
        out_ << format_progress(frame) << std::endl;
    }
}

}  // namespace cli
