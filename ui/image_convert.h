#pragma once
// engine::RgbImage <-> QImage, and the amplified difference of two images (compare view).
#include <QImage>

#include "engine/rgb_image.h"

namespace ui {

// A deep copy in QImage::Format_RGB888 (the QImage owns its pixels).
QImage toQImage(const engine::RgbImage& image);
// Any QImage format -> 8-bit RGB (alpha composited on white, as the engine's loader does).
engine::RgbImage fromQImage(const QImage& image);

// |a - b| per channel times `gain`, clamped; sizes must match (else a null image).
QImage differenceImage(const QImage& a, const QImage& b, int gain = 4);

}  // namespace ui
