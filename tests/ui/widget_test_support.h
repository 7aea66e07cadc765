#pragma once
// Helpers shared by the widget tests.
#include "catch_checks.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QString>
#include <QTest>
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

inline engine::RgbImage smallImage(const std::string& name, int side = 64) {
    return engine::load_image(test_paths::image(name), side);
}

// The shared development weights, loaded once per test process.
inline engine::Vgg19 model() {
    static engine::Vgg19 loaded = engine::load_vgg19(test_paths::weights_file());
    return loaded;
}

}  // namespace ui_test
