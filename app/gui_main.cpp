// gramstudio: the window. Everything of substance lives in ui/.
#include <QApplication>

#include "ui/app_setup.h"
#include "ui/launch_options.h"
#include "ui/main_window.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    ui::setApplicationIdentity();
    ui::applyStudioStyle(app);
    const ui::LaunchOptions options = ui::parseLaunchOptionsOrExit(app);

    ui::MainWindow window(options.weights);
    window.show();
    window.applyLaunchOptions(options);
    return app.exec();
}
