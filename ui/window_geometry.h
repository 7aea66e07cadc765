#pragma once
// Where the window opens: never larger than the screen it is on (a laptop's 1366 x 768 too), so
// the status bar, the loss plot and the snapshot strip are always visible.
#include <QMargins>
#include <QRect>
#include <QSize>

class QWidget;

namespace ui {

// The size the window asks for on a fresh profile (a large desktop screen).
constexpr QSize kPreferredWindowSize{1360, 860};
// Room kept for a window manager's title bar and borders before the window is shown (they are
// not known until then).
constexpr QMargins kAssumedDecorations{4, 32, 4, 4};

// `frame` (the window with its decorations) moved and shrunk so that it lies inside `available`;
// never smaller than `minimum` (client size), which wins when the screen is smaller still.
QRect fitFrameToScreen(const QRect& frame, const QMargins& decorations, const QRect& available, const QSize& minimum);

// A fresh profile: the preferred size, shrunk to the screen and centred on it.
void placeFirstWindow(QWidget& window);
// Restored geometry: kept when it fits, else moved and shrunk onto the screen.
void keepWindowOnScreen(QWidget& window);

}  // namespace ui
