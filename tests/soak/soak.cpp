// Soak test (opt-in: ./test.sh --soak): 2,000 iterations at 128 px with a random live parameter
// change every 5 iterations (weights, loss mode, compare, pooling, layers, colours, learning rate). Passes when nothing throws or faults and resident memory settles:
// growth between the first and the last quarter of the run stays under a bound.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

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

// A random non-empty subset of the model's style layers, each with a weight from 0.2 to 2.
std::vector<engine::StyleLayer> random_layers(const engine::Vgg19& model, std::mt19937& random) {
    std::vector<engine::StyleLayer> layers;
    std::uniform_real_distribution<double> weight(0.2, 2.0);
    for (const auto& layer : model->default_style_layers())
        if (random() % 2) layers.push_back({layer.name, weight(random)});
    if (layers.empty()) layers.push_back(model->default_style_layers().front());
    return layers;
}

engine::Params random_change(engine::Params params, const engine::Vgg19& model, std::mt19937& random) {
    std::uniform_real_distribution<double> exponent(-1.0, 1.0);
    switch (random() % 9) {
        case 0: params.style_weight = 1000.0 * std::pow(10.0, exponent(random)); break;
        case 1: params.content_weight = std::pow(10.0, exponent(random)); break;
        case 2: params.tv_weight = 10.0 * std::pow(10.0, exponent(random)); break;
        case 3: params.style_loss = static_cast<engine::StyleLossMode>(random() % 4); break;
        case 4: params.compare = !params.compare; break;
        case 5: params.pooling = params.pooling == engine::Pooling::Average ? engine::Pooling::Max : engine::Pooling::Average; break;
        case 6: params.style_layers = random_layers(model, random); break;
        case 7: params.color_control = static_cast<engine::ColorControl>(random() % 3); break;
        case 8: params.learning_rate = std::pow(10.0, 0.3 * exponent(random)); break;  // L-BFGS: 0.5 to 2
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
        if (frame.iteration % 5 == 0) run.set_params(random_change(run.params(), model, random));
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
