#pragma once
// A description of the machine a result was measured on: results without it cannot be compared.
#include <string>

#include <nlohmann/json.hpp>

namespace bench {

struct Machine {
    std::string date;      // UTC, ISO 8601
    std::string cpu;       // lscpu's model name
    int cores = 0;
    std::string blas;      // where libblas.so.3 resolves to (update-alternatives)
    std::string libtorch;  // LibTorch version
    bool mkldnn = false;   // oneDNN convolutions available
    std::string compiler;
    double load_before = 0, load_after = 0;  // 1-minute load average
    double memory_gib = 0;

    nlohmann::json to_json() const;
    std::string markdown() const;
};

Machine describe_machine();
double load_average();

}  // namespace bench
