#include "ui/window_geometry.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <algorithm>

namespace ui {
namespace {

QRect availableFor(const QWidget& window) {
    const QScreen* screen = window.screen() ? window.screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect();
}

// The decorations once the window is shown, else the assumed ones.
QMargins decorationsOf(const QWidget& window) {
    const QRect frame = window.frameGeometry(), client = window.geometry();
    if (window.isVisible() && frame != client)
        return {client.left() - frame.left(), client.top() - frame.top(), frame.right() - client.right(),
                frame.bottom() - client.bottom()};
    return kAssumedDecorations;
}

void applyFrame(QWidget& window, const QRect& frame, const QMargins& decorations) {
    const QRect client = frame.marginsRemoved(decorations);
    window.resize(client.size());
    window.move(frame.topLeft());  // move() places the frame's corner
}

}  // namespace

QRect fitFrameToScreen(const QRect& frame, const QMargins& decorations, const QRect& available, const QSize& minimum) {
    if (!available.isValid()) return frame;
    const QSize minimumFrame = minimum.grownBy(decorations);
    QSize size = frame.size().boundedTo(available.size()).expandedTo(minimumFrame);
    QRect fitted(frame.topLeft(), size);
    // Inside the screen: right and bottom edges first, then the top-left corner wins.
    if (fitted.right() > available.right()) fitted.moveRight(available.right());
    if (fitted.bottom() > available.bottom()) fitted.moveBottom(available.bottom());
    if (fitted.left() < available.left()) fitted.moveLeft(available.left());
    if (fitted.top() < available.top()) fitted.moveTop(available.top());
    return fitted;
}

void placeFirstWindow(QWidget& window) {
    const QRect available = availableFor(window);
    const QMargins decorations = decorationsOf(window);
    QRect frame(QPoint(), kPreferredWindowSize.grownBy(decorations));
    if (available.isValid()) {
        frame.setSize(frame.size().boundedTo(available.size()));
        frame.moveCenter(available.center());
    }
    applyFrame(window, fitFrameToScreen(frame, decorations, available, window.minimumSizeHint()), decorations);
}

void keepWindowOnScreen(QWidget& window) {
    const QRect available = availableFor(window);
    const QMargins decorations = decorationsOf(window);
    const QRect frame = window.geometry().marginsAdded(decorations);
    const QRect fitted = fitFrameToScreen(frame, decorations, available, window.minimumSizeHint());
    if (fitted != frame) applyFrame(window, fitted, decorations);
}

}  // namespace ui
