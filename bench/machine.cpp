#include "bench/machine.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <ATen/Context.h>
#include <torch/version.h>

namespace bench {
namespace {

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    return "unknown";
}

std::string blas_library() {
    std::error_code error;
    const auto resolved = std::filesystem::canonical("/usr/lib/x86_64-linux-gnu/libblas.so.3", error);
    return error ? "unknown (no /usr/lib/x86_64-linux-gnu/libblas.so.3)" : resolved.string();
}

double memory_gib() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    double kib = 0;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemTotal:") return kib / (1024.0 * 1024.0);
    return 0;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace

double load_average() {
    std::ifstream in("/proc/loadavg");
    double one = 0;
    in >> one;
    return one;
}

Machine describe_machine() {
    Machine m;
    m.date = utc_now();
    m.cpu = cpu_model();
    m.cores = static_cast<int>(std::thread::hardware_concurrency());
    m.blas = blas_library();
    m.libtorch = TORCH_VERSION;
    m.mkldnn = at::hasMKLDNN();
    m.compiler = std::string("gcc ") + __VERSION__;
    m.load_before = load_average();
    m.memory_gib = memory_gib();
    return m;
}

nlohmann::json Machine::to_json() const {
    return {{"date", date},         {"cpu", cpu},           {"cores", cores},
            {"blas", blas},         {"libtorch", libtorch}, {"mkldnn", mkldnn},
            {"compiler", compiler}, {"memory_gib", memory_gib},
            {"load_average_before", load_before}, {"load_average_after", load_after}};
}

std::string Machine::markdown() const {
    std::ostringstream out;
    out.precision(3);
    out << "- Date: " << date << "\n- CPU: " << cpu << ", " << cores << " cores, " << memory_gib << " GiB\n"
        << "- BLAS: " << blas << "\n- LibTorch " << libtorch << (mkldnn ? " (oneDNN convolutions)" : "") << ", "
        << compiler << "\n- Load average (1 min) before/after: " << load_before << " / " << load_after << "\n";
    return out.str();
}

}  // namespace bench
