#pragma once
// A timelapse video of snapshots (OpenCV VideoWriter).
#include <string>
#include <vector>

#include "engine/rgb_image.h"

namespace engine {

// Writes the frames (resized to the first frame's size when they differ) to `path`; the codec
// follows the extension (.avi: MJPG, .mp4: mp4v; others refused). Written to a temporary file
// and renamed. Throws OutputError naming the file.
void write_timelapse(const std::vector<RgbImage>& frames, const std::string& path, double fps = 10.0);
// The same from PNG files on disk (loaded one at a time, so memory stays flat).
void write_timelapse_from_files(const std::vector<std::string>& png_paths, const std::string& path,
                                double fps = 10.0);

}  // namespace engine
