// gramstudio-bench: seconds per iteration, compare-mode cost, time to quality and peak memory of
// engine::Run (GitHub issue 6). Writes OUT/bench.json, OUT/bench.md and OUT/loss_vs_time.png.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "bench/fixture.h"
#include "bench/loss_chart.h"
#include "bench/machine.h"
#include "bench/memory.h"
#include "bench/options.h"
#include "bench/quality.h"
#include "bench/report.h"
#include "bench/throughput.h"
#include "engine/errors.h"
#include "engine/image_io.h"

namespace {

std::string self_executable(const char* argv0) {
    std::error_code error;
    const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string(argv0) : path.string();
}

int run_bench(int argc, char** argv) {
    bool help = false;
    const bench::Options options = bench::parse_options(argc, argv, help);
    if (help) {
        std::cout << bench::usage();
        return 0;
    }
    namespace fs = std::filesystem;
    fs::create_directories(options.out_dir);

    bench::Results results;
    results.machine = bench::describe_machine();
    bench::Fixture fixture(options);
    results.weights = fixture.weights_path();
    std::cerr << "gramstudio-bench: " << fixture.weights_path() << ", load average " << results.machine.load_before << "\n";

    const auto inputs = (fs::path(options.out_dir) / "inputs").string();
    for (int size : options.sizes) fixture.save_inputs(size, inputs);

    if (options.wants("throughput")) {
        std::cerr << "seconds per iteration:\n";
        results.throughput = bench::measure_throughput(fixture, options);
    }
    if (options.wants("compare")) {
        std::cerr << "compare mode:\n";
        results.compare = bench::measure_compare(fixture, options);
    }
    if (options.wants("quality")) {
        std::cerr << "time to quality:\n";
        results.quality = bench::measure_quality(fixture, options);
        bench::draw_loss_chart(*results.quality, (fs::path(options.out_dir) / "loss_vs_time.png").string());
    }
    if (options.wants("memory")) {
        std::cerr << "peak memory:\n";
        results.memory = bench::measure_memory(fixture, options, self_executable(argv[0]));
    }
    results.machine.load_after = bench::load_average();

    const auto json_path = (fs::path(options.out_dir) / "bench.json").string();
    const auto md_path = (fs::path(options.out_dir) / "bench.md").string();
    engine::write_file_atomic(json_path, bench::to_json(results, options).dump(2) + "\n");
    const auto markdown = bench::to_markdown(results);
    engine::write_file_atomic(md_path, markdown);
    std::cout << markdown << "Wrote " << json_path << " and " << md_path << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc >= 2 && std::string(argv[1]) == "--memory-child") return bench::memory_child_main(argc - 2, argv + 2);
        return run_bench(argc, argv);
    } catch (const engine::ParamError& e) {
        std::cerr << "gramstudio-bench: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "gramstudio-bench: " << e.what() << "\n";
        return 1;
    }
}
