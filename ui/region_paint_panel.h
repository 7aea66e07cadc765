#pragma once
// Paint Regions: the tools row above the canvas (style or Protect, brush or eraser, size, softness,
// fill, clear, invert, undo, redo, the overlay, load and save a mask) and the strokes it takes from
// the canvases. Owns the StyleRegions model; the window reads masks() into the live parameters
// whenever masksEdited() fires (the next iteration of a running run paints with them).
#include <QColor>
#include <QImage>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "engine/region_mask.h"
#include "ui/style_regions.h"

class QAction;
class QCheckBox;
class QComboBox;
class QSlider;
class QSpinBox;
class QToolButton;

namespace ui {

class Canvas;

class RegionPaintPanel : public QWidget {
    Q_OBJECT
public:
    explicit RegionPaintPanel(QWidget* parent = nullptr);

    // The canvases strokes come from and the overlay goes to (the compare view's two).
    void attachCanvas(Canvas* canvas);
    // The styles' names in order (the slot's painting first); their count sets the masks'.
    void setStyles(const QStringList& names);
    // The result's size: masks are painted at it (a new size rescales them).
    void setPictureSize(const QSize& size);

    // Paint mode: the canvases paint instead of panning with the left button, the panel shows.
    void setPainting(bool on);
    bool painting() const { return painting_; }
    void setOverlayShown(bool shown);
    bool overlayShown() const;

    StyleRegions* regions() { return &regions_; }
    std::vector<engine::SharedMask> masks() const { return regions_.engineMasks(); }
    // Masks of a restored run or session (empty: none painted).
    void restore(const std::vector<engine::SharedMask>& masks);

    // The actions the window puts in its menu (their shortcuts work while the window has focus).
    QAction* paintAction() const { return paintAction_; }
    QAction* undoAction() const { return undoAction_; }
    QAction* redoAction() const { return redoAction_; }
    QAction* overlayAction() const { return overlayAction_; }
    QAction* smallerAction() const { return smallerAction_; }
    QAction* largerAction() const { return largerAction_; }

    QComboBox* styleBox() const { return styleBox_; }
    QSpinBox* sizeBox() const { return sizeBox_; }
    QSlider* softnessSlider() const { return softness_; }
    QToolButton* eraserButton() const { return eraser_; }
    static QColor styleColour(int style);
    int chosenStyle() const;  // index, or StyleRegions::kProtect

    bool loadMaskFrom(const QString& file);  // into the chosen style; false (and a message) when unreadable
    bool saveMaskTo(const QString& file);

Q_SIGNALS:
    void masksEdited();
    void message(const QString& text);

private:
    void buildTools();
    void redrawOverlay(const QRect& dirty = QRect());
    void updateBrushOutline();
    void updateButtons();
    StyleRegions::Brush brush() const;
    QPointF toMask(const QPointF& picture) const;

    StyleRegions regions_;
    std::vector<Canvas*> canvases_;
    QImage overlay_;
    bool painting_ = false;
    QComboBox* styleBox_ = nullptr;
    QToolButton *brush_ = nullptr, *eraser_ = nullptr;
    QSpinBox* sizeBox_ = nullptr;
    QSlider* softness_ = nullptr;
    QCheckBox* overlayCheck_ = nullptr;
    QAction *paintAction_, *undoAction_, *redoAction_, *overlayAction_, *smallerAction_, *largerAction_;
};

}  // namespace ui
