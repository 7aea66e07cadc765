#pragma once
// Helpers shared by the window tests: a window with weights and both images, ready to run.
#include <QCheckBox>
#include <QSpinBox>
#include <memory>

#include "ui/background_writer.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/run_settings_panel.h"
#include "widget_test_support.h"

namespace ui_test {

inline QString imagePath(const char* name) { return QString::fromStdString(test_paths::image(name)); }

// A shown window with building.jpg and starry_night.jpg, `size` px, default live parameters,
// compare off, weights loaded.
inline std::unique_ptr<ui::MainWindow> readyWindow(int iterations, int snapshotEvery = 0, int size = 64) {
    auto window = std::make_unique<ui::MainWindow>(QString::fromStdString(test_paths::weights_file()));
    window->show();
    REQUIRE(waitUntil([&] { return window->modelLoader()->isLoaded(); }, 60000));
    REQUIRE(window->contentSlot()->loadFile(imagePath("building.jpg")));
    REQUIRE(window->styleSlot()->loadFile(imagePath("starry_night.jpg")));
    window->runSettings()->sizeBox()->setValue(size);
    window->runSettings()->iterationsBox()->setValue(iterations);
    window->runSettings()->setSnapshotEvery(snapshotEvery);
    window->liveParams()->compareCheck()->setChecked(false);
    window->liveParams()->resetToDefaults();
    return window;
}

// Until the run has ended and every write it caused has been shown.
inline bool waitUntilIdle(ui::MainWindow& window, int timeoutMs) {
    return waitUntil([&] { return !window.isRunning() && window.backgroundWriter()->pending() == 0; }, timeoutMs);
}

}  // namespace ui_test
