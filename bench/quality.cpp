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
    result.init = params.init;
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

std::string describe(const engine::Params& p) {
    return engine::to_string(p.optimizer) + ", " + engine::to_string(p.init) + " start, " + std::to_string(p.scales) +
           (p.scales == 1 ? " scale" : " scales");
}

// Runs the baseline for its whole budget, then each variant until it reaches the baseline's loss.
QualityComparison compare_to(Fixture& fixture, FinalSizeLoss& loss, const std::string& title, const engine::Params& baseline,
                             const std::vector<engine::Params>& variants) {
    QualityComparison comparison;
    comparison.title = title;
    auto base = run_until(fixture, loss, baseline, describe(baseline) + " (baseline)", 0);
    comparison.target_loss = base.final_loss;
    comparison.baseline_seconds = base.total_seconds;
    base.reached = true;
    base.seconds_to_target = base.total_seconds;
    base.iteration_reached = baseline.iterations;
    comparison.runs.push_back(base);
    for (const auto& params : variants)
        comparison.runs.push_back(run_until(fixture, loss, params, describe(params), comparison.target_loss));
    return comparison;
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

    auto make = [&](engine::OptimizerKind optimizer, engine::InitMode init, int scales) {
        auto p = fixture.params(report.size, engine::StyleLossMode::Full, optimizer, 0, options.quality_iterations);
        p.init = init;
        p.scales = scales;
        // The runs are compared on the loss of the picture alone (FinalSizeLoss); a bleed run
        // minimizes and reports its canvas's (README, Padding), so these run without one.
        p.padding = engine::Padding::Reflect;
        return p;
    };
    using engine::InitMode;
    using engine::OptimizerKind;
    const auto plain = make(OptimizerKind::Adam, InitMode::Noise, 1);
    const auto app_default = make(OptimizerKind::Lbfgs, InitMode::Content, 1);
    FinalSizeLoss loss(fixture.model(), content, fixture.style(report.size), plain);

    std::cerr << "  against the plain loop:\n";
    report.comparisons.push_back(compare_to(fixture, loss, "Against the plain loop (Adam from white noise, one scale)", plain,
                                            {app_default, make(OptimizerKind::Lbfgs, InitMode::Content, 2),
                                             make(OptimizerKind::Lbfgs, InitMode::Content, 3),
                                             make(OptimizerKind::Adam, InitMode::Content, 1),
                                             make(OptimizerKind::Lbfgs, InitMode::Noise, 1)}));
    std::cerr << "  against the default:\n";
    report.comparisons.push_back(compare_to(fixture, loss, "Against the default (L-BFGS from the content, one scale)",
                                            app_default,
                                            {make(OptimizerKind::Lbfgs, InitMode::Content, 2),
                                             make(OptimizerKind::Lbfgs, InitMode::Content, 3)}));
    return report;
}

}  // namespace bench
