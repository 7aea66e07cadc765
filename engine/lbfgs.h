#pragma once
// Optimizers that treat each image of a batch as its own problem: compare mode steps two
// variants in lockstep, and neither may see the other's curvature. One step() is one update
// from the gradient at the current point (no line search), so one iteration costs exactly one
// forward/backward, as in the reference implementations of Gatys et al.
#include <cstdint>
#include <deque>

#include <torch/types.h>

namespace engine {

class ImageOptimizer {
public:
    virtual ~ImageOptimizer() = default;
    // Updates x [B,...] in place from its gradient at x.
    virtual void step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) = 0;
    // Forgets history (after the loss function changed or the images were resized).
    virtual void reset() = 0;
    // The last step made the loss of the images in `rejected` ([B] bool) jump; the caller has put
    // those images back where they were. Returns true when the optimizer will try them again with
    // a shorter step, false when it cannot (then the caller keeps the step).
    virtual bool retry_shorter(const torch::Tensor& rejected) {
        (void)rejected;
        return false;
    }
    // Whether retry_shorter can ever return true: only then does the run keep each step's start.
    virtual bool may_retry() const { return false; }
};

// How many curvature pairs L-BFGS keeps: 100 (torch.optim.LBFGS's default) while they fit in
// the byte budget, fewer for large images (a 1024 px pair of two variants takes 35 MB); never
// fewer than kLbfgsMinHistory. Short histories cost little quality: scipy's L-BFGS-B keeps 10.
constexpr int kLbfgsMaxHistory = 100;
constexpr int kLbfgsMinHistory = 10;
constexpr std::uint64_t kLbfgsHistoryBytes = std::uint64_t{512} << 20;
int lbfgs_history_pairs(std::uint64_t bytes_per_pair);

// Limited-memory BFGS with a per-image history of curvature pairs (see lbfgs_history_pairs).
class BatchedLbfgs : public ImageOptimizer {
public:
    // history: at most this many pairs; fewer when the images are too large for the budget.
    explicit BatchedLbfgs(int history = kLbfgsMaxHistory) : history_(history) {}
    void step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) override;
    void reset() override;
    // Without a line search, the step from a poor curvature estimate can overshoot by far (seen:
    // every pixel pushed past 0..1 and the loss 50x up). A rejected image's next steps are a
    // quarter as long; each accepted step doubles them back up to the full length.
    bool retry_shorter(const torch::Tensor& rejected) override;
    bool may_retry() const override { return true; }
    int pairs() const { return static_cast<int>(s_.size()); }

private:
    int history_;
    torch::Tensor step_scale_;  // [B], 1 unless steps were rejected
    std::deque<torch::Tensor> s_, y_, rho_;  // per pair: [B,...], [B,...], [B]
    torch::Tensor previous_x_, previous_gradient_, gamma_;  // gamma_: [B] initial Hessian scale
};

// Adam (Kingma & Ba); element-wise, so batching is exact.
class Adam : public ImageOptimizer {
public:
    void step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) override;
    void reset() override;

private:
    torch::Tensor m_, v_;
    int steps_ = 0;
};

// Plain gradient descent (the Keras example's optimizer, its rate decayed by the run:
// Params::lr_decay). The rate is per pixel: x -= rate x (pixels of an image) x gradient. The losses
// are means over pixels, so a pixel's gradient shrinks with the image's size; scaled so, one rate
// suits every size and scale (measured: 128 px stable up to a raw rate of 2, 256 px up to 4).
// A fixed rate still diverges on some inputs (the Keras example's did on a 128 px painting without
// its frame): an image whose step more than doubled its loss is put back by the run and retried
// at half its rate, which it keeps until the function changes (reset).
class Sgd : public ImageOptimizer {
public:
    void step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) override;
    void reset() override { rate_scale_ = torch::Tensor(); }
    bool retry_shorter(const torch::Tensor& rejected) override;
    bool may_retry() const override { return true; }

private:
    torch::Tensor rate_scale_;  // [B]: each image's share of the rate (1 until a step is rejected)
};

}  // namespace engine
