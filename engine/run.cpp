#include "engine/run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <sstream>

#include "engine/errors.h"
#include "engine/heap.h"
#include "engine/image_tensor.h"
#include "engine/lbfgs.h"
#include "engine/memory_estimate.h"
#include "engine/objective.h"
#include "engine/runtime.h"

namespace engine {
namespace {

// The image sizes of a coarse-to-fine schedule, each half the next, the last the full size.
std::vector<std::pair<std::int64_t, std::int64_t>> scale_sizes(std::int64_t height, std::int64_t width, int scales) {
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes;
    for (int k = scales - 1; k >= 0; --k) {
        const double factor = std::ldexp(1.0, -k);
        sizes.emplace_back(std::max<std::int64_t>(16, std::llround(height * factor)),
                           std::max<std::int64_t>(16, std::llround(width * factor)));
    }
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

bool same_fixed_params(const Params& a, const Params& b) {
    return a.size == b.size && a.iterations == b.iterations && a.optimizer == b.optimizer && a.init == b.init &&
           a.seed == b.seed && a.scales == b.scales && a.device == b.device && a.padding == b.padding;
}

torch::Device model_device(Vgg19& model) {
    const auto parameters = model->parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

}  // namespace

std::string to_string(RunStatus status) {
    switch (status) {
        case RunStatus::Running: return "running";
        case RunStatus::Finished: return "finished";
        case RunStatus::Cancelled: return "cancelled";
        case RunStatus::NumericFault: return "numeric fault";
    }
    return "unknown";
}

struct Run::State {
    State(Vgg19 m) : model(m), device(model_device(m)), objective(m) {}

    Vgg19 model;
    torch::Device device;
    Objective objective;
    Params params;
    std::uint64_t generation = 0;

    torch::Tensor content_full, style_full;  // [1,3,H,W] RGB on the device, full size
    std::vector<std::pair<std::int64_t, std::int64_t>> sizes;
    std::vector<int> iterations_per_scale;
    int scale = 0, iteration = 0, iteration_in_scale = 0;

    torch::Tensor x;             // the images being optimized, one per variant
    torch::Tensor last_good;     // the last x whose losses were finite and not diverging
    std::vector<LossBreakdown> last_good_losses;
    double reference_loss = 0;   // the loss when the function last changed; 0: take the next one
    std::unique_ptr<ImageOptimizer> optimizer;
    bool evaluated = false;
    Objective::Evaluation evaluation;

    RunStatus status = RunStatus::Running;
    std::string message;
    double elapsed = 0;

    std::size_t variants() const { return params.compare ? 2 : 1; }

    // Prepares the targets and images of scale `index`, carrying x over (resized) when given.
    void enter_scale(int index) {
        scale = index;
        iteration_in_scale = 0;
        const auto [h, w] = sizes[index];
        const double factor = static_cast<double>(h) / content_full.size(2);
        const auto style_h = std::max<std::int64_t>(16, std::llround(style_full.size(2) * factor));
        const auto style_w = std::max<std::int64_t>(16, std::llround(style_full.size(3) * factor));
        const torch::Tensor coarse_content = x.defined() ? objective.content_image() : torch::Tensor();
        objective.set_images(resize_tensor(content_full, h, w), resize_tensor(style_full, style_h, style_w));
        reference_loss = 0;
        if (x.defined()) x = upscale_result(x, coarse_content, h, w);
        optimizer->reset();
        return_freed_memory();  // the coarser scale's blocks fit no tensor of this one
        evaluated = false;
    }

    // The coarse result at the next scale. Upsampling alone gives a blurred image whose fine
    // features match neither content nor style (the loss jumps a hundredfold); when the run
    // started from the content, the content's own fine detail is kept and only what the coarse
    // scales changed is upsampled.
    torch::Tensor upscale_result(const torch::Tensor& coarse, const torch::Tensor& coarse_content, std::int64_t h,
                                 std::int64_t w) const {
        if (params.init != InitMode::Content) return resize_tensor(coarse, h, w).contiguous();
        const auto change = resize_tensor(coarse - coarse_content, h, w);
        return (objective.content_image() + change).clamp_(0, 1).contiguous();
    }

    // Evaluates the stepped x. Images whose loss more than doubled are put back with their old
    // losses and gradient, and the optimizer retries them with a shorter step (L-BFGS; Adam's
    // steps are bounded by its learning rate and are kept). The iteration still counts.
    Objective::Evaluation retry_overshoots(const torch::Tensor& before_x, const Objective::Evaluation& before) {
        auto result = objective.evaluate(x);
        if (!result.finite || before.losses.size() != result.losses.size()) return result;
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
            case InitMode::Content: return objective.content_image().clone();
            case InitMode::Style: return resize_tensor(objective.style_image(), h, w);
            case InitMode::Noise: return noise_image(h, w, params.seed).to(device);
        }
        throw std::logic_error("unknown init mode");
    }

    // Matches x's batch to the number of variants (compare mode switched on or off mid-run).
    void match_variants() {
        const auto wanted = static_cast<std::int64_t>(variants());
        if (x.size(0) == wanted) return;
        x = wanted > x.size(0) ? x.narrow(0, 0, 1).expand({wanted, -1, -1, -1}).contiguous() : x.narrow(0, 0, wanted).contiguous();
        optimizer->reset();
    }

    // Evaluates x. A NaN or infinite loss, or one that grew more than kDivergenceFactor-fold since
    // the function last changed (start, new scale, new parameters), ends the run as a numeric
    // fault with the last good image and its losses kept. The image is clamped to 0..1, so an
    // overlarge step shows as a diverging loss rather than as NaN.
    void evaluate() { judge(objective.evaluate(x)); }

    void judge(Objective::Evaluation result) {
        evaluation = std::move(result);
        evaluated = true;
        double worst = 0;
        for (const auto& losses : evaluation.losses) worst = std::max(worst, losses.total);
        if (evaluation.finite && reference_loss <= 0) reference_loss = worst;
        const bool diverged = evaluation.finite && worst > kDivergenceFactor * reference_loss;
        if (evaluation.finite && !diverged) {
            last_good = x.detach().clone();
            last_good_losses = evaluation.losses;
            return;
        }
        std::ostringstream why;
        if (diverged)
            why << "The optimization diverged at iteration " << iteration << ": the loss grew from " << reference_loss
                << " to " << worst << " (learning rate " << effective_learning_rate(params) << ")";
        else
            why << "The loss became NaN or infinite at iteration " << iteration << " (learning rate "
                << effective_learning_rate(params) << ", style weight " << params.style_weight << ")";
        why << (last_good.defined() ? "; the last good image is kept." : ".");
        why << (iteration == 0 ? " The weights file gives values too large to compute with: check it."
                               : " Lower the learning rate or the weights.");
        message = why.str();
        // Report the kept image with its own losses, not the failed ones.
        if (last_good.defined()) {
            x = last_good.clone();
            evaluation.losses = last_good_losses;
        }
        status = RunStatus::NumericFault;
    }
};

Run::Run(Vgg19 model, const RgbImage& content, const RgbImage& style, const Params& params)
    : state_(std::make_unique<State>(model)) {
    validate(params);
    if (content.empty()) throw ParamError("the content image is empty");
    if (style.empty()) throw ParamError("the style image is empty");
    auto& s = *state_;
    s.params = params;
    if (s.params.style_layers.empty()) s.params.style_layers = model->default_style_layers();
    if (s.params.content_layer.empty()) s.params.content_layer = model->default_content_layer();
    for (const auto& layer : s.params.style_layers) model->require_layer(layer.name);
    model->require_layer(s.params.content_layer);
    configure_threads(params.threads);
    keep_freed_memory_for_reuse();
    if (params.device != DeviceChoice::Auto && s.device.type() != choose_device(params.device).type())
        throw ParamError("device " + to_string(params.device) + " was asked for, but the weights are loaded on " +
                         device_name(s.device) + ": load them with engine::load_vgg19(path, choose_device(...))");

    const std::uint64_t needed = estimate_run_bytes(*model, s.params, content.height, content.width);
    const std::uint64_t available = available_bytes(device_name(s.device));
    if ((available > 0 && needed > available) || !device_can_allocate(s.device, needed)) {
        std::ostringstream why;
        why << "A " << content.width << "x" << content.height << " run" << (s.params.compare ? " in compare mode" : "")
            << " needs about " << needed / (1 << 20) << " MiB, more than " << device_name(s.device) << " has free";
        if (available > 0) {
            why << " (" << available / (1 << 20) << " MiB)";
            // Memory grows with the pixel count: this side length would fit, with some margin.
            const double fitting = std::max(content.width, content.height) * std::sqrt(0.8 * available / needed);
            why << ": choose a size of about " << std::max(16, static_cast<int>(fitting / 16) * 16) << " px or less";
        } else {
            why << ": choose a smaller size";
        }
        if (s.params.compare) why << ", or compare the variants one at a time";
        why << ".";
        throw ResourceError(why.str());
    }

    s.content_full = image_to_tensor(content).to(s.device);
    s.style_full = image_to_tensor(style).to(s.device);
    s.sizes = scale_sizes(content.height, content.width, s.params.scales);
    s.iterations_per_scale = scale_iterations(s.params.iterations, s.params.scales);
    if (s.params.optimizer == OptimizerKind::Lbfgs)
        s.optimizer = std::make_unique<BatchedLbfgs>();
    else
        s.optimizer = std::make_unique<Adam>();
    s.objective.set_params(s.params);
    int first_scale = 0;
    while (s.iterations_per_scale[first_scale] == 0) ++first_scale;  // fewer iterations than scales
    s.enter_scale(first_scale);
    s.x = s.initial_image();
    s.x = resize_tensor(s.x, s.sizes[first_scale].first, s.sizes[first_scale].second)
              .expand({static_cast<std::int64_t>(s.variants()), -1, -1, -1})
              .contiguous();
    const auto start = std::chrono::steady_clock::now();
    s.evaluate();
    s.elapsed += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
        return current(with_images);
    }
    const auto start = std::chrono::steady_clock::now();
    s.match_variants();
    if (!s.evaluated) s.evaluate();
    if (s.status == RunStatus::Running) {
        const torch::Tensor before_x = s.x.clone();
        const Objective::Evaluation before = s.evaluation;
        s.optimizer->step(s.x, s.evaluation.gradient, effective_learning_rate(s.params));
        // Keep the image a picture: what is optimized must be what the 8-bit PNG shows. Left free,
        // L-BFGS drifts out of 0..1 and the saved (clamped) image's loss was 6x the reported one.
        s.x.clamp_(0, 1);
        ++s.iteration;
        ++s.iteration_in_scale;
        if (s.iteration_in_scale >= s.iterations_per_scale[s.scale] && s.scale + 1 < static_cast<int>(s.sizes.size())) {
            s.enter_scale(s.scale + 1);
            s.evaluate();
        } else {
            s.judge(s.retry_overshoots(before_x, before));
        }
        if (s.status == RunStatus::Running && s.iteration >= s.params.iterations) s.status = RunStatus::Finished;
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
    if (with_images) {
        torch::NoGradGuard no_grad;
        const auto shown = s.objective.render(s.x.detach()).to(torch::kCPU);
        for (std::int64_t v = 0; v < shown.size(0); ++v) frame.images.push_back(tensor_to_image(shown[v]));
    }
    return frame;
}

void Run::set_params(const Params& params) {
    auto& s = *state_;
    validate(params);
    if (!same_fixed_params(params, s.params))
        throw ParamError("size, iterations, optimizer, init, seed, scales, device and padding are fixed for a run: "
                         "start a new run to change them");
    Params next = params;
    if (next.style_layers.empty()) next.style_layers = s.model->default_style_layers();
    if (next.content_layer.empty()) next.content_layer = s.model->default_content_layer();
    for (const auto& layer : next.style_layers) s.model->require_layer(layer.name);
    s.model->require_layer(next.content_layer);
    if (next.threads != s.params.threads) configure_threads(next.threads);
    if (next == s.params) return;
    s.params = next;
    s.objective.set_params(next);
    s.optimizer->reset();  // the old curvature pairs belong to another function
    s.evaluated = false;
    s.reference_loss = 0;
    ++s.generation;
}

const Params& Run::params() const { return state_->params; }
std::uint64_t Run::generation() const { return state_->generation; }
void Run::cancel() { cancelled_ = true; }
bool Run::ended() const { return state_->status != RunStatus::Running; }
int Run::iteration() const { return state_->iteration; }

}  // namespace engine
