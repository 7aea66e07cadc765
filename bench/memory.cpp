#include "bench/memory.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/memory_estimate.h"
#include "engine/run.h"

extern char** environ;

namespace bench {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// The process's peak resident set so far, from /proc/self/status (kB), in MiB.
double vm_hwm_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

MemoryResult run_child(const Options& options, const std::string& self_path, bool compare,
                       engine::OptimizerKind optimizer) {
    MemoryResult result;
    result.size = options.memory_size;
    result.compare = compare;
    result.optimizer = optimizer;
    result.iterations = options.memory_iterations;
    const auto result_file = std::filesystem::temp_directory_path() /
                             ("gramstudio-bench-memory-" + std::to_string(getpid()) + ".json");
    std::vector<std::string> args{self_path,
                                  "--memory-child",
                                  std::to_string(options.memory_size),
                                  compare ? "1" : "0",
                                  engine::to_string(optimizer),
                                  std::to_string(options.memory_iterations),
                                  result_file.string()};
    if (!options.weights.empty()) args.insert(args.end(), {"--weights", options.weights});
    if (!options.content_image.empty()) args.insert(args.end(), {"--content", options.content_image});
    if (!options.style_image.empty()) args.insert(args.end(), {"--style", options.style_image});
    args.insert(args.end(), {"--padding", engine::to_string(options.padding)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = 0;
    if (const int error = posix_spawn(&pid, self_path.c_str(), nullptr, nullptr, argv.data(), environ)) {
        result.error = "could not start " + self_path + ": " + std::strerror(error);
        return result;
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) {
        result.error = "wait4 failed: " + std::string(std::strerror(errno));
        return result;
    }
    result.peak_mib = usage.ru_maxrss / 1024.0;  // Linux reports KiB
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        result.error = WIFSIGNALED(status) ? "child killed by signal " + std::to_string(WTERMSIG(status))
                                           : "child exited with " + std::to_string(WEXITSTATUS(status));
        return result;
    }
    try {
        std::ifstream in(result_file);
        const auto json = nlohmann::json::parse(in);
        result.height = json.at("height");
        result.width = json.at("width");
        result.vm_hwm_mib = json.at("vm_hwm_mib");
        result.baseline_mib = json.at("baseline_mib");
        result.estimate_mib = json.at("estimate_mib");
    } catch (const std::exception& e) {
        result.error = "unreadable child result " + result_file.string() + ": " + e.what();
    }
    std::filesystem::remove(result_file);
    std::cerr << "  " << (compare ? "compare" : "single") << " " << engine::to_string(optimizer) << " "
              << options.memory_size << "px: peak " << result.peak_mib << " MiB" << (result.error.empty() ? "" : " (" + result.error + ")")
              << "\n";
    return result;
}

}  // namespace

std::vector<MemoryResult> measure_memory(Fixture&, const Options& options, const std::string& self_path) {
    std::vector<MemoryResult> results;
    for (auto optimizer : options.optimizers)
        for (bool compare : {false, true}) results.push_back(run_child(options, self_path, compare, optimizer));
    return results;
}

int memory_child_main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "--memory-child SIZE COMPARE OPTIMIZER ITERATIONS RESULT_FILE [--weights F] [--content F] [--style F] [--padding P]\n";
        return 2;
    }
    try {
        Options options;
        const int size = std::stoi(argv[0]);
        const bool compare = std::string(argv[1]) == "1";
        const auto optimizer = engine::parse_optimizer(argv[2]);
        const int iterations = std::stoi(argv[3]);
        const std::string result_file = argv[4];
        for (int i = 5; i + 1 < argc; i += 2) {
            const std::string flag = argv[i];
            if (flag == "--weights") options.weights = argv[i + 1];
            else if (flag == "--content") options.content_image = argv[i + 1];
            else if (flag == "--style") options.style_image = argv[i + 1];
            else if (flag == "--padding") options.padding = engine::parse_padding(argv[i + 1]);
        }
        Fixture fixture(options);
        const auto& content = fixture.content(size);
        const auto& style = fixture.style(size);
        const double baseline = vm_hwm_mib();
        auto params = fixture.params(size, engine::StyleLossMode::Full, optimizer, 0, iterations);
        params.compare = compare;
        const double estimate = engine::estimate_run_bytes(*fixture.model(), params, content.height, content.width) / kMiB;
        {
            engine::Run run(fixture.model(), content, style, params);
            while (!run.ended()) run.step(false);
        }
        nlohmann::json json{{"height", content.height}, {"width", content.width}, {"vm_hwm_mib", vm_hwm_mib()},
                            {"baseline_mib", baseline}, {"estimate_mib", estimate}};
        std::ofstream(result_file) << json.dump();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "memory child: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace bench
