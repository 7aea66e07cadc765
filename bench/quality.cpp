#include "bench/quality.h"

#include <chrono>
#include <iostream>

#include "engine/image_tensor.h"
#include "engine/objective.h"
#include "engine/run.h"
#include "engine/runtime.h"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

// The loss of an image at the final size, independent of how the image was made.
class FinalSizeLoss {
public:
    FinalSizeLoss(engine::Vgg19 model, const engine::RgbImage& content, const engine::RgbImage& style,
                  engine::Params params)
        : objective_(model) {
        params.compare = false;
        params.style_layers = model->default_style_layers();
        params.content_layer = model->default_content_layer();
        objective_.set_params(params);
        objective_.set_images(engine::image_to_tensor(content), engine::image_to_tensor(style));
    }
    double operator()(const engine::RgbImage& image) {
        return objective_.evaluate(engine::image_to_tensor(image)).losses.at(0).total;
    }

private:
    engine::Objective objective_;
};

// Runs one configuration, stopping once its image reaches `target` (when target > 0).
QualityRun run_until(Fixture& fixture, FinalSizeLoss& loss, const engine::Params& params, const std::string& label,
                     double target) {
    QualityRun result;
    result.label = label;
    result.optimizer = params.optimizer;
    result.scales = params.scales;
    result.iterations = params.iterations;
    double wall = 0;
    auto start = Clock::now();
    engine::Run run(fixture.model(), fixture.content(params.size), fixture.style(params.size), params);
    wall += std::chrono::duration<double>(Clock::now() - start).count();
    engine::Frame frame = run.current(false);
    while (true) {
        const bool final_scale = frame.scale_index == frame.scale_count - 1;
        if (final_scale && !frame.losses.empty()) {
            const double float_loss = frame.losses[0].total;
            result.curve.emplace_back(wall, float_loss);
            // Only near the target is the 8-bit image evaluated (quantization adds a little).
            if (target > 0 && float_loss <= target * 1.02 && loss(run.current(true).images.at(0)) <= target) {
                result.reached = true;
                result.seconds_to_target = wall;
                result.iteration_reached = frame.iteration;
                break;
            }
        }
        if (run.ended()) break;
        start = Clock::now();
        frame = run.step(false);
        wall += std::chrono::duration<double>(Clock::now() - start).count();
    }
    result.total_seconds = wall;
    result.final_loss = loss(run.current(true).images.at(0));
    std::cerr << "  " << label << ": " << (result.reached ? "reached at " + std::to_string(result.seconds_to_target) + " s"
                                                          : "not reached, final loss " + std::to_string(result.final_loss))
              << " (" << frame.iteration << " iterations)\n";
    return result;
}

}  // namespace

QualityReport measure_quality(Fixture& fixture, const Options& options) {
    QualityReport report;
    report.size = options.quality_size;
    report.baseline_iterations = options.quality_iterations;
    report.threads = engine::configure_threads(0);
    const auto& content = fixture.content(report.size);
    report.height = content.height;
    report.width = content.width;

    auto base = Fixture::params(report.size, engine::StyleLossMode::Full, engine::OptimizerKind::Lbfgs, 0,
                                options.quality_iterations);
    FinalSizeLoss loss(fixture.model(), content, fixture.style(report.size), base);

    auto baseline = run_until(fixture, loss, base, "lbfgs, 1 scale (baseline)", 0);
    report.target_loss = baseline.final_loss;
    report.baseline_seconds = baseline.total_seconds;
    baseline.reached = true;
    baseline.seconds_to_target = baseline.total_seconds;
    baseline.iteration_reached = options.quality_iterations;
    report.runs.push_back(baseline);

    // The same iteration budget; each stops as soon as it reaches the baseline's loss.
    for (int scales : {2, 3}) {
        auto p = base;
        p.scales = scales;
        report.runs.push_back(run_until(fixture, loss, p, "lbfgs, " + std::to_string(scales) + " scales", report.target_loss));
    }
    for (int scales : {1, 3}) {
        auto p = base;
        p.optimizer = engine::OptimizerKind::Adam;
        p.scales = scales;
        report.runs.push_back(run_until(fixture, loss, p,
                                        "adam, " + std::to_string(scales) + (scales == 1 ? " scale" : " scales"),
                                        report.target_loss));
    }
    return report;
}

}  // namespace bench
