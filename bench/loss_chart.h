#pragma once
// A PNG chart of loss (log scale) against wall time for the time-to-quality runs.
#include <string>

#include "bench/quality.h"

namespace bench {

// Writes the chart to `path` (PNG); throws engine::OutputError when it cannot be written.
void draw_loss_chart(const QualityReport& report, const std::string& path);

}  // namespace bench
