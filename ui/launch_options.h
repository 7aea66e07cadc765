#pragma once
// The window's command line: gramstudio [--content F] [--style F [--style-mask M]] [--size N]
// [--max-memory SIZE] [--start] [--demo] [--paint]
// (and hidden testing flags: --weights, --screenshot FILE --screenshot-after N[,M...]).
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

class QCoreApplication;

namespace ui {

struct LaunchOptions {
    QString content, style, weights;
    QStringList blendStyles;  // --style given again: paintings blended with the first
    int size = 0;  // 0: keep the saved setting
    int memoryLimitMiB = -1;  // --max-memory sets the Memory limit (0: the memory available); -1: keep the saved one
    bool start = false;
    bool demo = false;
    bool compare = false;  // start with Compare side by side on (Full Gram against Diagonal)
    QStringList styleMasks;  // --style-mask: one per style, where each goes (Paint Regions)
    bool paint = false;      // --paint: open in Paint Regions mode
    QString screenshotFile;
    QList<int> screenshotAfter;  // iterations at which to grab the window, ascending; quits after the last
};

// Parses `arguments` (arguments[0] is the program) with the parser the CLI and the bench share
// (cmdline/): a misspelt flag is refused with the nearest one suggested. On an error returns
// false with `error` set; --help and --version are handled by parseLaunchOptionsOrExit.
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error);
// The --help text, made from the same flag table.
QString launchHelp();
// For main(): parses the arguments as given to main() (QApplication would take --style for
// itself); prints help/version or an error and exits.
LaunchOptions parseLaunchOptionsOrExit(const QStringList& arguments);
// The arguments to hand QApplication: ours removed, so Qt does not read --style as a widget style.
std::vector<char*> argumentsForQt(int argc, char* argv[]);

// Folder with the sample images: in a build tree the development images (../shared/images),
// else the installed samples, share/gramstudio/samples under the prefix the binary runs from.
QString samplesDir();
QString demoContentImage();
QString demoStyleImage();

}  // namespace ui
