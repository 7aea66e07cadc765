#include "ui/region_paint_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <algorithm>

#include "ui/canvas.h"

namespace ui {
namespace {

constexpr int kMaxBrush = 1000;

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(14, 14);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

}  // namespace

QColor RegionPaintPanel::styleColour(int style) {
    static const QColor colours[] = {QColor(255, 140, 0), QColor(40, 150, 255), QColor(230, 40, 160), QColor(60, 200, 90)};
    return colours[static_cast<std::size_t>(std::max(0, style)) % 4];
}

RegionPaintPanel::RegionPaintPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("regionPaintPanel"));
    paintAction_ = new QAction(tr("&Paint Regions"), this);
    paintAction_->setCheckable(true);
    paintAction_->setShortcut(QKeySequence(Qt::Key_P));
    paintAction_->setToolTip(tr("Paint where each style goes, and where the photo keeps its look (P)"));
    undoAction_ = new QAction(tr("&Undo Paint"), this);
    undoAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    redoAction_ = new QAction(tr("&Redo Paint"), this);
    redoAction_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    overlayAction_ = new QAction(tr("Show Regions &Overlay"), this);
    overlayAction_->setCheckable(true);
    overlayAction_->setChecked(true);
    overlayAction_->setShortcut(QKeySequence(Qt::Key_M));
    smallerAction_ = new QAction(tr("Smaller Brush"), this);
    smallerAction_->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    largerAction_ = new QAction(tr("Larger Brush"), this);
    largerAction_->setShortcut(QKeySequence(Qt::Key_BracketRight));
    for (QAction* action : {paintAction_, undoAction_, redoAction_, overlayAction_, smallerAction_, largerAction_})
        action->setShortcutContext(Qt::WindowShortcut);

    buildTools();
    setVisible(false);

    connect(paintAction_, &QAction::toggled, this, &RegionPaintPanel::setPainting);
    connect(undoAction_, &QAction::triggered, &regions_, &StyleRegions::undo);
    connect(redoAction_, &QAction::triggered, &regions_, &StyleRegions::redo);
    connect(overlayAction_, &QAction::toggled, this, [this](bool shown) {
        overlayCheck_->setChecked(shown);
        redrawOverlay();
    });
    connect(smallerAction_, &QAction::triggered, this, [this] { sizeBox_->setValue(std::max(1, sizeBox_->value() * 4 / 5)); });
    connect(largerAction_, &QAction::triggered, this,
            [this] { sizeBox_->setValue(std::min(kMaxBrush, std::max(sizeBox_->value() + 1, sizeBox_->value() * 5 / 4))); });
    connect(&regions_, &StyleRegions::painting, this, [this](const QRect& dirty) { redrawOverlay(dirty); });
    connect(&regions_, &StyleRegions::edited, this, [this](const QRect& changed) {
        if (!regions_.lastEditWasStroke()) redrawOverlay(changed);  // a stroke's dabs are drawn as they come
        updateButtons();
        Q_EMIT masksEdited();
    });
    updateButtons();
}

void RegionPaintPanel::buildTools() {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 2, 4, 2);
    row->addWidget(new QLabel(tr("Paint:")));
    styleBox_ = new QComboBox;
    styleBox_->setObjectName(QStringLiteral("regionStyleBox"));
    styleBox_->setToolTip(tr("What the brush paints: one of the styles, or Protect (no style: the photo keeps its look)"));
    row->addWidget(styleBox_);
    brush_ = toolButton(tr("Brush"), tr("Paint the chosen style (or protection)"), this);
    eraser_ = toolButton(tr("Eraser"), tr("Remove the chosen style where you paint (it becomes protected there)"), this);
    eraser_->setObjectName(QStringLiteral("regionEraser"));
    for (QToolButton* b : {brush_, eraser_}) {
        b->setCheckable(true);
        b->setAutoExclusive(true);
        row->addWidget(b);
    }
    brush_->setChecked(true);
    row->addWidget(new QLabel(tr("Size")));
    sizeBox_ = new QSpinBox;
    sizeBox_->setObjectName(QStringLiteral("regionBrushSize"));
    sizeBox_->setRange(1, kMaxBrush);
    sizeBox_->setValue(40);
    sizeBox_->setSuffix(tr(" px"));
    sizeBox_->setToolTip(tr("Brush diameter in the result's pixels ([ smaller, ] larger)"));
    row->addWidget(sizeBox_);
    row->addWidget(new QLabel(tr("Softness")));
    softness_ = new QSlider(Qt::Horizontal);
    softness_->setRange(0, 100);
    softness_->setValue(50);
    softness_->setMinimumWidth(60);
    softness_->setMaximumWidth(90);
    softness_->setToolTip(tr("0: a hard edge; 100: the brush fades from its centre"));
    row->addWidget(softness_);
    auto add = [this, row](const QString& text, const QString& tip, auto slot) {
        auto* button = toolButton(text, tip, this);
        connect(button, &QToolButton::clicked, this, slot);
        row->addWidget(button);
        return button;
    };
    add(tr("Fill"), tr("The whole picture to the chosen style (Protect: no style anywhere)"),
        [this] { regions_.fill(chosenStyle()); });
    add(tr("Clear"), tr("The chosen style nowhere (protected where it was)"), [this] { regions_.clear(chosenStyle()); });
    add(tr("Invert"), tr("The chosen style where it was not, and not where it was"), [this] { regions_.invert(chosenStyle()); });
    auto* undo = add(tr("Undo"), tr("Undo the last stroke or edit (Ctrl+Z)"), [this] { regions_.undo(); });
    auto* redo = add(tr("Redo"), tr("Redo (Ctrl+Shift+Z)"), [this] { regions_.redo(); });
    undo->setObjectName(QStringLiteral("regionUndo"));
    redo->setObjectName(QStringLiteral("regionRedo"));
    connect(this, &RegionPaintPanel::masksEdited, this, [undo, redo, this] {
        undo->setEnabled(regions_.canUndo());
        redo->setEnabled(regions_.canRedo());
    });
    add(tr("Load…"), tr("Load the chosen style's mask from an image (white = this style, black = none)"), [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Load Mask"), QString(), tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"));
        if (!file.isEmpty()) loadMaskFrom(file);
    });
    add(tr("Save…"), tr("Save the chosen style's mask as a greyscale PNG"), [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save Mask"), QStringLiteral("mask.png"), tr("PNG images (*.png)"));
        if (!file.isEmpty()) saveMaskTo(file);
    });
    add(tr("Remove Regions"), tr("Forget every painted region: every style everywhere again (undoable)"),
        [this] { regions_.forget(); });
    overlayCheck_ = new QCheckBox(tr("Show (M)"));
    overlayCheck_->setChecked(true);
    overlayCheck_->setToolTip(tr("Show the regions over the picture in each style's colour (M)"));
    connect(overlayCheck_, &QCheckBox::toggled, this, [this](bool on) { overlayAction_->setChecked(on); });
    row->addWidget(overlayCheck_);
    row->addStretch(1);
    connect(sizeBox_, &QSpinBox::valueChanged, this, &RegionPaintPanel::updateBrushOutline);
    setStyles({tr("Style 1")});
}

void RegionPaintPanel::attachCanvas(Canvas* canvas) {
    canvases_.push_back(canvas);
    connect(canvas, &Canvas::strokeStarted, this, [this](const QPointF& at) { regions_.beginStroke(toMask(at), brush()); });
    connect(canvas, &Canvas::strokeMoved, this, [this](const QPointF& at) { regions_.continueStroke(toMask(at)); });
    connect(canvas, &Canvas::strokeEnded, &regions_, &StyleRegions::endStroke);
}

void RegionPaintPanel::setStyles(const QStringList& names) {
    const int chosen = styleBox_->currentIndex();
    const bool wasProtect = chosen >= 0 && styleBox_->itemData(chosen).toInt() == StyleRegions::kProtect;
    styleBox_->clear();
    for (int i = 0; i < names.size(); ++i)
        styleBox_->addItem(swatch(styleColour(i)), QStringLiteral("%1: %2").arg(i + 1).arg(names[i]), i);
    styleBox_->addItem(tr("Protect (no style)"), StyleRegions::kProtect);
    styleBox_->setCurrentIndex(wasProtect ? names.size() : std::clamp(chosen, 0, static_cast<int>(names.size()) - 1));
    regions_.setStyleCount(static_cast<int>(names.size()));
}

void RegionPaintPanel::setPictureSize(const QSize& size) {
    regions_.setSize(size);
    redrawOverlay();
    updateBrushOutline();
}

void RegionPaintPanel::setPainting(bool on) {
    painting_ = on;
    if (paintAction_->isChecked() != on) paintAction_->setChecked(on);
    setVisible(on);
    for (Canvas* canvas : canvases_) canvas->setPaintMode(on);
    redrawOverlay();
    updateBrushOutline();
}

void RegionPaintPanel::setOverlayShown(bool shown) { overlayAction_->setChecked(shown); }
bool RegionPaintPanel::overlayShown() const { return overlayAction_->isChecked(); }

void RegionPaintPanel::restore(const std::vector<engine::SharedMask>& masks) {
    if (masks.empty())
        regions_.forget();
    else
        regions_.restore(masks);
}

int RegionPaintPanel::chosenStyle() const {
    return styleBox_->currentIndex() < 0 ? 0 : styleBox_->currentData().toInt();
}

StyleRegions::Brush RegionPaintPanel::brush() const {
    StyleRegions::Brush b;
    b.tool = eraser_->isChecked() ? StyleRegions::Tool::Eraser : StyleRegions::Tool::Brush;
    b.style = chosenStyle();
    b.radius = sizeBox_->value() / 2.0;
    b.softness = softness_->value() / 100.0;
    return b;
}

QPointF RegionPaintPanel::toMask(const QPointF& picture) const {
    return {picture.x() * regions_.size().width(), picture.y() * regions_.size().height()};
}

void RegionPaintPanel::redrawOverlay(const QRect& dirty) {
    const bool shown = painting_ && overlayAction_->isChecked() && regions_.painted();
    if (!shown) {
        for (Canvas* canvas : canvases_) canvas->setOverlay(QImage());
        return;
    }
    std::vector<QColor> colours;
    for (int i = 0; i < regions_.styleCount(); ++i) colours.push_back(styleColour(i));
    const bool whole = overlay_.size() != regions_.size();
    regions_.drawOverlay(overlay_, colours, dirty);
    for (Canvas* canvas : canvases_) canvas->setOverlay(overlay_, whole ? QRect() : dirty);
}

void RegionPaintPanel::updateBrushOutline() {
    const double width = std::max(1, regions_.size().width());
    for (Canvas* canvas : canvases_) canvas->setBrushRadius(sizeBox_->value() / 2.0 / width);
}

void RegionPaintPanel::updateButtons() {
    undoAction_->setEnabled(regions_.canUndo());
    redoAction_->setEnabled(regions_.canRedo());
}

bool RegionPaintPanel::loadMaskFrom(const QString& file) {
    if (regions_.size().isEmpty()) {
        Q_EMIT message(tr("Choose a content image first: masks are painted at the result's size"));
        return false;
    }
    if (chosenStyle() == StyleRegions::kProtect) {
        Q_EMIT message(tr("Choose the style the mask belongs to (not Protect) before loading it"));
        return false;
    }
    if (!regions_.loadMask(chosenStyle(), file)) {
        Q_EMIT message(tr("Cannot load the mask %1: not a readable image").arg(file));
        return false;
    }
    Q_EMIT message(tr("Mask of style %1 loaded from %2").arg(chosenStyle() + 1).arg(file));
    return true;
}

bool RegionPaintPanel::saveMaskTo(const QString& file) {
    const int style = chosenStyle();
    if (style == StyleRegions::kProtect || !regions_.saveMask(style, file)) {
        Q_EMIT message(style == StyleRegions::kProtect ? tr("Choose a style (not Protect) to save its mask")
                                                       : tr("Cannot write the mask %1 (check the folder's permissions)").arg(file));
        return false;
    }
    Q_EMIT message(tr("Mask of style %1 saved as %2").arg(style + 1).arg(file));
    return true;
}

}  // namespace ui
