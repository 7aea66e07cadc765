#pragma once
// Tiles: evaluating a scale too large for memory in overlapping pieces, exactly.
//
// Every VGG-19 feature depends only on the input pixels in its receptive field. A tile is a
// core (the feature positions it is responsible for) plus a halo wide enough that the core's
// features at every used layer come out the same as the whole image's: the tile's cut edges
// spoil one more pixel per 3x3 convolution (its padding), and nothing else. With tile corners on
// the pooling grid, each feature position then lies in exactly one core, and the whole image's
// sums over positions (Gram matrices, means, the content loss) are sums over the cores. That is
// what makes the tiled objective the whole image's, value and gradient (objective.h).
#include <string>
#include <vector>

namespace engine {

// A rectangle of input pixels, half open: [y0, y1) x [x0, x1).
struct PixelRect {
    int y0 = 0, x0 = 0, y1 = 0, x1 = 0;
    int height() const { return y1 - y0; }
    int width() const { return x1 - x0; }
    bool operator==(const PixelRect& o) const { return y0 == o.y0 && x0 == o.x0 && y1 == o.y1 && x1 == o.x1; }
};

struct Tile {
    PixelRect core;    // the positions this tile answers for; the cores partition the image
    PixelRect padded;  // core plus halo, clipped to the image: what goes through the network
};

struct TileGrid {
    int height = 0, width = 0;  // the image's
    int rows = 1, columns = 1;
    std::vector<Tile> tiles;    // row-major
    std::size_t count() const { return tiles.size(); }
};

// The pooling grid up to `deepest_layer` (a VGG-19 conv name): 2^(poolings before it), the unit
// every tile corner must sit on so each tile pools the same 2x2 blocks as the whole image.
int tile_alignment(const std::string& deepest_layer);
// The input pixels beyond a core that its features at `deepest_layer` (and every shallower
// layer) depend on, rounded up to the alignment.
int tile_halo(const std::string& deepest_layer);

// Splits height x width into the fewest rows and columns whose padded tiles are at most
// max_tile x max_tile pixels (halo included). `pass` moves the inner boundaries between passes
// (pass 0: evenly spaced; then a third of a core up and down, in turn), so that no boundary stays
// in one place. One tile (the whole image) when it fits. Throws ParamError when max_tile leaves
// no core (max_tile < 2 * halo + alignment).
TileGrid plan_tiles(int height, int width, int max_tile, const std::string& deepest_layer, int pass = 0);

}  // namespace engine
