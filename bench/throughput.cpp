#include "bench/throughput.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "engine/run.h"
#include "engine/runtime.h"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::string Timing::label() const {
    std::string text = engine::to_string(mode);
    if (compare) text += "+" + engine::to_string(compare_mode);
    return text + " " + engine::to_string(optimizer) + " " + std::to_string(size) + "px " + std::to_string(threads) + "t";
}

Timing time_run(Fixture& fixture, engine::Params params, int iterations, int warmup) {
    params.iterations = warmup + iterations;
    Timing t;
    t.size = params.size;
    t.mode = params.style_loss;
    t.compare = params.compare;
    t.compare_mode = params.compare_loss;
    t.optimizer = params.optimizer;
    t.threads_requested = params.threads;
    t.warmup = warmup;
    const auto& content = fixture.content(params.size);
    t.height = content.height;
    t.width = content.width;

    const auto setup_start = Clock::now();
    engine::Run run(fixture.model(), content, fixture.style(params.size), params);
    t.setup_seconds = seconds_since(setup_start);
    t.threads = engine::configure_threads(params.threads);  // what the run set, read back
    auto frame = run.current(false);
    t.initial_loss = frame.losses.empty() ? 0 : frame.losses[0].total;
    for (int i = 0; i < warmup + iterations && !run.ended(); ++i) {
        const auto start = Clock::now();
        frame = run.step(false);
        const double elapsed = seconds_since(start);
        if (i >= warmup) t.seconds.push_back(elapsed);
    }
    t.final_loss = frame.losses.empty() ? 0 : frame.losses[0].total;
    t.status = frame.status == engine::RunStatus::Finished ? "finished" : engine::to_string(frame.status) + ": " + frame.message;
    t.median = median(t.seconds);
    t.minimum = t.seconds.empty() ? 0 : *std::min_element(t.seconds.begin(), t.seconds.end());
    std::cerr << "  " << t.label() << " (" << t.width << "x" << t.height << "): " << t.median << " s/iteration\n";
    return t;
}

std::vector<Timing> measure_throughput(Fixture& fixture, const Options& options) {
    std::vector<Timing> results;
    for (int threads : options.threads)
        for (int size : options.sizes)
            for (auto optimizer : options.optimizers)
                for (auto mode : options.modes)
                    results.push_back(time_run(fixture, fixture.params(size, mode, optimizer, threads, 0),
                                               options.iterations, options.warmup));
    return results;
}

std::vector<CompareCost> measure_compare(Fixture& fixture, const Options& options) {
    std::vector<CompareCost> results;
    const auto first = engine::StyleLossMode::Full, second = engine::StyleLossMode::Diagonal;  // the app's default pair
    for (int size : options.compare_sizes)
        for (auto optimizer : options.optimizers) {
            CompareCost cost;
            cost.first = time_run(fixture, fixture.params(size, first, optimizer, 0, 0), options.iterations, options.warmup);
            cost.second = time_run(fixture, fixture.params(size, second, optimizer, 0, 0), options.iterations, options.warmup);
            auto pair = fixture.params(size, first, optimizer, 0, 0);
            pair.compare = true;
            pair.compare_loss = second;
            cost.pair = time_run(fixture, pair, options.iterations, options.warmup);
            results.push_back(cost);
        }
    return results;
}

}  // namespace bench
