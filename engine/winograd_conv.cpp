#include "engine/winograd_conv.h"

#include "engine/mirror_padding.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <vector>

// The transforms are plain loops over contiguous rows; an AVX2 copy is chosen at run time where
// the CPU has it (the package is built for baseline x86-64).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define GRAMSTUDIO_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define GRAMSTUDIO_VECTOR_CLONES
#endif

namespace engine {
namespace {

constexpr int kTile = 4;    // output tile side, m in F(m x m, 3 x 3)
constexpr int kAlpha = 6;   // input tile side, m + 3 - 1
constexpr int kPoints = kAlpha * kAlpha;

// The tiles of one convolution. Tile row ty reads the input rows 4 ty - border ... 4 ty - border + 5
// and writes the output rows 4 ty ... 4 ty + 3 (likewise for columns). border 1 gives the usual
// output of the input's size; border 2 the "full" one, 2 px larger, that the gradient of a
// mirror-padded input needs before it is folded back (mirror_padding.h).
struct Geometry {
    std::int64_t batch, channels, height, width;  // the input
    std::int64_t border;
    bool mirror;  // beyond the edge: the mirrored pixel (border 1 only), else zero
    std::int64_t out_height, out_width, tiles_h, tiles_w;
    std::int64_t tiles() const { return tiles_h * tiles_w; }
};

Geometry geometry_of(const torch::Tensor& input, std::int64_t border, bool mirror) {
    Geometry g{input.size(0), input.size(1), input.size(2), input.size(3), border, mirror, 0, 0, 0, 0};
    g.out_height = g.height + 2 * (border - 1);
    g.out_width = g.width + 2 * (border - 1);
    g.tiles_h = (g.out_height + kTile - 1) / kTile;
    g.tiles_w = (g.out_width + kTile - 1) / kTile;
    return g;
}

// The transforms' inner loops. Each takes its rows as separate restrict pointers: that is what
// lets the compiler vectorize them (derived pointers into one buffer defeat its alias analysis).
#define GRAMSTUDIO_INLINE static inline __attribute__((always_inline))
using In = const float* __restrict__;
using Out = float* __restrict__;

// u = B^T d along the six rows of a tile row, for every column.
GRAMSTUDIO_INLINE void input_rows(In d0, In d1, In d2, In d3, In d4, In d5, Out u0, Out u1, Out u2, Out u3, Out u4,
                                  Out u5, std::int64_t columns) {
    for (std::int64_t w = 0; w < columns; ++w) {
        u0[w] = 4 * d0[w] - 5 * d2[w] + d4[w];
        u1[w] = -4 * d1[w] - 4 * d2[w] + d3[w] + d4[w];
        u2[w] = 4 * d1[w] - 4 * d2[w] - d3[w] + d4[w];
        u3[w] = -2 * d1[w] - d2[w] + 2 * d3[w] + d4[w];
        u4[w] = 2 * d1[w] - d2[w] - 2 * d3[w] + d4[w];
        u5[w] = 4 * d1[w] - 5 * d3[w] + d5[w];
    }
}

// v_b[tile] = (u B)[b] for the six columns of each tile (tiles start every 4 columns).
GRAMSTUDIO_INLINE void input_columns(In u, Out v0, Out v1, Out v2, Out v3, Out v4, Out v5, std::int64_t tiles) {
    for (std::int64_t tx = 0; tx < tiles; ++tx) {
        const float* t = u + kTile * tx;
        v0[tx] = 4 * t[0] - 5 * t[2] + t[4];
        v1[tx] = -4 * t[1] - 4 * t[2] + t[3] + t[4];
        v2[tx] = 4 * t[1] - 4 * t[2] - t[3] + t[4];
        v3[tx] = -2 * t[1] - t[2] + 2 * t[3] + t[4];
        v4[tx] = 2 * t[1] - t[2] - 2 * t[3] + t[4];
        v5[tx] = 4 * t[1] - 5 * t[3] + t[5];
    }
}

// r_q = sum_b m_b A[b][q]: six products of a row of every tile to four outputs (A^T applied).
GRAMSTUDIO_INLINE void output_columns(In m0, In m1, In m2, In m3, In m4, In m5, Out r0, Out r1, Out r2, Out r3,
                                      std::int64_t tiles) {
    for (std::int64_t tx = 0; tx < tiles; ++tx) {
        r0[tx] = m0[tx] + m1[tx] + m2[tx] + m3[tx] + m4[tx];
        r1[tx] = m1[tx] - m2[tx] + 2 * m3[tx] - 2 * m4[tx];
        r2[tx] = m1[tx] + m2[tx] + 4 * m3[tx] + 4 * m4[tx];
        r3[tx] = m1[tx] - m2[tx] + 8 * m3[tx] - 8 * m4[tx] + m5[tx];
    }
}

// The same along the other axis, plus the bias.
GRAMSTUDIO_INLINE void output_rows(In s0, In s1, In s2, In s3, In s4, In s5, Out y0, Out y1, Out y2, Out y3,
                                   float offset, std::int64_t tiles) {
    for (std::int64_t tx = 0; tx < tiles; ++tx) {
        y0[tx] = s0[tx] + s1[tx] + s2[tx] + s3[tx] + s4[tx] + offset;
        y1[tx] = s1[tx] - s2[tx] + 2 * s3[tx] - 2 * s4[tx] + offset;
        y2[tx] = s1[tx] + s2[tx] + 4 * s3[tx] + 4 * s4[tx] + offset;
        y3[tx] = s1[tx] - s2[tx] + 8 * s3[tx] - 8 * s4[tx] + s5[tx] + offset;
    }
}

// out[4 t + q] = y_q[t]: one image row from the four columns of its tiles.
GRAMSTUDIO_INLINE void interleave(In y0, In y1, In y2, In y3, Out out, std::int64_t tiles) {
    for (std::int64_t tx = 0; tx < tiles; ++tx) {
        out[kTile * tx] = y0[tx];
        out[kTile * tx + 1] = y1[tx];
        out[kTile * tx + 2] = y2[tx];
        out[kTile * tx + 3] = y3[tx];
    }
}

// The input row that tile rows read at y (may lie outside the image), or -1 for zeros.
std::int64_t source_row(const Geometry& g, const MirrorEdges& edges, std::int64_t y) {
    if (y >= 0 && y < g.height) return y;
    if (g.mirror && y == -1) return edges.before;
    if (g.mirror && y == g.height) return edges.after;
    return -1;  // zero padding, or rows that only feed outputs cut off at the edge
}

// V[xi][c][b*T + t] = (B^T d B)[xi] for every 6x6 tile d of the input planes [begin, end)
// (plane n = b * C + c), padded as the geometry says: the work of one thread.
GRAMSTUDIO_VECTOR_CLONES
void transform_input_planes(const float* input, const Geometry& g, float* transformed, std::int64_t begin,
                            std::int64_t end) {
    const std::int64_t T = g.tiles(), stride = g.channels * g.batch * T;  // between two points xi
    const std::int64_t padded = kTile * g.tiles_w + 2;                    // >= border + width + 1
    const MirrorEdges row_edges = mirror_edges(g.height), column_edges = mirror_edges(g.width);
    std::vector<float> rows(kAlpha * padded), u(kAlpha * padded);
    float* const d = rows.data();
    for (std::int64_t n = begin; n < end; ++n) {
        const std::int64_t b = n / g.channels, c = n % g.channels;
        const float* plane = input + n * g.height * g.width;
        for (std::int64_t ty = 0; ty < g.tiles_h; ++ty) {
            for (int i = 0; i < kAlpha; ++i) {
                float* row = d + i * padded;
                const std::int64_t y = source_row(g, row_edges, kTile * ty - g.border + i);
                std::fill(row, row + padded, 0.0f);
                if (y < 0) continue;
                const float* source = plane + y * g.width;
                std::copy(source, source + g.width, row + g.border);
                if (g.mirror) {
                    row[g.border - 1] = source[column_edges.before];
                    row[g.border + g.width] = source[column_edges.after];
                }
            }
            float* const e = u.data();
            input_rows(d, d + padded, d + 2 * padded, d + 3 * padded, d + 4 * padded, d + 5 * padded, e, e + padded,
                       e + 2 * padded, e + 3 * padded, e + 4 * padded, e + 5 * padded, padded);
            const std::int64_t first = (c * g.batch + b) * T + ty * g.tiles_w;
            for (int a = 0; a < kAlpha; ++a) {
                float* v = transformed + (a * kAlpha) * stride + first;
                input_columns(e + a * padded, v, v + stride, v + 2 * stride, v + 3 * stride, v + 4 * stride,
                              v + 5 * stride, g.tiles_w);
            }
        }
    }
}

void transform_input(const float* input, const Geometry& g, float* transformed) {
    at::parallel_for(0, g.batch * g.channels, 1, [&](std::int64_t begin, std::int64_t end) {
        transform_input_planes(input, g, transformed, begin, end);
    });
}

// Y[b][k] = A^T M A + bias for every tile of the output planes [begin, end) (plane n = b * K + k);
// tiles that cross the image's edge are cut. The work of one thread.
GRAMSTUDIO_VECTOR_CLONES
void transform_output_planes(const float* products, const Geometry& g, std::int64_t out_channels, const float* bias,
                             float* output, std::int64_t begin, std::int64_t end) {
    const std::int64_t T = g.tiles(), stride = out_channels * g.batch * T, tw = g.tiles_w;
    std::vector<float> rows(kAlpha * kTile * tw), tile_rows(kTile * kTile * tw);
    float* const r = rows.data();
    float* const y = tile_rows.data();
    for (std::int64_t n = begin; n < end; ++n) {
        const std::int64_t b = n / out_channels, k = n % out_channels;
        const float offset = bias ? bias[k] : 0.0f;
        float* plane = output + n * g.out_height * g.out_width;
        for (std::int64_t ty = 0; ty < g.tiles_h; ++ty) {
            const std::int64_t first = (k * g.batch + b) * T + ty * tw;
            for (int a = 0; a < kAlpha; ++a) {  // r[a][q]
                const float* m = products + (a * kAlpha) * stride + first;
                float* ra = r + (a * kTile) * tw;
                output_columns(m, m + stride, m + 2 * stride, m + 3 * stride, m + 4 * stride, m + 5 * stride, ra,
                               ra + tw, ra + 2 * tw, ra + 3 * tw, tw);
            }
            for (int q = 0; q < kTile; ++q) {  // y[p][q]
                const float* s = r + q * tw;
                float* yq = y + q * tw;
                output_rows(s, s + kTile * tw, s + 2 * kTile * tw, s + 3 * kTile * tw, s + 4 * kTile * tw,
                            s + 5 * kTile * tw, yq, yq + kTile * tw, yq + 2 * kTile * tw, yq + 3 * kTile * tw, offset, tw);
            }
            const std::int64_t whole = g.out_width / kTile;
            for (int p = 0; p < kTile && kTile * ty + p < g.out_height; ++p) {
                float* out = plane + (kTile * ty + p) * g.out_width;
                const float* yp = y + (p * kTile) * tw;
                interleave(yp, yp + tw, yp + 2 * tw, yp + 3 * tw, out, whole);
                for (std::int64_t col = kTile * whole; col < g.out_width; ++col)
                    out[col] = yp[(col % kTile) * tw + col / kTile];
            }
        }
    }
}

void transform_output(const float* products, const Geometry& g, std::int64_t out_channels, const float* bias,
                      float* output) {
    at::parallel_for(0, g.batch * out_channels, 1, [&](std::int64_t begin, std::int64_t end) {
        transform_output_planes(products, g, out_channels, bias, output, begin, end);
    });
}

// G g G^T for kernels [K, C, 3, 3] -> [36, K, C], computed in double.
torch::Tensor transform_kernels(const torch::Tensor& weight) {
    const auto g = torch::tensor({1.0 / 4, 0.0, 0.0,              //
                                  -1.0 / 6, -1.0 / 6, -1.0 / 6,   //
                                  -1.0 / 6, 1.0 / 6, -1.0 / 6,    //
                                  1.0 / 24, 1.0 / 12, 1.0 / 6,    //
                                  1.0 / 24, -1.0 / 12, 1.0 / 6,   //
                                  0.0, 0.0, 1.0},
                                 torch::kFloat64)
                         .reshape({kAlpha, 3});
    const auto w = weight.detach().to(torch::kCPU, torch::kFloat64);
    const auto u = torch::matmul(torch::matmul(g, w), g.t());  // [K, C, 6, 6]
    return u.reshape({weight.size(0), weight.size(1), kPoints}).permute({2, 0, 1}).contiguous().to(torch::kFloat32);
}

// The convolution of one batch on the geometry's tiles, without autograd.
torch::Tensor convolve_tiles(const torch::Tensor& input, const torch::Tensor& transformed_kernels,
                             const torch::Tensor& bias, std::int64_t border, bool mirror) {
    TORCH_CHECK(input.dim() == 4 && input.scalar_type() == torch::kFloat && input.device().is_cpu(),
                "Winograd convolution: float [B,C,H,W] on the CPU expected");
    TORCH_CHECK(transformed_kernels.size(0) == kPoints && transformed_kernels.size(2) == input.size(1),
                "Winograd convolution: kernels do not match the input's channels");
    torch::NoGradGuard no_grad;
    const auto x = input.contiguous();
    const Geometry whole = geometry_of(x, border, mirror);
    const std::int64_t out_channels = transformed_kernels.size(1);
    auto output = torch::empty({whole.batch, out_channels, whole.out_height, whole.out_width}, x.options());
    const auto offset = bias.defined() ? bias.contiguous() : torch::Tensor();
    // One image at a time: a batch's transformed tiles and products would be as many times larger
    // (a compare run's were 200 and 400 MiB blocks at 1024 px, beside the single run's sizes),
    // and each image's products are as wide as a single run's.
    for (std::int64_t b = 0; b < whole.batch; ++b) {
        const auto image = x.narrow(0, b, 1);
        const Geometry g = geometry_of(image, border, mirror);
        auto transformed = torch::empty({kPoints, g.channels, g.tiles()}, x.options());
        transform_input(image.data_ptr<float>(), g, transformed.data_ptr<float>());
        const auto products = torch::bmm(transformed_kernels, transformed);  // [36, K, T]
        transformed = torch::Tensor();
        transform_output(products.data_ptr<float>(), g, out_channels, offset.defined() ? offset.data_ptr<float>() : nullptr,
                         output[b].data_ptr<float>());
    }
    return output;
}

// Gradient of the input only: the kernels are frozen, the bias has none to give.
class WinogradConvFunction : public torch::autograd::Function<WinogradConvFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& forward_kernels, const torch::Tensor& backward_kernels,
                                 const torch::Tensor& bias, bool reflect) {
        ctx->saved_data["backward_kernels"] = backward_kernels;
        ctx->saved_data["reflect"] = reflect;
        return convolve_tiles(input, forward_kernels, bias, 1, reflect);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto kernels = ctx->saved_data["backward_kernels"].toTensor();
        // Zero padding: the output's gradient convolved the same way. Reflection: the gradient of
        // the padded input (the "full" convolution, 2 px larger), folded back onto the image.
        const auto gradient = ctx->saved_data["reflect"].toBool()
                                  ? fold_mirror_gradient(convolve_tiles(grad_outputs[0], kernels, {}, 2, false))
                                  : convolve_tiles(grad_outputs[0], kernels, {}, 1, false);
        return {gradient, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

WinogradKernels winograd_kernels(const torch::Tensor& weight) {
    TORCH_CHECK(weight.dim() == 4 && weight.size(2) == 3 && weight.size(3) == 3, "3x3 kernels expected");
    torch::NoGradGuard no_grad;
    // The input's gradient is the convolution of the output's gradient with every kernel turned
    // by 180 degrees and input and output channels swapped.
    return {transform_kernels(weight), transform_kernels(weight.flip({2, 3}).transpose(0, 1))};
}

bool winograd_pays(const torch::Tensor& input, std::int64_t out_channels) {
    // The 36 products need enough channels on both sides to run near the CPU's peak: VGG-19's
    // conv1_2 (64 -> 64 at full size) is as fast with oneDNN and would need 2.25x its input in
    // transformed tiles; from conv2_1 (64 -> 128) on, Winograd takes about half the time.
    const std::int64_t in_channels = input.dim() == 4 ? input.size(1) : 0;
    return input.device().is_cpu() && input.scalar_type() == torch::kFloat && in_channels >= 64 &&
           in_channels + out_channels >= 192;
}

torch::Tensor winograd_convolve(const torch::Tensor& input, const torch::Tensor& transformed_kernels,
                                const torch::Tensor& bias, Padding padding) {
    return convolve_tiles(input, transformed_kernels, bias, 1, padding != Padding::Zero);
}

torch::Tensor winograd_conv3x3(const torch::Tensor& input, const WinogradKernels& kernels, const torch::Tensor& bias,
                               Padding padding) {
    return WinogradConvFunction::apply(input, kernels.forward, kernels.backward, bias, padding != Padding::Zero);
}

}  // namespace engine
