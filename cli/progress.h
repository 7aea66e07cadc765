#pragma once
// Progress of a run on stderr: a live bar redrawn in place (\r) on a terminal, fitted to its
// width, plain lines every few iterations when stderr is a file or a pipe (logs stay readable).
#include <chrono>
#include <iosfwd>
#include <string>

#include "engine/run.h"

namespace cli {

// Iterations per second and the time left, measured from the first completed iteration: the
// start-up (loading the network, the first evaluation, thread pools warming up) is not an
// iteration's cost and made a 23 s run show "ETA 4:22" after three iterations.
class RateMeter {
public:
    // Iterations measured before a rate is shown.
    static constexpr int kIterationsBeforeRate = 3;
    void add(int iteration, double elapsed_seconds);
    bool known() const;
    double per_second() const;
    double seconds_left(int total_iterations) const;

private:
    int first_iteration_ = -1, last_iteration_ = -1;
    double first_elapsed_ = 0, last_elapsed_ = 0;
};

// "it 10/300  loss 1.23e+03 (content 4.5e+01, style 1.1e+03, tv 2.0e+01)  2.5 it/s  ETA 1:56";
// without details the per-term losses are left out. Rate and ETA only once the meter knows them.
std::string format_progress(const engine::Frame& frame, const RateMeter& rate, bool details = true);
// The live line for a terminal `width` columns wide: bar and details dropped as needed, never
// longer than width - 1 (a full-width line wraps on some terminals).
std::string fit_progress_line(const engine::Frame& frame, const RateMeter& rate, int width);

class Progress {
public:
    // width: the terminal's columns (see terminal_width()); used only when terminal is true.
    Progress(std::ostream& out, bool terminal, bool quiet, int total_iterations, int width = 80);
    void update(const engine::Frame& frame);
    // Ends the live line (a terminal) and writes the last state.
    void finish(const engine::Frame& frame);
    static bool stderr_is_terminal();
    // $COLUMNS when set, else the terminal's width (TIOCGWINSZ on stderr), else 80.
    static int terminal_width();

private:
    std::ostream& out_;
    bool terminal_, quiet_;
    int line_every_;  // plain mode: one line per this many iterations
    int width_;
    RateMeter rate_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::size_t last_width_ = 0;
};

}  // namespace cli
