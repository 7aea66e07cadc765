#include "engine/mirror_padding.h"

#include <torch/torch.h>

namespace engine {
namespace {

using torch::indexing::Slice;

// The rows (or columns) of a padded side of `size`: before, 0 ... size-1, after.
torch::Tensor padded_index(std::int64_t size, const torch::Device& device) {
    const MirrorEdges edges = mirror_edges(size);
    auto index = torch::empty({size + 2}, torch::kLong);
    index[0] = edges.before;
    index.narrow(0, 1, size).copy_(torch::arange(size, torch::kLong));
    index[size + 1] = edges.after;
    return index.to(device);
}

// The input's gradient only: the weights are frozen and the bias has none to give.
class MirrorConvFunction : public torch::autograd::Function<MirrorConvFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weight, const torch::Tensor& bias) {
        ctx->saved_data["weight"] = weight;
        torch::NoGradGuard no_grad;
        return torch::conv2d(mirror_pad(input), weight, bias);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto weight = ctx->saved_data["weight"].toTensor();
        torch::NoGradGuard no_grad;
        // The gradient of the padded input is the "full" convolution of the output's gradient
        // with the kernels turned by 180 degrees and their channels swapped: padding 2.
        const auto turned = weight.flip({2, 3}).transpose(0, 1);
        const auto padded = torch::conv2d(grad_outputs[0], turned, {}, 1, 2);
        return {fold_mirror_gradient(padded), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

MirrorEdges mirror_edges(std::int64_t size) {
    if (size < 2) return {0, 0};  // a single pixel: replicate
    return {1, size - 2};
}

torch::Tensor mirror_pad(const torch::Tensor& input) {
    TORCH_CHECK(input.dim() == 4, "mirror_pad: [B, C, H, W] expected");
    const std::int64_t height = input.size(2), width = input.size(3);
    if (height >= 2 && width >= 2) return torch::reflection_pad2d(input, {1, 1, 1, 1});
    return input.index_select(2, padded_index(height, input.device()))
        .index_select(3, padded_index(width, input.device()));
}

torch::Tensor fold_mirror_gradient(const torch::Tensor& padded) {
    TORCH_CHECK(padded.dim() == 4 && padded.size(2) >= 3 && padded.size(3) >= 3,
                "fold_mirror_gradient: [B, C, H+2, W+2] expected");
    const std::int64_t height = padded.size(2) - 2, width = padded.size(3) - 2;
    const MirrorEdges rows = mirror_edges(height), columns = mirror_edges(width);
    auto folded = padded.index({Slice(), Slice(), Slice(1, height + 1), Slice(1, width + 1)}).clone();
    const auto inner_rows = Slice(1, height + 1), inner_columns = Slice(1, width + 1);
    // Edges first, then the corners, which reach the input through a row and a column.
    folded.select(2, rows.before).add_(padded.select(2, 0).index({Slice(), Slice(), inner_columns}));
    folded.select(2, rows.after).add_(padded.select(2, height + 1).index({Slice(), Slice(), inner_columns}));
    folded.select(3, columns.before).add_(padded.select(3, 0).index({Slice(), Slice(), inner_rows}));
    folded.select(3, columns.after).add_(padded.select(3, width + 1).index({Slice(), Slice(), inner_rows}));
    for (const auto [row, padded_row] : {std::pair{rows.before, std::int64_t{0}}, std::pair{rows.after, height + 1}})
        for (const auto [column, padded_column] :
             {std::pair{columns.before, std::int64_t{0}}, std::pair{columns.after, width + 1}})
            folded.select(2, row).select(2, column).add_(padded.select(2, padded_row).select(2, padded_column));
    return folded;
}

torch::Tensor mirror_conv3x3(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias) {
    return MirrorConvFunction::apply(input, weight, bias);
}

}  // namespace engine
