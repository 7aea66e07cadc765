#include "ui/style_regions.h"

#include <QColor>
#include <QImageReader>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {

QImage filled(const QSize& size, int value) {
    QImage image(size, QImage::Format_Grayscale8);
    image.fill(QColor(value, value, value));
    return image;
}

// Brush opacity at distance d from the centre: 1 inside the hard core, then a smoothstep to 0 at r.
double opacity(double d, double radius, double softness) {
    if (d >= radius) return 0.0;
    const double core = radius * (1.0 - softness);
    if (d <= core) return 1.0;
    const double t = (radius - d) / std::max(1e-9, radius - core);
    return t * t * (3.0 - 2.0 * t);
}

}  // namespace

StyleRegions::StyleRegions(QObject* parent) : QObject(parent) {}

void StyleRegions::setSize(const QSize& size) {
    if (size == size_ || size.isEmpty()) return;
    size_ = size;
    for (auto& mask : masks_) mask = mask.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    undo_.clear();
    redo_.clear();
    if (painted()) finishEdit();
}

void StyleRegions::setStyleCount(int styles) {
    styles = std::max(1, styles);
    if (styles == styles_) return;
    styles_ = styles;
    if (painted()) masks_.resize(static_cast<std::size_t>(styles), filled(size_, 0));
    undo_.clear();
    redo_.clear();
    if (painted()) finishEdit();
}

void StyleRegions::ensureMasks() {
    if (painted() || size_.isEmpty()) return;
    masks_.assign(static_cast<std::size_t>(styles_), filled(size_, 0));
    masks_[0] = filled(size_, 255);
}

void StyleRegions::remember() {
    undo_.push_back(masks_);
    if (undo_.size() > static_cast<std::size_t>(kMaxUndo)) undo_.erase(undo_.begin());
    redo_.clear();
}

void StyleRegions::finishEdit(const QRect& changed) {
    lastEditWasStroke_ = false;
    Q_EMIT edited(changed);
}

void StyleRegions::beginStroke(const QPointF& at, const Brush& brush) {
    if (size_.isEmpty()) return;
    remember();
    const bool fresh = !painted();
    ensureMasks();
    if (fresh) Q_EMIT painting(QRect(QPoint(0, 0), size_));  // the first style everywhere: all of it changed
    brush_ = brush;
    brush_.radius = std::max(0.5, brush.radius);
    stroking_ = true;
    last_ = at;
    strokeDirty_ = QRect();
    dab(at);
}

void StyleRegions::continueStroke(const QPointF& at) {
    if (!stroking_) return;
    // Dabs a quarter of the radius apart, so a fast stroke is a line, not a row of dots.
    const QPointF step = at - last_;
    const double length = std::hypot(step.x(), step.y());
    const double spacing = std::max(0.5, brush_.radius / 4.0);
    const int dabs = static_cast<int>(length / spacing);
    for (int i = 1; i <= dabs; ++i) dab(last_ + step * (i * spacing / length));
    if (dabs > 0) last_ += step * (dabs * spacing / length);
}

void StyleRegions::endStroke() {
    if (!stroking_) return;
    stroking_ = false;
    lastEditWasStroke_ = true;
    Q_EMIT edited(strokeDirty_);
}

void StyleRegions::dab(const QPointF& at) {
    const double r = brush_.radius;
    const QRect box = QRect(QPoint(static_cast<int>(std::floor(at.x() - r)), static_cast<int>(std::floor(at.y() - r))),
                            QPoint(static_cast<int>(std::ceil(at.x() + r)), static_cast<int>(std::ceil(at.y() + r))))
                          .intersected(QRect(QPoint(0, 0), size_));
    if (box.isEmpty()) return;
    const int styles = static_cast<int>(masks_.size());
    const double core = r * (1.0 - brush_.softness);
    std::vector<uchar*> rows(masks_.size());
    for (int y = box.top(); y <= box.bottom(); ++y) {
        for (int k = 0; k < styles; ++k) rows[static_cast<std::size_t>(k)] = masks_[static_cast<std::size_t>(k)].scanLine(y);
        const double dy = y + 0.5 - at.y();
        for (int x = box.left(); x <= box.right(); ++x) {
            const double dx = x + 0.5 - at.x();
            const double d2 = dx * dx + dy * dy;
            if (d2 >= r * r) continue;
            const double a = d2 <= core * core ? 1.0 : opacity(std::sqrt(d2), r, brush_.softness);
            for (int k = 0; k < styles; ++k) {
                uchar& m = rows[static_cast<std::size_t>(k)][x];
                double v = m;
                if (brush_.tool == Tool::Eraser) {
                    if (k == brush_.style) v *= 1.0 - a;
                } else if (k == brush_.style) {
                    v += a * (255.0 - v);
                } else {
                    v *= 1.0 - a;
                }
                m = static_cast<uchar>(std::clamp(std::lround(v), 0L, 255L));
            }
        }
    }
    strokeDirty_ = strokeDirty_.united(box);
    Q_EMIT painting(box);
}

void StyleRegions::fill(int style) {
    if (size_.isEmpty()) return;
    remember();
    ensureMasks();
    for (int k = 0; k < static_cast<int>(masks_.size()); ++k) masks_[static_cast<std::size_t>(k)] = filled(size_, k == style ? 255 : 0);
    finishEdit();
}

void StyleRegions::clear(int style) {
    if (size_.isEmpty() || style < 0 || style >= styles_) return;
    remember();
    ensureMasks();
    masks_[static_cast<std::size_t>(style)] = filled(size_, 0);
    finishEdit();
}

void StyleRegions::invert(int style) {
    if (size_.isEmpty() || style < 0 || style >= styles_) return;
    remember();
    ensureMasks();
    // The style takes what it lacked; the others keep their part of what it leaves.
    auto& chosen = masks_[static_cast<std::size_t>(style)];
    for (int y = 0; y < size_.height(); ++y) {
        uchar* c = chosen.scanLine(y);
        for (int x = 0; x < size_.width(); ++x) {
            const int inverted = 255 - c[x];
            double others = 0;
            for (int k = 0; k < styles_; ++k)
                if (k != style) others += masks_[static_cast<std::size_t>(k)].constScanLine(y)[x];
            const double room = 255.0 - inverted;  // what the other styles may keep
            if (others > room && others > 0)
                for (int k = 0; k < styles_; ++k)
                    if (k != style) {
                        uchar& m = masks_[static_cast<std::size_t>(k)].scanLine(y)[x];
                        m = static_cast<uchar>(std::lround(m * room / others));
                    }
            c[x] = static_cast<uchar>(inverted);
        }
    }
    finishEdit();
}

void StyleRegions::forget() {
    if (!painted()) return;
    remember();
    masks_.clear();
    finishEdit();
}

bool StyleRegions::loadMask(int style, const QString& file) {
    if (size_.isEmpty() || style < 0 || style >= styles_) return false;
    QImageReader reader(file);
    const QImage image = reader.read();
    if (image.isNull()) return false;
    remember();
    ensureMasks();
    masks_[static_cast<std::size_t>(style)] =
        image.convertToFormat(QImage::Format_Grayscale8).scaled(size_, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    finishEdit();
    return true;
}

bool StyleRegions::saveMask(int style, const QString& file) const {
    if (style < 0 || style >= styles_ || size_.isEmpty()) return false;
    const QImage image = painted() ? masks_[static_cast<std::size_t>(style)] : filled(size_, style == 0 ? 255 : 0);
    QSaveFile out(file);  // written whole or not at all
    return out.open(QIODevice::WriteOnly) && image.save(&out, "PNG") && out.commit();
}

void StyleRegions::undo() {
    if (undo_.empty()) return;
    redo_.push_back(masks_);
    masks_ = undo_.back();
    undo_.pop_back();
    finishEdit();
}

void StyleRegions::redo() {
    if (redo_.empty()) return;
    undo_.push_back(masks_);
    masks_ = redo_.back();
    redo_.pop_back();
    finishEdit();
}

std::vector<engine::SharedMask> StyleRegions::engineMasks() const {
    std::vector<engine::SharedMask> masks;
    for (const auto& image : masks_) {
        auto mask = std::make_shared<engine::RegionMask>();
        mask->width = image.width();
        mask->height = image.height();
        mask->values.resize(static_cast<std::size_t>(mask->width) * static_cast<std::size_t>(mask->height));
        for (int y = 0; y < image.height(); ++y)
            std::copy_n(image.constScanLine(y), image.width(), mask->values.data() + static_cast<std::size_t>(y) * image.width());
        masks.push_back(std::move(mask));
    }
    return masks;
}

void StyleRegions::restore(const std::vector<engine::SharedMask>& masks) {
    remember();
    masks_.clear();
    for (const auto& mask : masks) {
        QImage image(mask->width, mask->height, QImage::Format_Grayscale8);
        for (int y = 0; y < mask->height; ++y)
            std::copy_n(mask->values.data() + static_cast<std::size_t>(y) * mask->width, mask->width, image.scanLine(y));
        masks_.push_back(size_.isEmpty() ? image : image.scaled(size_, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    }
    if (!masks_.empty() && size_.isEmpty()) size_ = masks_.front().size();
    styles_ = std::max(1, static_cast<int>(masks_.size()));
    finishEdit();
}

void StyleRegions::drawOverlay(QImage& overlay, const std::vector<QColor>& colours, const QRect& rect) const {
    if (overlay.size() != size_ || overlay.format() != QImage::Format_ARGB32_Premultiplied) {
        overlay = QImage(size_, QImage::Format_ARGB32_Premultiplied);
        overlay.fill(Qt::transparent);
        if (!painted()) return;
        return drawOverlay(overlay, colours, QRect(QPoint(0, 0), size_));
    }
    const QRect area = (rect.isNull() ? QRect(QPoint(0, 0), size_) : rect).intersected(QRect(QPoint(0, 0), size_));
    // alpha = 0.35 x the masks' sum; colour premultiplied: 0.35 x sum of mask x colour (masks 0..255).
    // Light enough to see the picture form through it.
    constexpr int kOpacity = 89;  // 0.35 x 255
    const std::size_t count = masks_.size();
    std::vector<int> red(count), green(count), blue(count);
    for (std::size_t k = 0; k < count; ++k) {
        const QColor& c = colours[k % colours.size()];
        red[k] = c.red();
        green[k] = c.green();
        blue[k] = c.blue();
    }
    std::vector<const uchar*> rows(count);
    for (int y = area.top(); y <= area.bottom(); ++y) {
        auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (std::size_t k = 0; k < count; ++k) rows[k] = masks_[k].constScanLine(y);
        for (int x = area.left(); x <= area.right(); ++x) {
            int r = 0, g = 0, b = 0, a = 0;
            for (std::size_t k = 0; k < count; ++k) {
                const int m = rows[k][x];
                r += m * red[k];
                g += m * green[k];
                b += m * blue[k];
                a += m;
            }
            constexpr int kScale = 255 * 255;
            out[x] = qRgba(r * kOpacity / kScale, g * kOpacity / kScale, b * kOpacity / kScale,
                           std::min(255, a * kOpacity / 255));
        }
    }
}

}  // namespace ui
