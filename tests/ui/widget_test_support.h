#pragma once
// Helpers shared by the widget tests.
#include "catch_checks.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QString>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <functional>

#include "engine/image_io.h"
#include "engine/rgb_image.h"
#include "engine/vgg19.h"
#include "test_paths.h"

// Failed checks on QStrings show the text (Catch would otherwise list the characters as {?}).
namespace Catch {
template <>
struct StringMaker<QString> {
    static std::string convert(const QString& text) { return '"' + text.toStdString() + '"'; }
};
}  // namespace Catch

namespace ui_test {

// Spins the event loop until `done` or the timeout; returns whether `done` became true.
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QTest::qSleep(1);
    }
    return true;
}

// The longest stall of the UI thread from construction to stop(): the longest gap between the
// ticks of a timer on this thread (it ticks through nested event loops, a dialog's, too).
class StallMeter {
public:
    explicit StallMeter(int intervalMs = 5) {
        ticker_.setInterval(intervalMs);
        QObject::connect(&ticker_, &QTimer::timeout, [this] { longest_ = std::max(longest_, sinceTick_.restart()); });
        sinceTick_.start();
        ticker_.start();
    }
    void stop() { ticker_.stop(); }
    qint64 longestMs() const { return longest_; }

private:
    QTimer ticker_;
    QElapsedTimer sinceTick_;
    qint64 longest_ = 0;
};

inline engine::RgbImage smallImage(const std::string& name, int side = 64) {
    return engine::load_image(test_paths::image(name), side);
}

// The shared development weights, loaded once per test process.
inline engine::Vgg19 model() {
    static engine::Vgg19 loaded = engine::load_vgg19(test_paths::weights_file());
    return loaded;
}

}  // namespace ui_test
