#include "engine/guided_style.h"

#include <torch/torch.h>

#include "engine/image_tensor.h"
#include "engine/vgg19.h"

namespace engine {
namespace {

// A region that selects nothing at a layer has no statistics; its share (0) removes its loss, and
// this keeps the division finite.
constexpr double kMinMass = 1e-12;

// One image's E_l against one region's target: features f [N,M], mask m [1,M], mass s (a [1] tensor).
torch::Tensor region_loss(const torch::Tensor& f, const torch::Tensor& m, const torch::Tensor& mass,
                          const StyleComparison& comparison) {
    const auto filters = f.size(0);
    const double c = style_loss_factor(filters, comparison.mode);
    const auto& target = *comparison.target;
    switch (comparison.mode) {
        case StyleLossMode::Full: {
            const auto guided = f * m;
            const auto gram = torch::mm(guided, guided.t()) / mass;
            return (gram - target.stats).pow(2).sum() * c;
        }
        case StyleLossMode::Diagonal: {
            const auto diagonal = (f * m).pow(2).sum(1) / mass;
            return (diagonal - target.stats).pow(2).sum() * c;
        }
        case StyleLossMode::MeanStd: {
            const auto p = m / mass;
            const auto mean = (f * p).sum(1);
            const auto variance = ((f - mean.unsqueeze(1)).pow(2) * p).sum(1);
            const auto sigma = (variance + kStdEpsilon).sqrt();
            return ((mean - target.stats[0]).pow(2).sum() + (sigma - target.stats[1]).pow(2).sum()) * c;
        }
        case StyleLossMode::W2:
            return wasserstein_style_loss(f.unsqueeze(0).unsqueeze(3), target, m / mass).reshape({});
    }
    throw std::logic_error("unknown style loss mode");
}

}  // namespace

torch::Tensor region_masks_at(const std::vector<SharedMask>& masks, std::int64_t height, std::int64_t width,
                              const torch::TensorOptions& options) {
    std::vector<torch::Tensor> resized;
    for (const auto& mask : masks) {
        TORCH_CHECK(mask && !mask->empty(), "a region mask has no pixels");
        auto values = torch::from_blob(const_cast<std::uint8_t*>(mask->values.data()), {1, 1, mask->height, mask->width},
                                       torch::kUInt8)
                          .to(torch::kFloat32)
                          .div_(255.0);
        resized.push_back(resize_tensor(values, height, width).clamp_(0.0, 1.0));
    }
    auto all = torch::cat(resized);                                       // [R,1,H,W]
    const auto total = all.sum(0, /*keepdim=*/true).clamp_min(1.0);       // divide only where above 1
    return (all / total).to(options.device(), options.dtype());
}

std::map<std::string, torch::Tensor> propagate_region_masks(const torch::Tensor& masks,
                                                            const std::set<std::string>& layers) {
    std::map<std::string, torch::Tensor> at_layer;
    auto m = masks;
    for (const auto& name : vgg19_layer_names()) {
        if (at_layer.size() == layers.size()) break;
        // The convolution's receptive field: each output sees its 3x3 neighbourhood.
        m = torch::avg_pool2d(m, 3, 1, 1, /*ceil_mode=*/false, /*count_include_pad=*/false);
        if (layers.count(name)) at_layer.emplace(name, m);
        if (vgg19_pools_after(name)) m = torch::avg_pool2d(m, 2, 2);
    }
    return at_layer;
}

torch::Tensor region_shares(const torch::Tensor& masks) { return masks.mean({1, 2, 3}); }

torch::Tensor guided_style_layer_loss(const torch::Tensor& features, const torch::Tensor& masks,
                                      const std::vector<std::vector<StyleComparison>>& regions) {
    TORCH_CHECK(features.dim() == 4 && masks.dim() == 4, "features [B,N,H,W] and masks [R,1,H,W]");
    TORCH_CHECK(masks.size(0) == static_cast<std::int64_t>(regions.size()), "one mask per region");
    TORCH_CHECK(masks.size(2) == features.size(2) && masks.size(3) == features.size(3),
                "the masks must be at the layer's resolution");
    const auto batch = features.size(0), filters = features.size(1);
    const auto positions = features.size(2) * features.size(3);
    const auto flat_masks = masks.reshape({masks.size(0), 1, positions}).to(features.scalar_type());
    const auto masses = flat_masks.sum({1, 2});
    const auto shares = masses / static_cast<double>(positions);
    std::vector<torch::Tensor> per_image;
    for (std::int64_t b = 0; b < batch; ++b) {
        const auto f = features[b].reshape({filters, positions});
        torch::Tensor total = torch::zeros({}, features.options());
        for (std::size_t i = 0; i < regions.size(); ++i) {
            const auto index = static_cast<std::int64_t>(i);
            const auto mass = masses[index].clamp_min(kMinMass);
            total = total + shares[index] * region_loss(f, flat_masks[index], mass, regions[i].at(static_cast<std::size_t>(b)));
        }
        per_image.push_back(total);
    }
    return torch::stack(per_image);
}

}  // namespace engine
