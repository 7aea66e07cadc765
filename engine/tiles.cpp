#include "engine/tiles.h"

#include <algorithm>
#include <cmath>

#include "engine/errors.h"
#include "engine/vgg19.h"

namespace engine {
namespace {

// The layers up to and including `deepest_layer`, in network order.
std::vector<std::string> layers_up_to(const std::string& deepest_layer) {
    if (!is_vgg19_layer(deepest_layer)) throw ParamError("tiles: '" + deepest_layer + "' is not a VGG-19 layer");
    std::vector<std::string> layers;
    for (const auto& name : vgg19_layer_names()) {
        layers.push_back(name);
        if (name == deepest_layer) break;
    }
    return layers;
}

// The boundaries of `pieces` cores along an axis of `length` pixels, pass `pass` (see plan_tiles).
std::vector<int> axis_boundaries(int length, int pieces, int alignment, int pass) {
    const double piece = static_cast<double>(length) / pieces;
    const double shift = pass % 3 == 0 ? 0.0 : (pass % 3 == 1 ? piece / 3 : -piece / 3);
    std::vector<int> bounds{0};
    for (int i = 1; i < pieces; ++i) {
        const int at = static_cast<int>(std::lround((i * piece + shift) / alignment)) * alignment;
        bounds.push_back(std::clamp(at, bounds.back() + alignment, length - alignment));
    }
    bounds.push_back(length);
    return bounds;
}

// The fewest pieces whose padded tiles stay within max_tile at every pass.
int axis_pieces(int length, int max_tile, int halo, int alignment) {
    if (length <= max_tile) return 1;
    for (int pieces = 2;; ++pieces) {
        const double piece = static_cast<double>(length) / pieces;
        const double end_piece = piece * 4 / 3 + alignment;  // the first or last, shifted by a third
        if (end_piece + halo <= max_tile && piece + alignment + 2 * halo <= max_tile) return pieces;
    }
}

}  // namespace

int tile_alignment(const std::string& deepest_layer) {
    int alignment = 1;
    for (const auto& name : layers_up_to(deepest_layer))
        if (name != deepest_layer && vgg19_pools_after(name)) alignment *= 2;
    return alignment;
}

int tile_halo(const std::string& deepest_layer) {
    // Spoiled positions along a cut edge, in the current layer's pixels: each 3x3 convolution
    // reads one past the edge; a 2x2 pooling halves them (rounding up: a pooled block with one
    // spoiled input is spoiled).
    int spoiled = 0, stride = 1;
    for (const auto& name : layers_up_to(deepest_layer)) {
        spoiled += 1;
        if (name != deepest_layer && vgg19_pools_after(name)) {
            spoiled = (spoiled + 1) / 2;
            stride *= 2;
        }
    }
    return spoiled * stride;  // a multiple of the alignment (the stride)
}

TileGrid plan_tiles(int height, int width, int max_tile, const std::string& deepest_layer, int pass) {
    TileGrid grid;
    grid.height = height;
    grid.width = width;
    if (height <= max_tile && width <= max_tile) {
        grid.tiles.push_back({{0, 0, height, width}, {0, 0, height, width}});
        return grid;
    }
    const int alignment = tile_alignment(deepest_layer), halo = tile_halo(deepest_layer);
    if (max_tile < 2 * halo + 4 * alignment)
        throw ParamError("tiles of " + std::to_string(max_tile) + " px leave no room inside the " + std::to_string(halo) +
                         " px each tile needs around it at " + deepest_layer + ": allow more memory");
    const auto rows = axis_boundaries(height, axis_pieces(height, max_tile, halo, alignment), alignment, pass);
    const auto columns = axis_boundaries(width, axis_pieces(width, max_tile, halo, alignment), alignment, pass);
    grid.rows = static_cast<int>(rows.size()) - 1;
    grid.columns = static_cast<int>(columns.size()) - 1;
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.columns; ++c) {
            Tile tile;
            tile.core = {rows[r], columns[c], rows[r + 1], columns[c + 1]};
            const int pad = grid.rows * grid.columns > 1 ? halo : 0;
            tile.padded = {std::max(0, rows[r] - pad), std::max(0, columns[c] - pad), std::min(height, rows[r + 1] + pad),
                           std::min(width, columns[c + 1] + pad)};
            grid.tiles.push_back(tile);
        }
    return grid;
}

}  // namespace engine
