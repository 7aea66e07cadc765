#pragma once
// Square roots of symmetric positive semi-definite matrices, by symmetric eigendecomposition
// (A = U diag(l) U^T, A^p = U diag(l^p) U^T). Used by the W2 style loss and by colour matching.
#include <torch/types.h>

namespace engine {

// A^(1/2) of a symmetric PSD matrix [N,N] (eigenvalues below 0 from rounding are taken as 0),
// differentiable: the backward is the Daleckii-Krein formula for f = sqrt,
//   dL/dA = U (K o (U^T sym(G) U)) U^T,  K_ij = 1 / (sqrt(l_i) + sqrt(l_j)),
// which, unlike autograd through eigh (1 / (l_i - l_j)), stays finite for repeated eigenvalues.
// A must be regularized (eigenvalues > 0) where a gradient is wanted.
torch::Tensor sqrt_psd(const torch::Tensor& a);

// A^(-1/2) of a symmetric positive definite matrix [N,N]; no gradient.
torch::Tensor inverse_sqrt_psd(const torch::Tensor& a);

}  // namespace engine
