// Soak test (opt-in: ./test.sh --soak): 2,000 iterations at 128 px with a random live parameter
// change every few iterations. Passes when nothing throws or faults and resident memory settles:
// growth between the first and the last quarter of the run stays under a bound.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "engine/image_io.h"
#include "engine/run.h"
#include "test_paths.h"

namespace {

long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        long value = 0;
        if (key == "VmRSS:" && status >> value) return value;
        status.ignore(256, '\n');
    }
    return -1;
}

engine::Params random_change(engine::Params params, std::mt19937& random) {
    std::uniform_real_distribution<double> exponent(-1.0, 1.0);
    switch (random() % 6) {
        case 0: params.style_weight = 1000.0 * std::pow(10.0, exponent(random)); break;
        case 1: params.content_weight = std::pow(10.0, exponent(random)); break;
        case 2: params.tv_weight = 10.0 * std::pow(10.0, exponent(random)); break;
        case 3: params.style_loss = static_cast<engine::StyleLossMode>(random() % 3); break;
        case 4: params.compare = !params.compare; break;
        case 5: params.pooling = params.pooling == engine::Pooling::Average ? engine::Pooling::Max : engine::Pooling::Average; break;
    }
    return params;
}

}  // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::stoi(argv[1]) : 2000;
    const long allowed_growth_kib = argc > 2 ? std::stol(argv[2]) : 64 * 1024;
    engine::Params params;
    params.size = 128;
    params.iterations = iterations;
    const auto model = engine::load_vgg19(test_paths::weights_file());
    engine::Run run(model, engine::load_image(test_paths::image("building.jpg"), 128),
                    engine::load_image(test_paths::image("starry_night.jpg"), 128), params);
    std::mt19937 random(1);
    long settled = 0, peak_after_settling = 0;
    while (!run.ended()) {
        const auto frame = run.step(run.iteration() % 10 == 0);
        if (frame.iteration % 5 == 0) run.set_params(random_change(run.params(), random));
        if (frame.iteration == iterations / 4) settled = resident_kib();
        if (frame.iteration > iterations / 4) peak_after_settling = std::max(peak_after_settling, resident_kib());
        if (frame.iteration % 100 == 0)
            std::printf("iteration %d  rss %ld KiB  loss %.4g\n", frame.iteration, resident_kib(), frame.losses[0].total);
    }
    const auto last = run.current(false);
    const long growth = peak_after_settling - settled;
    std::printf("status %s, rss at 1/4: %ld KiB, peak after: %ld KiB, growth %ld KiB (allowed %ld)\n",
                engine::to_string(last.status).c_str(), settled, peak_after_settling, growth, allowed_growth_kib);
    const bool ok = last.status == engine::RunStatus::Finished && growth < allowed_growth_kib;
    std::puts(ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return ok ? 0 : 1;
}
