#pragma once
// Iterations per second over the last few frames, and the time left.
#include <QString>
#include <deque>

namespace ui {

class RateMeter {
public:
    void reset() { samples_.clear(); }
    // iteration and the engine's elapsed optimization seconds (pauses excluded).
    void add(int iteration, double elapsedSeconds);
    double iterationsPerSecond() const;  // 0 until two samples
    // "1:05" style; empty when unknown.
    QString eta(int iterationsLeft) const;

private:
    std::deque<std::pair<int, double>> samples_;
};

QString formatDuration(double seconds);

}  // namespace ui
