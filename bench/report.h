#pragma once
// Everything one bench invocation measured, written as JSON and as Markdown tables.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/machine.h"
#include "bench/memory.h"
#include "bench/options.h"
#include "bench/quality.h"
#include "bench/throughput.h"

namespace bench {

struct Results {
    Machine machine;
    std::string weights;
    std::vector<Timing> throughput;
    std::vector<CompareCost> compare;
    std::optional<QualityReport> quality;
    std::vector<MemoryResult> memory;
};

nlohmann::json to_json(const Results& results, const Options& options);
std::string to_markdown(const Results& results);

}  // namespace bench
