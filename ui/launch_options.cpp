#include "ui/launch_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "engine/development_data.h"

namespace ui {
namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(QCoreApplication::translate("main", "Gram Studio: neural style transfer"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"content", QCoreApplication::translate("main", "Content image to load."), "file"});
    parser.addOption({"style", QCoreApplication::translate("main", "Style image to load."), "file"});
    parser.addOption({"size", QCoreApplication::translate("main", "Output size (longest side, pixels)."), "N"});
    parser.addOption({"start", QCoreApplication::translate("main", "Start the run at once.")});
    parser.addOption({"demo", QCoreApplication::translate("main", "Load the sample images and start.")});
    parser.addOption({"compare", QCoreApplication::translate("main", "Compare Full Gram and Diagonal side by side.")});
    QCommandLineOption weights("weights", "VGG-19 weights file or folder.", "path");
    QCommandLineOption screenshot("screenshot", "Grab the window to this PNG (testing).", "file");
    QCommandLineOption after("screenshot-after", "Grab after these iterations, then quit (testing).", "N[,M...]");
    for (QCommandLineOption* hidden : {&weights, &screenshot, &after}) {
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(*hidden);
    }
}

bool readOptions(const QCommandLineParser& parser, LaunchOptions& options, QString& error) {
    options.content = parser.value("content");
    options.style = parser.value("style");
    options.weights = parser.value("weights");
    options.start = parser.isSet("start");
    options.demo = parser.isSet("demo");
    options.compare = parser.isSet("compare");
    if (parser.isSet("size")) {
        bool ok = false;
        options.size = parser.value("size").toInt(&ok);
        if (!ok || options.size < 16 || options.size > 4096) {
            error = QStringLiteral("--size must be a whole number from 16 to 4096, not '%1'").arg(parser.value("size"));
            return false;
        }
    }
    options.screenshotFile = parser.value("screenshot");
    for (const QString& item : parser.value("screenshot-after").split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int iteration = item.trimmed().toInt(&ok);
        if (!ok || iteration < 0) {
            error = QStringLiteral("--screenshot-after takes iteration numbers, not '%1'").arg(item);
            return false;
        }
        options.screenshotAfter << iteration;
    }
    std::sort(options.screenshotAfter.begin(), options.screenshotAfter.end());
    if (!options.screenshotAfter.isEmpty() && options.screenshotFile.isEmpty()) {
        error = QStringLiteral("--screenshot-after needs --screenshot FILE");
        return false;
    }
    return true;
}

bool hasSamples(const QString& folder) {
    return QFileInfo::exists(folder + "/building.jpg") && QFileInfo::exists(folder + "/starry_night.jpg");
}

}  // namespace

bool parseLaunchOptions(const QStringList& arguments, LaunchOptions& options, QString& error) {
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    return readOptions(parser, options, error);
}

LaunchOptions parseLaunchOptionsOrExit(const QStringList& arguments) {
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);  // --help, --version and unknown options exit here
    LaunchOptions options;
    QString error;
    if (!readOptions(parser, options, error)) {
        std::fprintf(stderr, "gramstudio: %s\n", qPrintable(error));
        std::exit(2);
    }
    return options;
}

std::vector<char*> argumentsForQt(int argc, char* argv[]) {
    std::vector<char*> kept;
    for (int i = 0; i < argc; ++i) {
        const QString argument = QString::fromLocal8Bit(argv[i]);
        if (i > 0 && (argument == "--style" || argument == "-style")) {
            ++i;  // and its value
            continue;
        }
        if (i > 0 && (argument.startsWith("--style=") || argument.startsWith("-style="))) continue;
        kept.push_back(argv[i]);
    }
    kept.push_back(nullptr);  // argv[argc] is a null pointer by convention
    return kept;
}

QString samplesDir() {
    // A build tree's binary: the development images. Installed: share/gramstudio/samples of the
    // prefix the binary runs from (the package installs them there), whatever the prefix.
    const QString development = QString::fromStdString(engine::development_data_dir());
    if (!development.isEmpty() && hasSamples(development + "/images")) return QDir::cleanPath(development + "/images");
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + "/../share/gramstudio/samples");
}

QString demoContentImage() { return samplesDir() + "/building.jpg"; }
QString demoStyleImage() { return samplesDir() + "/starry_night.jpg"; }

}  // namespace ui
