#include "engine/lbfgs.h"

#include <algorithm>

#include <torch/torch.h>

namespace engine {
namespace {

// Per-image dot products of [B,...] tensors -> [B].
torch::Tensor batch_dot(const torch::Tensor& a, const torch::Tensor& b) {
    return (a * b).reshape({a.size(0), -1}).sum(1);
}

// [B] -> [B,1,1,...] to scale a [B,...] tensor per image.
torch::Tensor per_image(const torch::Tensor& values, const torch::Tensor& like) {
    std::vector<std::int64_t> shape(like.dim(), 1);
    shape[0] = like.size(0);
    return values.reshape(shape);
}

constexpr double kCurvatureEpsilon = 1e-10;

}  // namespace

int lbfgs_history_pairs(std::uint64_t bytes_per_pair) {
    if (bytes_per_pair == 0) return kLbfgsMaxHistory;
    const auto fitting = kLbfgsHistoryBytes / bytes_per_pair;
    return static_cast<int>(std::clamp<std::uint64_t>(fitting, kLbfgsMinHistory, kLbfgsMaxHistory));
}

void BatchedLbfgs::reset() {
    s_.clear();
    y_.clear();
    rho_.clear();
    previous_x_ = previous_gradient_ = gamma_ = step_scale_ = torch::Tensor();
}

bool BatchedLbfgs::retry_shorter(const torch::Tensor& rejected) {
    if (!step_scale_.defined()) return false;
    torch::NoGradGuard no_grad;
    step_scale_ = torch::where(rejected.to(step_scale_.device()), step_scale_ * 0.25, step_scale_);
    return true;
}

void BatchedLbfgs::step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) {
    torch::NoGradGuard no_grad;
    const bool first = !previous_x_.defined() || previous_x_.sizes() != x.sizes();
    if (first) {
        reset();
        gamma_ = torch::ones({x.size(0)}, x.options());
        step_scale_ = torch::ones({x.size(0)}, x.options());
    } else {
        auto s = x - previous_x_;
        auto y = gradient - previous_gradient_;
        const auto ys = batch_dot(y, s);
        // Images whose pair violates the curvature condition contribute nothing to this pair.
        const auto valid = ys > kCurvatureEpsilon;
        const auto mask = per_image(valid.to(x.scalar_type()), x);
        s = s * mask;
        y = y * mask;
        rho_.push_back(torch::where(valid, 1.0 / ys.clamp_min(kCurvatureEpsilon), torch::zeros_like(ys)));
        // A retried image (put back, so s = 0) forms no pair; an accepted step lengthens the next.
        step_scale_ = torch::where(valid, (step_scale_ * 2).clamp_max(1.0), step_scale_);
        gamma_ = torch::where(valid, ys / batch_dot(y, y).clamp_min(kCurvatureEpsilon), gamma_);
        s_.push_back(std::move(s));
        y_.push_back(std::move(y));
        // s and y of every image of the batch: the history's cost grows with size and variants.
        const auto pair_bytes = 2 * static_cast<std::uint64_t>(x.numel()) * x.element_size();
        const int keep = std::min(history_, lbfgs_history_pairs(pair_bytes));
        while (static_cast<int>(s_.size()) > keep) {
            s_.pop_front();
            y_.pop_front();
            rho_.pop_front();
        }
    }

    // Two-loop recursion: direction = -H * gradient, per image.
    auto q = gradient.neg();
    std::vector<torch::Tensor> alpha(s_.size());
    for (int i = static_cast<int>(s_.size()) - 1; i >= 0; --i) {
        alpha[i] = batch_dot(s_[i], q) * rho_[i];
        q.sub_(y_[i] * per_image(alpha[i], q));
    }
    q.mul_(per_image(gamma_, q));
    for (std::size_t i = 0; i < s_.size(); ++i) {
        const auto beta = batch_dot(y_[i], q) * rho_[i];
        q.add_(s_[i] * per_image(alpha[i] - beta, q));
    }

    // The first step is scaled by the gradient's size (as torch.optim.LBFGS does), so a steep
    // start cannot throw the image far away before any curvature is known.
    auto step_size = step_scale_ * learning_rate;
    if (first) {
        const auto l1 = gradient.abs().reshape({x.size(0), -1}).sum(1);
        step_size = step_size * (1.0 / l1.clamp_min(1e-12)).clamp_max(1.0);
    }
    previous_x_ = x.clone();
    previous_gradient_ = gradient.clone();
    x.add_(q * per_image(step_size, q));
}

void Adam::reset() {
    m_ = v_ = torch::Tensor();
    steps_ = 0;
}

void Adam::step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) {
    torch::NoGradGuard no_grad;
    constexpr double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    if (!m_.defined() || m_.sizes() != x.sizes()) {
        m_ = torch::zeros_like(x);
        v_ = torch::zeros_like(x);
        steps_ = 0;
    }
    ++steps_;
    m_.mul_(beta1).add_(gradient, 1.0 - beta1);
    v_.mul_(beta2).addcmul_(gradient, gradient, 1.0 - beta2);
    const double bias1 = 1.0 - std::pow(beta1, steps_);
    const double bias2 = 1.0 - std::pow(beta2, steps_);
    const auto denominator = (v_ / bias2).sqrt_().add_(epsilon);
    x.addcdiv_(m_, denominator, -learning_rate / bias1);
}

void Sgd::step(torch::Tensor& x, const torch::Tensor& gradient, double learning_rate) {
    torch::NoGradGuard no_grad;
    const double pixels = static_cast<double>(x.size(-1) * x.size(-2));
    if (!rate_scale_.defined() || rate_scale_.size(0) != x.size(0))
        rate_scale_ = torch::ones({x.size(0)}, x.options());
    std::vector<std::int64_t> per_image(static_cast<std::size_t>(x.dim()), 1);
    per_image[0] = x.size(0);
    x.add_(gradient * rate_scale_.view(per_image), -learning_rate * pixels);
}

bool Sgd::retry_shorter(const torch::Tensor& rejected) {
    if (!rate_scale_.defined()) return false;
    const auto halved = rejected.to(rate_scale_.device()).to(torch::kBool);
    // Below a millionth of the rate the step is no longer what makes the loss jump.
    if ((rate_scale_.masked_select(halved) < 1e-6).any().item<bool>()) return false;
    rate_scale_ = torch::where(halved, rate_scale_ * 0.5, rate_scale_);
    return true;
}

}  // namespace engine
