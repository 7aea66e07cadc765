#pragma once
// Tensor comparisons for the engine's tests, with both tensors printed when they differ.
#include <torch/torch.h>

#include "catch_checks.h"

namespace tensor_checks {

// Same shape and every element within `tolerance` (absolute and relative), compared in float64.
inline void check_tensor(const torch::Tensor& actual, const torch::Tensor& expected, double tolerance) {
    INFO("actual " << actual << "\nexpected " << expected);
    REQUIRE(actual.sizes() == expected.sizes());
    CHECK(torch::allclose(actual.to(torch::kFloat64), expected.to(torch::kFloat64), tolerance, tolerance));
}

}  // namespace tensor_checks
