#include "cli/fetch_weights_command.h"

#include <iostream>

#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cmdline/flag_table.h"
#include "download/weights_download.h"
#include "engine/errors.h"
#include "engine/user_text.h"
#include "engine/weights_locator.h"

namespace cli {

namespace {

namespace fs = std::filesystem;

const char* kHelp =
    "Usage: gramstudio-cli fetch-weights [--url URL] [--dest DIR]\n\n"
    "Downloads the ImageNet VGG-19 (timm/vgg19.tv_in1k, model.safetensors) and keeps only its\n"
    "convolution layers, which is all style transfer needs. Where the server allows byte ranges only\n"
    "the header and the conv tensors are fetched; otherwise the whole file is downloaded and the conv\n"
    "tensors extracted from it. An interrupted download is continued when the command is run again.\n"
    "The window offers the same download on its first run (and in Help).\n\n"
    "%FLAGS%\n"
    "Exit codes: 0 done; 2 bad option; 3 network failure or invalid file (the partial download is kept\n"
    "for the next attempt); 4 the destination cannot be written; 130 interrupted.\n";

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
    return text;
}

// One line per phase; on a terminal the byte count is redrawn in place.
class FetchProgress {
public:
    explicit FetchProgress(bool terminal) : terminal_(terminal) {}

    void operator()(const download::DownloadProgress& p) {
        if (p.phase != phase_) {
            end_line();
            phase_ = p.phase;
            std::cerr << download::to_string(p.phase);
            if (p.resumed_from > 0) std::cerr << " (continuing after " << megabytes(p.resumed_from) << ")";
            std::cerr << "\n";
        }
        if (!terminal_ || p.done == 0) return;
        std::cerr << "\r  " << megabytes(p.done);
        if (p.total > 0) std::cerr << " of " << megabytes(p.total);
        if (p.bytes_per_second > 0) std::cerr << "  " << megabytes(static_cast<std::uint64_t>(p.bytes_per_second)) << "/s";
        if (p.seconds_left >= 0) std::cerr << "  " << engine::format_duration(p.seconds_left) << " left";
        std::cerr << "   " << std::flush;
        open_line_ = true;
    }

    void end_line() {
        if (open_line_) std::cerr << "\n";
        open_line_ = false;
    }

private:
    bool terminal_, open_line_ = false;
    download::DownloadProgress::Phase phase_ = static_cast<download::DownloadProgress::Phase>(-1);
};

}  // namespace

int fetch_weights_command(const std::vector<std::string>& args) {
    std::string url = download::kDefaultWeightsUrl, dest_text = engine::user_models_dir();
    bool help = false;
    cmdline::FlagTable table("gramstudio-cli fetch-weights");
    table.add_text("--url", "URL", "where to download from (default: the Hugging Face URL of timm/vgg19.tv_in1k)", url)
        .add_text("--dest", "DIR", "the folder to write to (default: the user data folder, where runs find it)",
                  dest_text)
        .add_switch("--help", "show this help (also -h)", help);
    if (cmdline::wants_help(args)) {
        std::string text = kHelp;
        text.replace(text.find("%FLAGS%"), 7, table.help());
        std::cout << text;
        return 0;
    }
    table.parse(args);
    const fs::path dest(dest_text);
    download::WeightsDownload job(url, dest);
    install_interrupt_handler();
    FetchProgress printer(Progress::stderr_is_terminal());
    std::cerr << "Downloading " << download::kWeightsDescription << " from " << url << "\n";
    try {
        const download::DownloadResult result =
            job.run([&](const download::DownloadProgress& p) { printer(p); }, interrupted);
        printer.end_line();
        std::cerr << "Wrote " << result.path << " (" << result.layers << " conv layers, " << megabytes(result.file_bytes)
                  << "; fetched " << megabytes(result.fetched) << " this time)\n";
        std::cout << result.path << std::endl;
        return 0;
    } catch (const download::NetworkError& e) {
        printer.end_line();
        const std::string partial = job.partial_download();
        if (partial.empty()) throw;
        throw download::NetworkError(std::string(e.what()) + "; the partial download is kept in " + partial +
                                     ": run the same command again to resume");
    }
}

}  // namespace cli
