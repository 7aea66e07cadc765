#include "engine/bleed.h"

#include <torch/torch.h>

namespace engine {
namespace {

// For each position of an axis of `size` pixels extended by `bleed` on both sides, the picture's
// pixel it shows: symmetric mirroring, with period 2 size.
torch::Tensor mirror_indices(std::int64_t size, int bleed, const torch::Device& device) {
    auto index = torch::arange(-bleed, size + bleed, torch::kLong);
    index = torch::remainder(index, 2 * size);
    index = torch::where(index >= size, 2 * size - 1 - index, index);
    return index.to(device);
}

}  // namespace

int bleed_pixels(Padding padding) { return padding == Padding::Bleed ? kBleedPixels : 0; }

torch::Tensor with_bleed(const torch::Tensor& picture, int bleed) {
    if (bleed <= 0) return picture;
    const auto rows = mirror_indices(picture.size(2), bleed, picture.device());
    const auto columns = mirror_indices(picture.size(3), bleed, picture.device());
    return picture.index_select(2, rows).index_select(3, columns);
}

torch::Tensor without_bleed(const torch::Tensor& canvas, int bleed) {
    if (bleed <= 0) return canvas;
    return canvas.narrow(2, bleed, canvas.size(2) - 2 * bleed).narrow(3, bleed, canvas.size(3) - 2 * bleed);
}

}  // namespace engine
