#pragma once
// Where each style goes, as the artist paints it (Paint mode): one 8-bit mask per style at the
// result's size, edited by brush strokes, fill, clear and invert, with undo and redo. Qt-side model
// of engine::Params::style_masks: engineMasks() hands the engine shared copies, so a stroke reaches
// a running run with the live parameters (the worker's pending slot), never by a second channel.
//
// Painting style k with opacity a at a pixel moves it towards k: m_k += a (1 - m_k), every other
// mask m_j *= (1 - a); the masks never sum above 1. "Protect" (kProtect) paints no style: every
// mask *= (1 - a), so the photo keeps its look there. The eraser removes only the chosen style.
// Nothing painted yet: no masks (every style everywhere, blended); the first edit starts from the
// first style everywhere.
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QRect>
#include <QSize>
#include <vector>

#include "engine/region_mask.h"

namespace ui {

class StyleRegions : public QObject {
    Q_OBJECT
public:
    static constexpr int kProtect = -1;
    static constexpr int kMaxUndo = 100;
    enum class Tool { Brush, Eraser };
    struct Brush {
        Tool tool = Tool::Brush;
        int style = 0;          // index, or kProtect
        double radius = 24.0;   // in mask pixels
        double softness = 0.5;  // 0: hard edge; 1: fades from the centre
    };

    explicit StyleRegions(QObject* parent = nullptr);

    // The masks' size (the result's) and the number of styles. A new size rescales what is painted;
    // a style added gets an empty mask, a style removed loses its own. Either starts a new undo history.
    void setSize(const QSize& size);
    void setStyleCount(int styles);
    QSize size() const { return size_; }
    int styleCount() const { return styles_; }
    bool painted() const { return !masks_.empty(); }

    void beginStroke(const QPointF& at, const Brush& brush);  // `at` in mask pixels
    void continueStroke(const QPointF& at);
    void endStroke();
    bool stroking() const { return stroking_; }
    // The last edit was a stroke: painting() has shown every dab of it already.
    bool lastEditWasStroke() const { return lastEditWasStroke_; }

    void fill(int style);    // the whole picture to this style (kProtect: no style anywhere)
    void clear(int style);   // this style nowhere (its part protected)
    void invert(int style);  // this style where it was not, and not where it was
    void forget();           // back to no masks at all (undoable)
    // Replaces a style's mask with an image read as luminance, resized to size(). False when unreadable.
    bool loadMask(int style, const QString& file);
    // The style's mask as a greyscale PNG (all white when nothing is painted). False when unwritable.
    bool saveMask(int style, const QString& file) const;

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    void undo();
    void redo();

    // Params::style_masks: empty while nothing is painted.
    std::vector<engine::SharedMask> engineMasks() const;
    // Masks recorded with a run or session (empty: none), at their own size.
    void restore(const std::vector<engine::SharedMask>& masks);
    const QImage& mask(int style) const { return masks_.at(static_cast<std::size_t>(style)); }

    // The styles' colours over the picture, alpha 0.35 x the mask: the region of `rect` redrawn into
    // `overlay` (ARGB32 premultiplied, size()), or a new one when `overlay` is null or of another size.
    void drawOverlay(QImage& overlay, const std::vector<QColor>& colours, const QRect& rect = QRect()) const;

Q_SIGNALS:
    void painting(const QRect& dirty);  // during a stroke: what changed
    // An edit is complete (stroke ended, fill, undo, ...); `changed`: where (null: anywhere).
    void edited(const QRect& changed);

private:
    void ensureMasks();
    void dab(const QPointF& at);
    void remember();  // the state before an edit, for undo
    void finishEdit(const QRect& changed = QRect());

    QSize size_{0, 0};
    int styles_ = 1;
    std::vector<QImage> masks_;  // Format_Grayscale8, empty: nothing painted
    // Undo/redo: whole mask sets. QImage shares its data, so a step costs only what it changed.
    std::vector<std::vector<QImage>> undo_, redo_;
    bool stroking_ = false;
    bool lastEditWasStroke_ = false;
    Brush brush_;
    QPointF last_;
    QRect strokeDirty_;
};

}  // namespace ui
