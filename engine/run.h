#pragma once
// engine::Run: one style-transfer optimization that steps one iteration at a time.
// Live parameters (weights, layers, loss mode, learning rate, pooling, colours, style scale) may change
// between iterations with set_params(); fixed ones (size, iterations, optimizer, init, seed,
// scales, device, padding, trimming the style frame) need a new Run.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/params.h"
#include "engine/rgb_image.h"
#include "engine/style_frame.h"
#include "engine/tiles.h"
#include "engine/vgg19.h"

namespace engine {

enum class RunStatus {
    Running,       // more iterations to go
    Finished,      // all iterations done
    Cancelled,     // cancel() was called
    NumericFault,  // a loss became NaN/inf, diverged, or stalled (the image never moved); the
                   // best image so far is kept and `message` says which and what to do
};
std::string to_string(RunStatus status);

// The losses of one variant at one iteration (weighted, as they enter the total).
struct LossBreakdown {
    double total = 0, content = 0, style = 0, tv = 0;
    std::vector<std::pair<std::string, double>> style_per_layer;  // weighted, per style layer
};

// One iteration's report: a value, safe to send across threads.
struct Frame {
    std::uint64_t generation = 0;  // Run::generation() of the parameters this frame was computed with
    int iteration = 0;             // iterations completed so far (0: the initial state)
    int total_iterations = 0;
    int scale_index = 0, scale_count = 1;
    double elapsed_seconds = 0;    // optimization time so far (pauses excluded)
    std::vector<LossBreakdown> losses;  // one per variant: [main] or [main, compare]
    std::vector<RgbImage> images;       // one per variant when requested, else empty
    // The (first) style image the targets are computed from at this scale (Params::style_scale
    // applied); upscaled: some style image is larger than given to the run (strokes interpolated).
    int style_height = 0, style_width = 0;
    bool style_upscaled = false;
    // What was cut off each style image as given (Params::trim_style_frame; none when off or unframed).
    std::vector<StyleFrame> style_frames;
    // Per scale, how many tiles it is computed in (1: whole; see tiles.h and memory_estimate.h),
    // and the cores of the current scale's tiles at the last evaluation (empty when whole).
    std::vector<int> scale_tiles;
    std::vector<PixelRect> tiles;
    RunStatus status = RunStatus::Running;
    std::string message;  // why it stopped, for NumericFault; for Finished, a note when the result
                          // is an earlier iteration's image (the last steps raised the loss)
};

// The size (height, width) a run computes and returns for a content image of height x width:
// the same, unless the shorter side is below ParamLimits::min_size (the pooling layers need it);
// then both sides are raised, keeping the aspect ratio (a 16x11 content gives 23x16, not 16x16).
std::pair<int, int> run_image_size(int height, int width);

// The size (height, width) of a style image of style_height x style_width for a result whose
// longest side is result_longest: longest side style_scale x result_longest (at most
// ParamLimits::max_size), the aspect ratio kept, the shorter side at least ParamLimits::min_size.
std::pair<int, int> style_image_size(int style_height, int style_width, int result_longest, double style_scale);

// Where a run starts other than from Params::init: a given image (an init image, or an earlier
// run's snapshot to branch from), resized to the run's size at the scale `iteration` falls in.
// The iteration count goes on from `iteration` (0 <= iteration < Params::iterations, the total).
struct RunStart {
    RgbImage image;
    int iteration = 0;
};

class Run {
public:
    // The content is already sized (longest side = params.size); the style is given at its own
    // resolution (or any larger than the largest the style scale may ask for) and resized to
    // Params::style_scale x the result's longest side at every scale. Throws ParamError for impossible parameters or layers the model
    // lacks, ResourceError when the estimated memory exceeds what is available.
    Run(Vgg19 model, const RgbImage& content, const RgbImage& style, const Params& params);
    // The same, starting from `start` (see RunStart); the optimizer starts afresh.
    Run(Vgg19 model, const RgbImage& content, const RgbImage& style, const Params& params, const RunStart& start);
    // Several style images (1 to ParamLimits::max_styles), blended by Params::style_blend (empty:
    // equally; otherwise one weight per style, else ParamError).
    Run(Vgg19 model, const RgbImage& content, const std::vector<RgbImage>& styles, const Params& params,
        const RunStart& start = {});
    ~Run();
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    // One iteration (one forward/backward per variant batch). Returns the new state; images are
    // rendered only when with_images is true. After the run has ended it returns the final state:
    // each variant's best iterate of the last scale, never a last step that raised the loss (a
    // scale also hands its best iterate to the next).
    Frame step(bool with_images = true);
    // The current state without stepping.
    Frame current(bool with_images = true) const;

    // Takes effect at the next step. Throws ParamError when fixed parameters differ or a layer is
    // missing. Targets are recomputed only when what they depend on changed.
    void set_params(const Params& params);
    const Params& params() const;
    // Replaces the style images and the parameters together (a style added or removed changes the
    // blend's count), taking effect at the next step like set_params: the targets are recomputed,
    // the iteration count goes on. Throws ParamError as the constructor does, leaving the run as it was.
    void set_styles(const std::vector<RgbImage>& styles, const Params& params);
    std::size_t style_count() const;
    std::uint64_t generation() const;  // increases with every accepted set_params()

    // Thread-safe; the current or next step returns with status Cancelled.
    void cancel();
    bool ended() const;
    int iteration() const;

private:
    struct State;
    std::unique_ptr<State> state_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace engine
