#pragma once
// Padding::Bleed: a run paints the picture with a bleed around it, as printers do, and cuts it off.
//
// The pixels along a picture's edge are painted differently from the same pixels inside a larger
// picture: they have no neighbours on one side to be optimized with, whatever the network sees
// there (zeros, a reflection at each layer, or a mirrored margin read through; measured in the
// README, Padding). A run with a bleed optimizes a canvas kBleedPixels larger on every side,
// started from the photo mirrored about its edges (and its content target the same mirrored
// photo), so the picture's edge is inside the canvas and is painted like the rest; what the
// canvas's own edge does happens in the bleed, which no frame, result or file ever shows.
#include <torch/types.h>

#include "engine/params.h"

namespace engine {

// The bleed on each side, in pixels at every scale: beyond the 11 px the border measure looks at
// and the reach of the edge effect (measured: band and ring within a few levels at 16 px).
constexpr int kBleedPixels = 16;

// The bleed a run with this padding paints: kBleedPixels for Padding::Bleed, else 0.
int bleed_pixels(Padding padding);

// [B, C, H, W] -> [B, C, H + 2 bleed, W + 2 bleed], mirrored about each edge (symmetric: the edge
// pixel is repeated once), folding again where the bleed is wider than the picture.
// Differentiable: the gradient of each mirrored pixel adds to the pixel it copies.
torch::Tensor with_bleed(const torch::Tensor& picture, int bleed);
// The picture inside a canvas: [B, C, H + 2 bleed, W + 2 bleed] -> [B, C, H, W] (a view).
torch::Tensor without_bleed(const torch::Tensor& canvas, int bleed);

}  // namespace engine
