#include "engine/matrix_sqrt.h"

#include <torch/torch.h>

namespace engine {
namespace {

// U diag(values) U^T
torch::Tensor recompose(const torch::Tensor& vectors, const torch::Tensor& values) {
    return torch::mm(vectors * values.unsqueeze(0), vectors.t());
}

class SqrtPsdFunction : public torch::autograd::Function<SqrtPsdFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& a) {
        TORCH_CHECK(a.dim() == 2 && a.size(0) == a.size(1), "sqrt_psd needs a square matrix");
        const auto [values, vectors] = torch::linalg_eigh(a, "L");
        const auto roots = values.clamp_min(0).sqrt();
        ctx->save_for_backward({roots, vectors});
        return recompose(vectors, roots);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& roots = saved[0];
        const auto& vectors = saved[1];
        const auto g = grad_outputs[0];
        const auto symmetric = (g + g.t()) * 0.5;
        // 1/(s_i + s_j); a pair of zero roots has no defined derivative: take 0 there.
        const auto sums = roots.unsqueeze(1) + roots.unsqueeze(0);
        const auto k = torch::where(sums > 0, sums.reciprocal(), torch::zeros_like(sums));
        const auto inner = torch::mm(torch::mm(vectors.t(), symmetric), vectors) * k;
        return {torch::mm(torch::mm(vectors, inner), vectors.t())};
    }
};

}  // namespace

torch::Tensor sqrt_psd(const torch::Tensor& a) { return SqrtPsdFunction::apply(a); }

torch::Tensor inverse_sqrt_psd(const torch::Tensor& a) {
    torch::NoGradGuard no_grad;
    const auto [values, vectors] = torch::linalg_eigh(a, "L");
    TORCH_CHECK(values.min().item<double>() > 0, "inverse_sqrt_psd needs a positive definite matrix");
    return recompose(vectors, values.rsqrt());
}

}  // namespace engine
