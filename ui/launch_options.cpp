#include "ui/launch_options.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cmdline/flag_table.h"
#include "cmdline/flag_values.h"
#include "engine/errors.h"
#include "engine/memory_estimate.h"
#include "engine/params.h"

#include "engine/development_data.h"

namespace ui {
namespace {

// Plain-std mirror of LaunchOptions, filled by the shared parser (cmdline/, no Qt).
struct ParsedLaunch {
    std::string content, weights, screenshot, screenshotAfter;
    std::vector<std::string> styles, styleMasks;
    int size = 0;
    std::uint64_t maxMemory = 0;
    bool maxMemoryGiven = false;
    bool start = false, demo = false, compare = false, paint = false, help = false, version = false;
};

cmdline::FlagTable launchFlags(ParsedLaunch& p) {
    using engine::ParamLimits;
    cmdline::FlagTable table("gramstudio");
    table.add_text("--content", "FILE", "content image to load (the photo)", p.content)
        .add({"--style", "FILE", "style image to load (the painting); again to blend more (up to 4)",
              [&p](const std::string& v) { p.styles.push_back(v); }})
        .add({"--style-mask", "FILE",
              "where the --style of the same position goes (white = this style, black = none); one per --style",
              [&p](const std::string& v) { p.styleMasks.push_back(v); }})
        .add({"--size", "N",
              "output size, the longest side in pixels (" + cmdline::range_text(ParamLimits::min_size, ParamLimits::max_size) + ")",
              [&p](const std::string& v) {
                  p.size = cmdline::int_value("--size", v, ParamLimits::min_size, ParamLimits::max_size);
              }})
        .add({"--max-memory", "SIZE",
              "set the Memory limit, e.g. 2G or 1500M (0: the memory available); a larger picture "
              "is computed in tiles",
              [&p](const std::string& v) {
                  p.maxMemory = cmdline::named_value("--max-memory", v, engine::parse_memory_size);
                  p.maxMemoryGiven = true;
              }})
        .add_switch("--start", "start the run at once", p.start)
        .add_switch("--demo", "load the sample images and start", p.demo)
        .add_switch("--compare", "compare Full Gram and Diagonal side by side", p.compare)
        .add_switch("--paint", "open in Paint Regions mode (paint where each style goes)", p.paint)
        .add_switch("--help", "show this help (also -h)", p.help)
        .add_switch("--version", "show the version", p.version);
    // Testing flags: accepted, not listed.
    table.add({"--weights", "PATH", "VGG-19 weights file or folder", [&p](const std::string& v) { p.weights = v; }, true})
        .add({"--screenshot", "FILE", "grab the window to this PNG", [&p](const std::string& v) { p.screenshot = v; }, true})
        .add({"--screenshot-after", "N[,M...]", "grab after these iterations, then quit",
              [&p](const std::string& v) { p.screenshotAfter = v; }, true});
    return table;
}

std::vector<std::string> withoutProgram(const QStringList& arguments) {
    std::vector<std::string> args;
    for (int i = 1; i < arguments.size(); ++i) args.push_back(arguments[i].toStdString());
    return args;
}

bool toLaunchOptions(const ParsedLaunch& p, LaunchOptions& options, QString& error) {
    options.content = QString::fromStdString(p.content);
    if (!p.styles.empty()) options.style = QString::fromStdString(p.styles.front());
    for (std::size_t i = 1; i < p.styles.size(); ++i) options.blendStyles << QString::fromStdString(p.styles[i]);
    options.weights = QString::fromStdString(p.weights);
    options.size = p.size;
    if (p.maxMemoryGiven) options.memoryLimitMiB = static_cast<int>(std::min<std::uint64_t>(p.maxMemory >> 20, 1 << 20));
    options.start = p.start;
    options.demo = p.demo;
    options.compare = p.compare;
    options.paint = p.paint;
    for (const auto& mask : p.styleMasks) options.styleMasks << QString::fromStdString(mask);
    if (!p.styleMasks.empty() && p.styleMasks.size() != std::max<std::size_t>(1, p.styles.size())) {
        error = QStringLiteral("--style-mask given %1 times for %2 styles: give one per --style, in the same order")
                    .arg(p.styleMasks.size())
                    .arg(std::max<std::size_t>(1, p.styles.size()));
        return false;
    }
    options.screenshotFile = QString::fromStdString(p.screenshot);
    if (!p.screenshotAfter.empty()) {
        try {
            for (const int iteration : cmdline::int_list_value("--screenshot-after", p.screenshotAfter, 0,
                                                               engine::ParamLimits::max_iterations))
                options.screenshotAfter << iteration;
        } catch (const engine::ParamError& e) {
            error = QString::fromStdString(e.what());
            return false;
        }
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
    ParsedLaunch parsed;
    try {
        launchFlags(parsed).parse(withoutProgram(arguments));
    } catch (const engine::ParamError& e) {
        error = QString::fromStdString(e.what());
        return false;
    }
    return toLaunchOptions(parsed, options, error);
}

QString launchHelp() {
    ParsedLaunch unused;
    return QStringLiteral("Usage: gramstudio [options]\n\nGram Studio: neural style transfer\n\nOptions:\n") +
           QString::fromStdString(launchFlags(unused).help());
}

LaunchOptions parseLaunchOptionsOrExit(const QStringList& arguments) {
    const std::vector<std::string> args = withoutProgram(arguments);
    if (cmdline::wants_help(args)) {
        std::fputs(qPrintable(launchHelp()), stdout);
        std::exit(0);
    }
    if (std::find(args.begin(), args.end(), "--version") != args.end()) {
        std::printf("gramstudio %s\n", GRAMSTUDIO_VERSION);
        std::exit(0);
    }
    LaunchOptions options;
    QString error;
    if (!parseLaunchOptions(arguments, options, error)) {
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
