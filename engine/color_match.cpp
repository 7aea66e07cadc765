#include "engine/color_match.h"

#include <torch/torch.h>

#include "engine/matrix_sqrt.h"

namespace engine {
namespace {

// Keeps S_s^-1/2 finite for a grey or single-colour style image (a covariance of rank < 3): the
// directions it has no variance in have no deviation to scale either.
constexpr double kCovarianceEpsilon = 1e-8;

torch::Tensor pixels_of(const torch::Tensor& image) {
    TORCH_CHECK(image.dim() == 4 && image.size(0) == 1 && image.size(1) == 3, "colour statistics need [1,3,H,W]");
    return image.reshape({3, -1}).to(torch::kFloat64);
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> color_statistics(const torch::Tensor& image) {
    const auto pixels = pixels_of(image);
    const auto mean = pixels.mean(1, /*keepdim=*/true);
    const auto centred = pixels - mean;
    return {mean.squeeze(1), torch::mm(centred, centred.t()) / static_cast<double>(pixels.size(1))};
}

torch::Tensor match_color_statistics(const torch::Tensor& image, const torch::Tensor& reference) {
    torch::NoGradGuard no_grad;
    const auto [source_mean, source_covariance] = color_statistics(image);
    const auto [reference_mean, reference_covariance] = color_statistics(reference);
    const auto identity = torch::eye(3, source_covariance.options()) * kCovarianceEpsilon;
    const auto transform = torch::mm(sqrt_psd(reference_covariance), inverse_sqrt_psd(source_covariance + identity));
    const auto centred = pixels_of(image) - source_mean.unsqueeze(1);
    const auto mapped = torch::mm(transform, centred) + reference_mean.unsqueeze(1);
    return mapped.reshape(image.sizes()).to(image.scalar_type());
}

}  // namespace engine
