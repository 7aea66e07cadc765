#include "ui/image_convert.h"

#include <QPainter>
#include <algorithm>
#include <cstring>
#include <cstdlib>

namespace ui {

QImage toQImage(const engine::RgbImage& image) {
    if (image.empty()) return {};
    QImage result(image.width, image.height, QImage::Format_RGB888);
    const int rowBytes = image.width * 3;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(result.scanLine(y), image.pixels.data() + static_cast<std::size_t>(y) * rowBytes, rowBytes);
    return result;
}

engine::RgbImage fromQImage(const QImage& image) {
    engine::RgbImage result;
    if (image.isNull()) return result;
    QImage rgb = image;
    if (image.hasAlphaChannel()) {
        // Composite on white so transparent regions do not turn black.
        QImage flat(image.size(), QImage::Format_RGB888);
        flat.fill(Qt::white);
        QPainter painter(&flat);
        painter.drawImage(0, 0, image);
        painter.end();
        rgb = flat;
    } else {
        rgb = image.convertToFormat(QImage::Format_RGB888);
    }
    result.width = rgb.width();
    result.height = rgb.height();
    result.pixels.resize(static_cast<std::size_t>(result.width) * result.height * 3);
    const int rowBytes = result.width * 3;
    for (int y = 0; y < result.height; ++y)
        std::memcpy(result.pixels.data() + static_cast<std::size_t>(y) * rowBytes, rgb.constScanLine(y), rowBytes);
    return result;
}

QImage differenceImage(const QImage& a, const QImage& b, int gain) {
    if (a.isNull() || a.size() != b.size()) return {};
    const QImage left = a.convertToFormat(QImage::Format_RGB888);
    const QImage right = b.convertToFormat(QImage::Format_RGB888);
    QImage result(left.size(), QImage::Format_RGB888);
    const int rowBytes = left.width() * 3;
    for (int y = 0; y < left.height(); ++y) {
        const uchar* p = left.constScanLine(y);
        const uchar* q = right.constScanLine(y);
        uchar* out = result.scanLine(y);
        for (int i = 0; i < rowBytes; ++i) out[i] = static_cast<uchar>(std::min(255, std::abs(p[i] - q[i]) * gain));
    }
    return result;
}

}  // namespace ui
