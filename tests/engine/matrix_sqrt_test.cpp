#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/matrix_sqrt.h"

namespace {

torch::Tensor random_spd(std::int64_t n, double floor) {
    const auto a = torch::rand({n, n}, torch::kFloat64);
    return torch::mm(a, a.t()) + torch::eye(n, torch::kFloat64) * floor;
}

}  // namespace

TEST_CASE("The square root of a PSD matrix squares back to it, and the inverse root inverts it", "[matrix_sqrt]") {
    torch::manual_seed(3);
    const auto a = random_spd(5, 0.1);
    const auto root = engine::sqrt_psd(a);
    CHECK(torch::allclose(torch::mm(root, root), a, 1e-10, 1e-10));
    CHECK(torch::allclose(root, root.t()));
    const auto inverse_root = engine::inverse_sqrt_psd(a);
    CHECK(torch::allclose(torch::mm(torch::mm(inverse_root, a), inverse_root), torch::eye(5, torch::kFloat64), 1e-9, 1e-9));
    // By hand: diag(4, 9) -> diag(2, 3).
    const auto diagonal = torch::diag(torch::tensor({4.0, 9.0}, torch::kFloat64));
    CHECK(torch::allclose(engine::sqrt_psd(diagonal), torch::diag(torch::tensor({2.0, 3.0}, torch::kFloat64))));
}

TEST_CASE("The square root's gradient matches finite differences, repeated eigenvalues included", "[matrix_sqrt][gradient]") {
    torch::manual_seed(5);
    const auto weights = torch::rand({4, 4}, torch::kFloat64);
    // Through the symmetric part, as the losses use it: eigh reads one triangle only.
    const auto f = [&](const torch::Tensor& a) { return (engine::sqrt_psd((a + a.t()) * 0.5) * weights).sum(); };
    // The identity has one eigenvalue four times: autograd through eigh divides by 0 there.
    for (const auto& a : {random_spd(4, 0.5), torch::eye(4, torch::kFloat64) * 2.0}) {
        auto x = a.clone().requires_grad_(true);
        f(x).backward();
        const auto analytic = x.grad();
        REQUIRE(torch::isfinite(analytic).all().item<bool>());
        const double h = 1e-6;
        for (std::int64_t i = 0; i < 4; ++i) {
            for (std::int64_t j = 0; j < 4; ++j) {
                auto plus = a.clone(), minus = a.clone();
                plus[i][j] += h;
                minus[i][j] -= h;
                const double numeric = (f(plus).item<double>() - f(minus).item<double>()) / (2 * h);
                INFO("element " << i << "," << j);
                CHECK(analytic[i][j].item<double>() == Approx(numeric).epsilon(1e-5).margin(1e-8));
            }
        }
    }
}
