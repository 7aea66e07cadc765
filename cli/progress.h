#pragma once
// Progress of a run on stderr: a live bar redrawn in place (\r) on a terminal, plain lines every
// few iterations when stderr is a file or a pipe (logs stay readable).
#include <chrono>
#include <iosfwd>
#include <string>

#include "engine/run.h"

namespace cli {

// "1:05" or "2:03:04".
std::string format_duration(double seconds);
// "it 10/300  loss 1.23e+03 (content 4.5e+01, style 1.1e+03, tv 2.0e+01)  2.5 it/s  ETA 1:56"
std::string format_progress(const engine::Frame& frame);

class Progress {
public:
    Progress(std::ostream& out, bool terminal, bool quiet, int total_iterations);
    void update(const engine::Frame& frame);
    // Ends the live line (a terminal) and writes the last state.
    void finish(const engine::Frame& frame);
    static bool stderr_is_terminal();

private:
    std::ostream& out_;
    bool terminal_, quiet_;
    int line_every_;  // plain mode: one line per this many iterations
    std::chrono::steady_clock::time_point last_draw_{};
    std::size_t last_width_ = 0;
};

}  // namespace cli
