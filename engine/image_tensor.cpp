#include "engine/image_tensor.h"

#include <cstring>

#include <torch/torch.h>

namespace engine {
namespace {

// NTSC RGB -> YIQ; its inverse is computed once so that a round trip is exact to float precision.
torch::Tensor yiq_matrix() {
    return torch::tensor({0.299, 0.587, 0.114, 0.595716, -0.274453, -0.321263, 0.211456, -0.522591, 0.311135},
                         torch::kFloat32)
        .reshape({3, 3});
}

torch::Tensor apply_color_matrix(const torch::Tensor& images, const torch::Tensor& matrix) {
    // [B,3,H,W] x [3,3]^T over the channel axis
    return torch::einsum("ij,bjhw->bihw", {matrix.to(images.device(), images.scalar_type()), images});
}

}  // namespace

torch::Tensor image_to_tensor(const RgbImage& image) {
    TORCH_CHECK(image.width >= 0 && image.height >= 0 &&
                    image.pixels.size() == static_cast<std::size_t>(image.width) * image.height * 3,
                "image_to_tensor: the pixel buffer does not match ", image.width, "x", image.height);
    auto bytes = torch::from_blob(const_cast<std::uint8_t*>(image.pixels.data()), {image.height, image.width, 3},
                                  torch::kUInt8);
    // to() copies, so the tensor owns its memory once the image is gone.
    return bytes.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div_(255.0f).contiguous();
}

RgbImage tensor_to_image(const torch::Tensor& rgb01) {
    auto t = rgb01.dim() == 4 ? rgb01.squeeze(0) : rgb01;
    TORCH_CHECK(t.dim() == 3 && t.size(0) == 3, "tensor_to_image: expected [3,H,W] or [1,3,H,W], got ", rgb01.sizes());
    auto bytes = t.detach().to(torch::kCPU, torch::kFloat32).nan_to_num(0.0).clamp(0.0, 1.0).mul(255.0).round().to(torch::kUInt8)
                     .permute({1, 2, 0}).contiguous();
    RgbImage image;
    image.height = static_cast<int>(bytes.size(0));
    image.width = static_cast<int>(bytes.size(1));
    image.pixels.resize(static_cast<std::size_t>(bytes.numel()));
    std::memcpy(image.pixels.data(), bytes.data_ptr<std::uint8_t>(), image.pixels.size());
    return image;
}

torch::Tensor rgb_to_yiq(const torch::Tensor& rgb) { return apply_color_matrix(rgb, yiq_matrix()); }

torch::Tensor yiq_to_rgb(const torch::Tensor& yiq) {
    static const torch::Tensor inverse = torch::inverse(yiq_matrix().to(torch::kFloat64)).to(torch::kFloat32);
    return apply_color_matrix(yiq, inverse);
}

torch::Tensor resize_tensor(const torch::Tensor& images, std::int64_t height, std::int64_t width) {
    if (images.size(2) == height && images.size(3) == width) return images;
    namespace F = torch::nn::functional;
    const bool shrinking = height <= images.size(2) && width <= images.size(3);
    auto options = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{height, width});
    if (shrinking)
        options.mode(torch::kArea);
    else
        options.mode(torch::kBilinear).align_corners(false);
    return F::interpolate(images, options);
}

}  // namespace engine
