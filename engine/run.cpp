#include "engine/run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <tuple>

#include "engine/bleed.h"
#include "engine/errors.h"
#include "engine/heap.h"
#include "engine/image_tensor.h"
#include "engine/lbfgs.h"
#include "engine/memory_estimate.h"
#include "engine/objective.h"
#include "engine/runtime.h"
#include "engine/style_frame.h"

namespace engine {
namespace {

// `height` x `width` scaled by `factor`, but never with a side below ParamLimits::min_size (the
// pooling layers need it): a smaller factor is raised for both sides, so the aspect ratio is kept
// (16 px asked of a 3:2 photo gives 24x16, never 16x16).
std::pair<std::int64_t, std::int64_t> scaled_size(std::int64_t height, std::int64_t width, double factor) {
    const double smallest = static_cast<double>(ParamLimits::min_size) / std::min(height, width);
    factor = std::max(factor, smallest);
    return {std::max<std::int64_t>(ParamLimits::min_size, std::llround(height * factor)),
            std::max<std::int64_t>(ParamLimits::min_size, std::llround(width * factor))};
}

// The image sizes of a coarse-to-fine schedule, each half the next, the last the full size.
std::vector<std::pair<std::int64_t, std::int64_t>> scale_sizes(std::int64_t height, std::int64_t width, int scales) {
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes;
    for (int k = scales - 1; k >= 0; --k) sizes.push_back(scaled_size(height, width, std::ldexp(1.0, -k)));
    return sizes;
}

// Iterations per scale: an equal share each, the remainder at the finest scale.
std::vector<int> scale_iterations(int iterations, int scales) {
    std::vector<int> counts(scales, iterations / scales);
    counts.back() += iterations % scales;
    return counts;
}

torch::Tensor noise_image(std::int64_t height, std::int64_t width, std::uint64_t seed) {
    // std::mt19937_64 rather than LibTorch's generator: the same seed gives the same start on
    // every LibTorch version and device.
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    auto noise = torch::empty({1, 3, height, width});
    auto* data = noise.data_ptr<float>();
    for (std::int64_t i = 0; i < noise.numel(); ++i) data[i] = uniform(generator);
    return noise;
}

// A loss this many times the one at the last change means the steps are too large.
constexpr double kDivergenceFactor = 20.0;
// A step that more than doubles an image's loss is taken back and retried shorter.
constexpr double kRetryFactor = 2.0;
// This many iterations since the function last changed without any image's loss going below its
// value at the change means the image does not move (every step taken back, or too small).
constexpr int kStallIterations = 10;
// A loss must fall by more than this fraction to count as progress (float noise is not).
constexpr double kProgressTolerance = 1e-6;

bool same_fixed_params(const Params& a, const Params& b) {
    return a.size == b.size && a.iterations == b.iterations && a.optimizer == b.optimizer && a.init == b.init &&
           a.seed == b.seed && a.scales == b.scales && a.device == b.device && a.padding == b.padding &&
           a.trim_style_frame == b.trim_style_frame;
}

torch::Device model_device(Vgg19& model) {
    const auto parameters = model->parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

}  // namespace

std::pair<int, int> style_image_size(int style_height, int style_width, int result_longest, double style_scale) {
    const int longest = std::min<int>(ParamLimits::max_size, static_cast<int>(std::lround(style_scale * result_longest)));
    const auto [h, w] = scaled_size(style_height, style_width, static_cast<double>(longest) / std::max(style_height, style_width));
    return {static_cast<int>(h), static_cast<int>(w)};
}

std::pair<int, int> run_image_size(int height, int width) {
    const auto [h, w] = scaled_size(height, width, 1.0);
    return {static_cast<int>(h), static_cast<int>(w)};
}

std::string to_string(RunStatus status) {
    switch (status) {
        case RunStatus::Running: return "running";
        case RunStatus::Finished: return "finished";
        case RunStatus::Cancelled: return "cancelled";
        case RunStatus::NumericFault: return "numeric fault";
    }
    return "unknown";
}

namespace {

// The style images as a run uses them, on `device`: each with its scanned frame cut off when
// `trim` (what was cut goes to `frames`, one per style).
std::vector<torch::Tensor> style_tensors(const std::vector<RgbImage>& styles, bool trim, torch::Device device,
                                         std::vector<StyleFrame>& frames) {
    std::vector<torch::Tensor> tensors;
    frames.clear();
    for (const auto& style : styles) {
        frames.push_back(trim ? detect_style_frame(style) : StyleFrame{});
        const torch::Tensor image =
            frames.back().any() ? image_to_tensor(crop_frame(style, frames.back())) : image_to_tensor(style);
        tensors.push_back(image.to(device));
    }
    return tensors;
}

}  // namespace

struct Run::State {
    State(Vgg19 m) : model(m), device(model_device(m)), objective(m) {}

    Vgg19 model;
    torch::Device device;
    Objective objective;
    Params params;
    std::uint64_t generation = 0;

    torch::Tensor content_full;  // [1,3,H,W] RGB on the device, full size
    // [1,3,H,W] RGB on the device, as given (resized per scale and style scale): one per style.
    std::vector<torch::Tensor> styles_full;
    std::vector<StyleFrame> style_frames;  // what was cut off each style image as given
    int style_height = 0, style_width = 0;  // the first style image at the current scale
    bool style_upscaled = false;            // some style image is enlarged past its own size
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes;
    std::vector<int> iterations_per_scale;
    int scale = 0, iteration = 0, iteration_in_scale = 0;

    // The images being optimized, one per variant: the picture and its bleed around it (bleed.h),
    // `bleed` px on every side (0: the picture alone). Frames and results show the picture.
    torch::Tensor x;
    int bleed = 0;
    // The best iterate of each variant since the function last changed: the result of a scale
    // and of the run (the last step may have raised the loss). Copied only when a loss improves.
    torch::Tensor best;
    std::vector<LossBreakdown> best_losses;
    std::vector<double> best_totals;   // +inf right after a change: any finite loss is better
    std::vector<double> start_totals;  // the first losses after the change, to tell progress
    std::vector<int> best_iterations;
    int evaluations_since_change = 0;
    bool progressed = false;           // some variant's loss fell below its start since the change
    bool progressed_in_run = false;    // ... since the run started, over all changes and scales
    double reference_loss = 0;   // the loss when the function last changed; 0: take the next one
    std::unique_ptr<ImageOptimizer> optimizer;
    MemoryPlan memory;  // whole or tiled, per scale
    bool evaluated = false;
    Objective::Evaluation evaluation;

    RunStatus status = RunStatus::Running;
    std::string message;
    double elapsed = 0;

    std::size_t variants() const { return params.compare ? 2 : 1; }

    // `params` as a live change of this run with `styles` style images: validated, the fixed ones
    // unchanged, the model's default layers filled in and present, one blend weight per style.
    Params accepted(const Params& params, std::size_t styles) const {
        validate(params);
        if (!same_fixed_params(params, this->params))
            throw ParamError("size, iterations, optimizer, init, seed, scales, device, padding and the style frame's "
                             "trimming are fixed for a run: "
                             "start a new run to change them");
        Params next = params;
        if (next.style_layers.empty()) next.style_layers = model->default_style_layers();
        if (next.content_layer.empty()) next.content_layer = model->default_content_layer();
        for (const auto& layer : next.style_layers) model->require_layer(layer.name);
        model->require_layer(next.content_layer);
        blend_weights(next, styles);
        check_style_masks(next, styles);
        refuse_regions_in_tiles(next);
        return next;
    }

    // Painted regions are not computed in tiles (objective.h).
    void refuse_regions_in_tiles(const Params& next) const {
        const bool tiled = std::any_of(memory.max_tiles.begin(), memory.max_tiles.end(), [](int t) { return t > 0; });
        if (tiled && !next.style_masks.empty())
            throw ParamError("painted regions are not computed in tiles, and this run needs tiles to stay within its "
                             "memory: choose a smaller size or allow more memory to paint regions");
    }

    // Per scale, how many tiles it is computed in (1: whole).
    std::vector<int> tile_counts() const {
        std::vector<int> counts;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            const int max_tile = memory.max_tiles[i];
            counts.push_back(max_tile == 0 ? 1
                                           : static_cast<int>(plan_tiles(static_cast<int>(sizes[i].first) + 2 * bleed,
                                                                         static_cast<int>(sizes[i].second) + 2 * bleed,
                                                                         max_tile, objective.deepest_layer())
                                                                  .count()));
        }
        return counts;
    }

    // After the function changed: the old curvature pairs belong to another function, and frames
    // from here on carry the next generation.
    // keep_optimizer: only the regions changed (a painted stroke), a small change of the function,
    // so the optimizer's state still describes it well enough and the picture goes on forming.
    void restart_after_change(bool keep_optimizer = false) {
        if (!keep_optimizer) optimizer->reset();
        evaluated = false;
        function_changed();
        ++generation;
    }

    // Prepares the targets and images of scale `index`, carrying x over (resized) when given.
    void enter_scale(int index) {
        scale = index;
        iteration_in_scale = 0;
        const auto [h, w] = sizes[index];
        const torch::Tensor coarse_content = x.defined() ? objective.content_image() : torch::Tensor();
        objective.set_max_tile(memory.max_tiles.at(static_cast<std::size_t>(index)));
        set_scale_images();
        if (x.defined()) x = upscale_result(x, coarse_content, h, w);
        function_changed();
        optimizer->reset();
        return_freed_memory();  // the coarser scale's blocks fit no tensor of this one
        evaluated = false;
    }

    // The content and style images of the current scale: the style's longest side style_scale x
    // the result's (so the strokes keep their size relative to the picture at every scale).
    void set_scale_images() {
        const auto [h, w] = sizes[scale];
        std::vector<torch::Tensor> styles;
        style_upscaled = false;
        for (const auto& style : styles_full) {
            const auto [sh, sw] = style_image_size(static_cast<int>(style.size(2)), static_cast<int>(style.size(3)),
                                                   static_cast<int>(std::max(h, w)), params.style_scale);
            if (styles.empty()) std::tie(style_height, style_width) = std::make_pair(sh, sw);
            style_upscaled = style_upscaled || sh > style.size(2) || sw > style.size(3);
            styles.push_back(resize_tensor(style, sh, sw));
        }
        objective.set_images(with_bleed(resize_tensor(content_full, h, w), bleed), styles);
    }

    // The coarse result at the next scale. Upsampling alone gives a blurred image whose fine
    // features match neither content nor style (the loss jumps a hundredfold); when the run
    // started from the content, the content's own fine detail is kept and only what the coarse
    // scales changed is upsampled.
    torch::Tensor upscale_result(const torch::Tensor& coarse, const torch::Tensor& coarse_content, std::int64_t h,
                                 std::int64_t w) const {
        // The pictures are resized; their bleed is mirrored again around the larger one.
        if (params.init != InitMode::Content)
            return with_bleed(resize_tensor(without_bleed(coarse, bleed), h, w), bleed).contiguous();
        const auto change = resize_tensor(without_bleed(coarse - coarse_content, bleed), h, w);
        return (objective.content_image() + with_bleed(change, bleed)).clamp_(0, 1).contiguous();
    }

    // Evaluates the stepped x. Images whose loss more than doubled are put back with their old
    // losses and gradient, and the optimizer retries them with a shorter step (L-BFGS; Adam's
    // steps are bounded by its learning rate and are kept). The iteration still counts.
    Objective::Evaluation retry_overshoots(const torch::Tensor& before_x, const Objective::Evaluation& before) {
        auto result = objective.evaluate(x);
        if (!before_x.defined() || !result.finite || before.losses.size() != result.losses.size()) return result;
        std::vector<bool> jumped;
        for (std::size_t v = 0; v < result.losses.size(); ++v)
            jumped.push_back(result.losses[v].total > kRetryFactor * before.losses[v].total);
        if (std::none_of(jumped.begin(), jumped.end(), [](bool j) { return j; })) return result;
        auto rejected = torch::zeros({static_cast<std::int64_t>(jumped.size())}, torch::kBool);
        for (std::size_t v = 0; v < jumped.size(); ++v) rejected[static_cast<std::int64_t>(v)] = static_cast<bool>(jumped[v]);
        if (!optimizer->retry_shorter(rejected)) return result;
        for (std::size_t v = 0; v < jumped.size(); ++v) {
            if (!jumped[v]) continue;
            const auto b = static_cast<std::int64_t>(v);
            x[b].copy_(before_x[b]);
            result.gradient[b].copy_(before.gradient[b]);
            result.losses[v] = before.losses[v];
        }
        return result;
    }

    torch::Tensor initial_image() const {
        const auto [h, w] = sizes.front();
        switch (params.init) {
            case InitMode::Content: return without_bleed(objective.content_image(), bleed).clone();
            case InitMode::Style: return resize_tensor(objective.main_style_image(), h, w).clamp(0, 1);
            case InitMode::Noise: return noise_image(h, w, params.seed).to(device);
        }
        throw std::logic_error("unknown init mode");
    }

    // Matches x's batch to the number of variants (compare mode switched on or off mid-run).
    void match_variants() {
        const auto wanted = static_cast<std::int64_t>(variants());
        if (x.size(0) == wanted) return;
        x = wanted > x.size(0) ? x.narrow(0, 0, 1).expand({wanted, -1, -1, -1}).contiguous() : x.narrow(0, 0, wanted).contiguous();
        function_changed();
        optimizer->reset();
    }

    // Evaluates x. A NaN or infinite loss, or one that grew more than kDivergenceFactor-fold since
    // the function last changed (start, new scale, new parameters), ends the run as a numeric
    // fault with the last good image and its losses kept. The image is clamped to 0..1, so an
    // overlarge step shows as a diverging loss rather than as NaN.
    void evaluate() { judge(objective.evaluate(x)); }

    // The loss function or the images' shape changed: losses before and after are not comparable.
    // The current image stays the best one until an evaluation says otherwise.
    void function_changed() {
        reference_loss = 0;
        evaluations_since_change = 0;
        progressed = false;
        if (!x.defined()) return;
        best = x.detach().clone();
        const auto n = static_cast<std::size_t>(x.size(0));
        best_losses.resize(n);
        best_totals.assign(n, std::numeric_limits<double>::infinity());
        start_totals.assign(n, std::numeric_limits<double>::infinity());
        best_iterations.assign(n, iteration);
    }

    // Keeps a copy of each variant whose loss is its lowest since the change.
    void remember_best() {
        ++evaluations_since_change;
        for (std::size_t v = 0; v < evaluation.losses.size() && v < best_totals.size(); ++v) {
            const double total = evaluation.losses[v].total;
            if (evaluations_since_change == 1) start_totals[v] = total;
            if (total < start_totals[v] * (1 - kProgressTolerance)) progressed = progressed_in_run = true;
            if (!(total < best_totals[v])) continue;
            const auto b = static_cast<std::int64_t>(v);
            best[b].copy_(x[b]);
            best_totals[v] = total;
            best_losses[v] = evaluation.losses[v];
            best_iterations[v] = iteration;
        }
    }

    // Puts the best iterates back as the current images (end of a scale or of the run). Returns
    // a note when the main variant's last steps had raised the loss, else "".
    std::string restore_best() {
        std::string note;
        if (!best.defined() || best.sizes() != x.sizes()) return note;
        if (!best_totals.empty() && best_iterations[0] < iteration && std::isfinite(best_totals[0]) &&
            evaluation.losses.size() == best_totals.size() && evaluation.losses[0].total > best_totals[0]) {
            std::ostringstream why;
            why << "The result is iteration " << best_iterations[0] << "'s image (loss " << best_totals[0]
                << "): the last steps raised the loss to " << evaluation.losses[0].total << ".";
            note = why.str();
        }
        x = best.clone();
        for (std::size_t v = 0; v < best_losses.size() && v < evaluation.losses.size(); ++v)
            if (std::isfinite(best_totals[v])) evaluation.losses[v] = best_losses[v];
        return note;
    }

    // No loss below its start in kStallIterations iterations since the last change, or in the
    // whole run by its end: the learning rate is so large that every step is taken back (L-BFGS
    // at 1e6), or so small that nothing changes. Reported like divergence, with what to do.
    bool stalled(bool run_ends) const {
        if (progressed || evaluations_since_change < 2) return false;
        const bool long_enough = evaluations_since_change > kStallIterations;
        if (!long_enough && !(run_ends && !progressed_in_run)) return false;
        for (const double start : start_totals)
            if (!(start > 0) || !std::isfinite(start)) return false;  // nothing to lower: not a stall
        return true;
    }

    void report_stall() {
        std::ostringstream why;
        why << "The optimization stalled: in " << evaluations_since_change - 1 << " iterations up to iteration "
            << iteration << " the loss did not go below " << start_totals[0] << " (learning rate "
            << effective_learning_rate(params) << "): the steps were too large (each one taken back) or too small "
            << "to change the image. Use the optimizer's default learning rate (0) or one nearer to it.";
        message = why.str();
        restore_best();
        status = RunStatus::NumericFault;
    }

    void judge(Objective::Evaluation result) {
        evaluation = std::move(result);
        evaluated = true;
        double worst = 0;
        for (const auto& losses : evaluation.losses) worst = std::max(worst, losses.total);
        if (evaluation.finite && reference_loss <= 0) reference_loss = worst;
        const bool diverged = evaluation.finite && worst > kDivergenceFactor * reference_loss;
        if (evaluation.finite && !diverged) {
            remember_best();
            return;
        }
        std::ostringstream why;
        if (diverged)
            why << "The optimization diverged at iteration " << iteration << ": the loss grew from " << reference_loss
                << " to " << worst << " (learning rate " << effective_learning_rate(params) << ")";
        else
            why << "The loss became NaN or infinite at iteration " << iteration << " (learning rate "
                << effective_learning_rate(params) << ", style weight " << params.style_weight << ")";
        const bool kept = std::any_of(best_totals.begin(), best_totals.end(), [](double t) { return std::isfinite(t); });
        why << (kept ? "; the last good image is kept." : ".");
        why << (iteration == 0 ? " The weights file gives values too large to compute with: check it."
                               : " Lower the learning rate or the weights.");
        message = why.str();
        // Report the best image so far with its own losses, not the failed ones.
        if (kept) restore_best();
        status = RunStatus::NumericFault;
    }
};

namespace {

// Refuses style lists the blend cannot use: none, too many, an empty image, a blend of another count.
void check_styles(const std::vector<RgbImage>& styles, const Params& params) {
    if (styles.empty()) throw ParamError("a run needs a style image");
    if (styles.size() > static_cast<std::size_t>(ParamLimits::max_styles))
        throw ParamError(std::to_string(styles.size()) + " style images: at most " +
                         std::to_string(ParamLimits::max_styles) + " can be blended");
    for (std::size_t i = 0; i < styles.size(); ++i)
        if (styles[i].empty())
            throw ParamError(styles.size() == 1 ? std::string("the style image is empty")
                                                : "style image " + std::to_string(i + 1) + " is empty");
    blend_weights(params, styles.size());  // throws for a count that differs
    check_style_masks(params, styles.size());
}

}  // namespace

Run::Run(Vgg19 model, const RgbImage& content, const RgbImage& style, const Params& params)
    : Run(std::move(model), content, std::vector<RgbImage>{style}, params, RunStart{}) {}

Run::Run(Vgg19 model, const RgbImage& content, const RgbImage& style, const Params& params, const RunStart& start)
    : Run(std::move(model), content, std::vector<RgbImage>{style}, params, start) {}

Run::Run(Vgg19 model, const RgbImage& content, const std::vector<RgbImage>& styles, const Params& params,
         const RunStart& start)
    : state_(std::make_unique<State>(model)) {
    validate(params);
    if (start.iteration < 0 || start.iteration >= params.iterations) {
        std::ostringstream why;
        why << "a run of " << params.iterations << " iterations cannot start at iteration " << start.iteration
            << ": give more iterations than that";
        throw ParamError(why.str());
    }
    if (start.iteration > 0 && start.image.empty()) throw ParamError("a run that starts at a later iteration needs its image");
    if (content.empty()) throw ParamError("the content image is empty");
    check_styles(styles, params);
    auto& s = *state_;
    s.params = params;
    s.bleed = bleed_pixels(params.padding);
    s.objective.set_bleed(s.bleed);
    if (s.params.style_layers.empty()) s.params.style_layers = model->default_style_layers();
    if (s.params.content_layer.empty()) s.params.content_layer = model->default_content_layer();
    for (const auto& layer : s.params.style_layers) model->require_layer(layer.name);
    model->require_layer(s.params.content_layer);
    configure_threads(params.threads);
    keep_freed_memory_for_reuse();
    // Compared with the type asked for, not with choose_device(): that would refuse CUDA on a
    // machine without it before saying what is wrong (the weights are elsewhere).
    const auto wanted_type = params.device == DeviceChoice::Cuda ? torch::kCUDA : torch::kCPU;
    if (params.device != DeviceChoice::Auto && s.device.type() != wanted_type)
        throw ParamError("device " + to_string(params.device) + " was asked for, but the weights are loaded on " +
                         device_name(s.device) + ": load them with engine::load_vgg19(path, choose_device(...))");

    // A size whose shorter side falls below the minimum raises the longest side (scaled_size).
    const auto [height, width] = scaled_size(content.height, content.width, 1.0);
    s.sizes = scale_sizes(height, width, s.params.scales);
    // Each scale runs whole when it fits the memory, else in tiles (tiles.h); refused (ResourceError)
    // only when even tiles cannot fit. A GPU's allocator is asked instead.
    s.memory = plan_run_memory(*model, s.params, s.sizes, device_name(s.device));
    set_kept_bytes_limit(s.memory.kept_bytes);
    s.refuse_regions_in_tiles(s.params);
    const std::uint64_t needed = estimate_run_bytes(*model, s.params, static_cast<int>(height), static_cast<int>(width));
    if (!device_can_allocate(s.device, needed)) {
        std::ostringstream why;
        why << "A " << width << "x" << height << " run" << (s.params.compare ? " in compare mode" : "")
            << " needs about " << needed / (1 << 20) << " MiB, more than " << device_name(s.device)
            << " has free: choose a smaller size" << (s.params.compare ? ", or compare the variants one at a time" : "")
            << ".";
        throw ResourceError(why.str());
    }

    s.content_full = image_to_tensor(content).to(s.device);
    if (height != content.height || width != content.width) s.content_full = resize_tensor(s.content_full, height, width);
    s.styles_full = style_tensors(styles, s.params.trim_style_frame, s.device, s.style_frames);
    s.iterations_per_scale = scale_iterations(s.params.iterations, s.params.scales);
    switch (s.params.optimizer) {
        case OptimizerKind::Lbfgs: s.optimizer = std::make_unique<BatchedLbfgs>(s.memory.lbfgs_pairs); break;
        case OptimizerKind::Adam: s.optimizer = std::make_unique<Adam>(); break;
        case OptimizerKind::Sgd: s.optimizer = std::make_unique<Sgd>(); break;
    }
    s.objective.set_params(s.params);
    // The scale the start iteration falls in (the first, unless a branch starts later).
    int first_scale = 0, iterations_before = 0;
    while (start.iteration >= iterations_before + s.iterations_per_scale[first_scale]) {
        iterations_before += s.iterations_per_scale[first_scale];
        ++first_scale;
    }
    s.iteration = start.iteration;
    s.enter_scale(first_scale);  // validate() made sure every scale, the first included, has an iteration
    s.iteration_in_scale = start.iteration - iterations_before;
    const auto [first_height, first_width] = s.sizes[first_scale];
    s.x = start.image.empty() ? s.initial_image() : image_to_tensor(start.image).to(s.device);
    s.x = with_bleed(resize_tensor(s.x, first_height, first_width).clamp(0, 1), s.bleed)
              .expand({static_cast<std::int64_t>(s.variants()), -1, -1, -1})
              .contiguous();
    s.function_changed();
    const auto began = std::chrono::steady_clock::now();
    s.evaluate();
    s.elapsed += std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

Run::~Run() {
    state_.reset();
    return_freed_memory();  // the heap keeps freed blocks while a run lasts (heap.h)
}

Frame Run::step(bool with_images) {
    auto& s = *state_;
    if (ended()) return current(with_images);
    if (cancelled_) {
        s.status = RunStatus::Cancelled;
        s.restore_best();  // the result so far is the best image so far
        return current(with_images);
    }
    const auto start = std::chrono::steady_clock::now();
    s.match_variants();
    if (!s.evaluated) s.evaluate();
    if (s.status == RunStatus::Running) {
        // The step's start, for putting back a rejected image: only for optimizers that retry.
        const torch::Tensor before_x = s.optimizer->may_retry() ? s.x.clone() : torch::Tensor();
        const Objective::Evaluation before = s.evaluation;
        s.optimizer->step(s.x, s.evaluation.gradient, scheduled_learning_rate(s.params, s.iteration));
        // Keep the image a picture: what is optimized must be what the 8-bit PNG shows. Left free,
        // L-BFGS drifts out of 0..1 and the saved (clamped) image's loss was 6x the reported one.
        s.x.clamp_(0, 1);
        ++s.iteration;
        ++s.iteration_in_scale;
        s.judge(s.retry_overshoots(before_x, before));
        const bool run_ends = s.iteration >= s.params.iterations;
        const bool scale_ends = s.iteration_in_scale >= s.iterations_per_scale[s.scale];
        if (s.status == RunStatus::Running && s.stalled(run_ends)) s.report_stall();
        if (s.status == RunStatus::Running && run_ends) {
            s.message = s.restore_best();  // never a last step that raised the loss
            s.status = RunStatus::Finished;
        } else if (s.status == RunStatus::Running && scale_ends) {
            s.restore_best();  // the next scale starts from this one's best image
            s.enter_scale(s.scale + 1);
            s.evaluate();
        }
        // Cancelled while this step ran: it returns Cancelled, with the best image so far.
        if (s.status == RunStatus::Running && cancelled_) {
            s.status = RunStatus::Cancelled;
            s.restore_best();
        }
    }
    s.elapsed += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return current(with_images);
}

Frame Run::current(bool with_images) const {
    const auto& s = *state_;
    Frame frame;
    frame.generation = s.generation;
    frame.iteration = s.iteration;
    frame.total_iterations = s.params.iterations;
    frame.scale_index = s.scale;
    frame.scale_count = static_cast<int>(s.sizes.size());
    frame.elapsed_seconds = s.elapsed;
    frame.losses = s.evaluation.losses;
    frame.status = s.status;
    frame.message = s.message;
    frame.style_height = s.style_height;
    frame.style_width = s.style_width;
    frame.style_upscaled = s.style_upscaled;
    frame.style_frames = s.style_frames;
    frame.scale_tiles = s.tile_counts();
    if (s.objective.last_tiles().count() > 1)
        for (const auto& tile : s.objective.last_tiles().tiles) {  // in the picture's pixels, the bleed left out
            const auto [h, w] = s.sizes[static_cast<std::size_t>(s.scale)];
            const PixelRect core{std::max(0, tile.core.y0 - s.bleed), std::max(0, tile.core.x0 - s.bleed),
                                 std::min(static_cast<int>(h), tile.core.y1 - s.bleed),
                                 std::min(static_cast<int>(w), tile.core.x1 - s.bleed)};
            if (core.height() > 0 && core.width() > 0) frame.tiles.push_back(core);
        }
    if (with_images) {
        torch::NoGradGuard no_grad;
        const auto shown = without_bleed(s.objective.render(s.x.detach()), s.bleed).contiguous().to(torch::kCPU);
        for (std::int64_t v = 0; v < shown.size(0); ++v) frame.images.push_back(tensor_to_image(shown[v]));
    }
    return frame;
}

void Run::set_params(const Params& params) {
    auto& s = *state_;
    const Params next = s.accepted(params, s.styles_full.size());
    if (next.threads != s.params.threads) configure_threads(next.threads);
    if (next == s.params) return;
    const bool style_resized = next.style_scale != s.params.style_scale;
    Params masks_before = next;
    masks_before.style_masks = s.params.style_masks;
    const bool only_masks_changed = masks_before == s.params;
    s.params = next;
    s.objective.set_params(next);
    if (style_resized) s.set_scale_images();  // new targets from the resized style
    s.restart_after_change(only_masks_changed);
}

void Run::set_styles(const std::vector<RgbImage>& styles, const Params& params) {
    auto& s = *state_;
    check_styles(styles, params);
    // Checked against the new count before anything changes: a refused list leaves the run as it was.
    const Params next = s.accepted(params, styles.size());
    std::vector<StyleFrame> frames;
    s.styles_full = style_tensors(styles, next.trim_style_frame, s.device, frames);
    s.style_frames = std::move(frames);
    if (next.threads != s.params.threads) configure_threads(next.threads);
    s.params = next;
    s.objective.set_params(next);
    s.set_scale_images();  // new targets from the new styles
    s.restart_after_change();
}

std::size_t Run::style_count() const { return state_->styles_full.size(); }

const Params& Run::params() const { return state_->params; }
std::uint64_t Run::generation() const { return state_->generation; }
void Run::cancel() { cancelled_ = true; }
bool Run::ended() const { return state_->status != RunStatus::Running; }
int Run::iteration() const { return state_->iteration; }

}  // namespace engine
