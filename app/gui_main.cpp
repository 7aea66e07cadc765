// gramstudio: the window. Everything of substance lives in ui/.
#include <QApplication>
#include <QStringList>

#include "ui/app_setup.h"
#include "ui/launch_options.h"
#include "ui/main_window.h"

int main(int argc, char* argv[]) {
    // Our --style names the style image; Qt would read it as a widget style, so Qt gets the
    // arguments without it and we parse the originals.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    std::vector<char*> qtArguments = ui::argumentsForQt(argc, argv);
    int qtArgc = static_cast<int>(qtArguments.size()) - 1;
    QApplication app(qtArgc, qtArguments.data());
    ui::setApplicationIdentity();
    ui::applyStudioStyle(app);
    const ui::LaunchOptions options = ui::parseLaunchOptionsOrExit(arguments);

    ui::MainWindow window(options.weights);
    window.show();
    window.applyLaunchOptions(options);
    return app.exec();
}
