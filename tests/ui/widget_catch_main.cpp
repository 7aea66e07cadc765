// Catch2 main for the widget tests: one QApplication for the whole run, offscreen, with settings
// and caches in a temporary folder so tests never touch the user's.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QTemporaryDir>
#include <cstdlib>

#include "test_paths.h"
#include "ui/app_setup.h"

int main(int argc, char* argv[]) {
    QTemporaryDir home;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("XDG_CONFIG_HOME", (home.path() + "/config").toLocal8Bit());
    qputenv("XDG_CACHE_HOME", (home.path() + "/cache").toLocal8Bit());
    qputenv("GRAMSTUDIO_WEIGHTS", QByteArray::fromStdString(test_paths::weights_file()));
    QApplication app(argc, argv);
    ui::setApplicationIdentity();
    return Catch::Session().run(argc, argv);
}
