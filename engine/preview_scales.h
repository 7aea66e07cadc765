#pragma once
// How many coarse-to-fine scales a large result gets by default. The texture's scale follows the
// pixels it is computed at, so a 2048 px result computed at 2048 px only looks like a finer
// painting than the 512 px preview; starting near the preview's size and refining keeps its look
// (issue 16, part 2). Each scale is half the next (engine/run.cpp), the last the full size.
namespace engine {

// The size the first scale aims at: the CLI's default size, where users look at previews.
constexpr int kPreviewSize = 512;
// Up to this size a result is computed at its own size only.
constexpr int kLargestSingleScaleSize = 768;

// 1 up to kLargestSingleScaleSize; above it, the number of scales whose first, size / 2^(n-1), is
// nearest kPreviewSize, at most ParamLimits::max_scales and `iterations` (every scale needs one).
int preview_scales(int size, int iterations);

}  // namespace engine
