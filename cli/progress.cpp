#include "cli/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ostream>
#include <sstream>

#include <sys/ioctl.h>
#include <unistd.h>

#include "engine/user_text.h"

namespace cli {

namespace {

constexpr int kBarWidth = 20;

std::string bar(int done, int total, int width) {
    const int filled = total > 0 ? static_cast<int>(static_cast<long long>(done) * width / total) : 0;
    return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
}

}  // namespace

void RateMeter::add(int iteration, double elapsed_seconds) {
    if (first_iteration_ < 0) {
        first_iteration_ = last_iteration_ = iteration;
        first_elapsed_ = last_elapsed_ = elapsed_seconds;
        return;
    }
    if (iteration <= last_iteration_) return;
    last_iteration_ = iteration;
    last_elapsed_ = elapsed_seconds;
}

bool RateMeter::known() const {
    return first_iteration_ >= 0 && last_iteration_ - first_iteration_ >= kIterationsBeforeRate &&
           last_elapsed_ > first_elapsed_;
}

double RateMeter::per_second() const {
    return known() ? (last_iteration_ - first_iteration_) / (last_elapsed_ - first_elapsed_) : 0.0;
}

double RateMeter::seconds_left(int total_iterations) const {
    return known() ? std::max(0, total_iterations - last_iteration_) / per_second() : -1.0;
}

std::string format_progress(const engine::Frame& frame, const RateMeter& rate, bool details) {
    std::ostringstream line;
    line.precision(3);
    line << "it " << frame.iteration << "/" << frame.total_iterations;
    if (frame.scale_count > 1) line << " (scale " << frame.scale_index + 1 << "/" << frame.scale_count << ")";
    const auto scale = static_cast<std::size_t>(frame.scale_index);
    if (scale < frame.scale_tiles.size() && frame.scale_tiles[scale] > 1) line << " in " << frame.scale_tiles[scale] << " tiles";
    if (!frame.losses.empty()) {
        const auto& l = frame.losses.front();
        line << "  loss " << l.total;
        if (details) line << " (content " << l.content << ", style " << l.style << ", tv " << l.tv << ")";
        if (frame.losses.size() > 1) line << "  compare " << frame.losses[1].total;
    }
    if (rate.known())
        line << "  " << rate.per_second() << " it/s  ETA " << engine::format_duration(rate.seconds_left(frame.total_iterations));
    return line.str();
}

std::string fit_progress_line(const engine::Frame& frame, const RateMeter& rate, int width) {
    const std::size_t room = static_cast<std::size_t>(std::max(10, width - 1));
    const std::string progress_bar = bar(frame.iteration, frame.total_iterations, kBarWidth) + " ";
    for (const bool details : {true, false}) {
        const std::string text = format_progress(frame, rate, details);
        if (progress_bar.size() + text.size() <= room) return progress_bar + text;
        if (!details && text.size() <= room) return text;
    }
    return format_progress(frame, rate, false).substr(0, room);
}

Progress::Progress(std::ostream& out, bool terminal, bool quiet, int total_iterations, int width)
    : out_(out), terminal_(terminal), quiet_(quiet), line_every_(std::clamp(total_iterations / 20, 1, 50)), width_(width) {}

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

int Progress::terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        const int value = std::atoi(columns);
        if (value > 0) return value;
    }
    winsize size{};
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

void Progress::update(const engine::Frame& frame) {
    rate_.add(frame.iteration, frame.elapsed_seconds);
    if (quiet_) return;
    if (!terminal_) {
        if (frame.iteration % line_every_ == 0) out_ << format_progress(frame, rate_) << std::endl;
        return;
    }
    // Redraw at most ten times a second: a terminal is slower than a small run.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100) && frame.iteration < frame.total_iterations) return;
    last_draw_ = now;
    std::string line = fit_progress_line(frame, rate_, width_);
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
        out_ << format_progress(frame, rate_) << std::endl;
    }
}

}  // namespace cli
