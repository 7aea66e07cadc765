#include "ui/run_stats.h"

#include <cmath>

#include "engine/user_text.h"

namespace ui {
namespace {
constexpr std::size_t kWindow = 12;  // frames: smooths the rate without hiding a slowdown for long
}

void RateMeter::add(int iteration, double elapsedSeconds) {
    if (!samples_.empty() && iteration <= samples_.back().first) return;
    samples_.emplace_back(iteration, elapsedSeconds);
    while (samples_.size() > kWindow) samples_.pop_front();
}

double RateMeter::iterationsPerSecond() const {
    if (samples_.size() < 2) return 0.0;
    const double seconds = samples_.back().second - samples_.front().second;
    const int iterations = samples_.back().first - samples_.front().first;
    return seconds > 0.0 ? iterations / seconds : 0.0;
}

QString RateMeter::eta(int iterationsLeft) const {
    const double rate = iterationsPerSecond();
    if (rate <= 0.0 || iterationsLeft < 0) return {};
    return formatDuration(iterationsLeft / rate);
}

QString formatDuration(double seconds) { return QString::fromStdString(engine::format_duration(seconds)); }

}  // namespace ui
