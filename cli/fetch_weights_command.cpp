#include "cli/fetch_weights_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/conv_extract.h"
#include "cli/http_fetch.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/simple_flags.h"
#include "engine/errors.h"
#include "engine/safetensors.h"
#include "engine/vgg19.h"
#include "engine/weights_locator.h"

namespace cli {

namespace {

namespace fs = std::filesystem;

const char* kHelp =
    "Usage: gramstudio-cli fetch-weights [--url URL] [--dest DIR]\n\n"
    "Downloads the ImageNet VGG-19 (timm/vgg19.tv_in1k, model.safetensors) and keeps only its\n"
    "convolution layers, which is all style transfer needs. Where the server allows byte ranges only\n"
    "the header and the conv tensors are fetched; otherwise the whole file is downloaded and the conv\n"
    "tensors extracted from it. An interrupted download is continued when the command is run again.\n\n"
    "  --url URL   where to download from (default: the Hugging Face URL of timm/vgg19.tv_in1k)\n"
    "  --dest DIR  the folder to write to (default: the user data folder, where runs find it)\n"
    "  --help      show this help\n\n"
    "Exit codes: 0 done; 2 bad option; 3 network failure or invalid file (the partial download is kept\n"
    "for the next attempt); 4 the destination cannot be written; 130 interrupted.\n";

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
    return text;
}

// The remote file's header, read with two small Range requests; false when the server ignores ranges.
bool fetch_remote_header(HttpFetcher& fetcher, engine::SafetensorsHeader& header) {
    std::string first8;
    const auto collect = [](std::string& into) {
        return [&into](std::uint64_t, const char* data, std::size_t size) { into.append(data, size); };
    };
    const HttpReply probe = fetcher.get(0, 7, collect(first8), /*stop_if_whole=*/true);
    if (!probe.partial) return false;
    const std::string& url = fetcher.url();
    if (first8.size() != 8) throw engine::InputError(url + ": the file is shorter than a safetensors header");
    if (probe.total_size == 0) throw NetworkError(url + ": the server did not say the file's size (Content-Range)");
    const std::uint64_t length = safetensors_header_length(reinterpret_cast<const unsigned char*>(first8.data()));
    if (length > engine::kMaxSafetensorsHeaderBytes || length > probe.total_size - 8)
        throw engine::InputError(url + ": header length " + std::to_string(length) + " does not fit the file (" +
                                 std::to_string(probe.total_size) + " bytes)");
    std::string text;
    fetcher.get(8, 8 + length - 1, collect(text));
    if (text.size() != length) throw NetworkError(url + ": the header arrived incomplete");
    header = engine::parse_safetensors_header(text, probe.total_size - 8 - length, url);
    header.data_offset = 8 + length;
    return true;
}

// Downloads the whole file into `path`, continuing a partial one when the server allows it.
void download_whole(HttpFetcher& fetcher, const std::string& path) {
    std::error_code error;
    std::uint64_t position = fs::exists(path, error) ? fs::file_size(path, error) : 0;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), position ? "ab" : "wb"), std::fclose);
    if (!file) throw engine::OutputError(path + ": cannot open for writing (" + std::strerror(errno) + ")");
    fetcher.get(position, kToEnd, [&](std::uint64_t offset, const char* data, std::size_t size) {
        if (offset != position) {
            if (offset != 0) throw NetworkError(fetcher.url() + ": the server sent bytes from an unexpected offset");
            file.reset(std::fopen(path.c_str(), "wb"));  // the server sends it all again: start over
            if (!file) throw engine::OutputError(path + ": cannot open for writing (" + std::strerror(errno) + ")");
            position = 0;
        }
        if (std::fwrite(data, 1, size, file.get()) != size || std::fflush(file.get()) != 0)
            throw engine::OutputError(path + ": cannot write (" + std::strerror(errno) + ")");
        position += size;
    });
}

// Checks the result loads as VGG-19 with every planned layer; a bad file is removed.
void verify(const std::string& part, const ConvPlan& plan, const std::string& url) {
    try {
        const engine::Vgg19 model = engine::load_vgg19(part);
        if (static_cast<int>(model->available_layers().size()) != plan.layers)
            throw engine::InputError(part + ": holds " + std::to_string(model->available_layers().size()) +
                                     " conv layers, expected " + std::to_string(plan.layers));
    } catch (const engine::Error& e) {
        std::remove(part.c_str());
        throw engine::InputError(url + ": the downloaded weights are invalid and were removed (" + e.what() + ")");
    }
}

class Fetch {
public:
    Fetch(std::string url, const fs::path& dest)
        : fetcher_(std::move(url)),
          final_((dest / kFetchedWeightsName).string()),
          part_(final_ + ".part"),
          whole_part_((dest / "vgg19-tv_in1k-full.safetensors.part").string()),
          terminal_(Progress::stderr_is_terminal()) {}

    // What a failed attempt leaves for the next one to continue.
    std::string partial_download() const {
        std::error_code error;
        for (const auto* path : {&part_, &whole_part_})
            if (fs::exists(*path, error) && fs::file_size(*path, error) > 0) return *path;
        return "";
    }

    int execute() {
        engine::SafetensorsHeader header;
        RangeReader reader;
        std::string label = fetcher_.url();
        std::cerr << "Reading the header of " << label << "\n";
        if (fetch_remote_header(fetcher_, header)) {
            reader = [this](std::uint64_t begin, std::uint64_t end, const std::function<void(const char*, std::size_t)>& sink) {
                fetcher_.get(begin, end - 1, [&](std::uint64_t, const char* d, std::size_t n) { sink(d, n); });
            };
        } else {
            std::cerr << "The server does not allow byte ranges: downloading the whole file to " << whole_part_ << "\n";
            if (!complete_local_file(whole_part_)) download_whole(fetcher_, whole_part_);
            header = engine::read_safetensors_header(whole_part_);
            label = whole_part_;
            reader = local_reader(whole_part_);
        }
        auto metadata = header.metadata;
        metadata["source"] = fetcher_.url();
        const ConvPlan plan = plan_conv_extraction(header, label, metadata);
        std::cerr << "Fetching " << plan.layers << " conv layers (" << megabytes(plan.data_bytes) << ") into " << part_
                  << "\n";
        const ExtractStats stats = extract_conv_tensors(plan, reader, part_, [this](std::uint64_t done, std::uint64_t total) {
            if (terminal_) std::cerr << "\r  " << megabytes(done) << " of " << megabytes(total) << std::flush;
        });
        if (terminal_) std::cerr << "\n";
        if (stats.resumed_from > 0) std::cerr << "Resumed after " << megabytes(stats.resumed_from) << "\n";
        verify(part_, plan, fetcher_.url());
        std::error_code error;
        fs::rename(part_, final_, error);
        if (error) throw engine::OutputError(final_ + ": cannot rename the finished download (" + error.message() + ")");
        fs::remove(whole_part_, error);
        std::cerr << "Wrote " << final_ << " (" << plan.layers << " conv layers, " << megabytes(plan.file_bytes())
                  << "; fetched " << megabytes(stats.fetched) << " this time)\n";
        std::cout << final_ << std::endl;
        return 0;
    }

private:
    static bool complete_local_file(const std::string& path) {
        try {
            engine::read_safetensors_header(path);  // checks every tensor lies inside the file
            return true;
        } catch (const engine::Error&) {
            return false;
        }
    }

    static RangeReader local_reader(const std::string& path) {
        return [path](std::uint64_t begin, std::uint64_t end, const std::function<void(const char*, std::size_t)>& sink) {
            std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
            if (!file || fseeko(file.get(), static_cast<off_t>(begin), SEEK_SET) != 0)
                throw engine::InputError(path + ": cannot read (" + std::strerror(errno) + ")");
            std::vector<char> chunk(1 << 20);
            for (std::uint64_t left = end - begin; left > 0;) {
                const std::size_t got = std::fread(chunk.data(), 1, std::min<std::uint64_t>(left, chunk.size()), file.get());
                if (got == 0) throw engine::InputError(path + ": ends before the tensor data");
                sink(chunk.data(), got);
                left -= got;
            }
        };
    }

    HttpFetcher fetcher_;
    std::string final_, part_, whole_part_;
    bool terminal_;
};

}  // namespace

int fetch_weights_command(const std::vector<std::string>& args) {
    const auto flags = parse_simple_flags(args, {"--url", "--dest"}, {"--help"}, "fetch-weights");
    if (flags.count("--help")) {
        std::cout << kHelp;
        return 0;
    }
    const std::string url = flags.count("--url") ? flags.at("--url") : kDefaultWeightsUrl;
    const fs::path dest = flags.count("--dest") ? fs::path(flags.at("--dest")) : fs::path(engine::user_models_dir());
    std::error_code error;
    fs::create_directories(dest, error);
    if (error || !fs::is_directory(dest))
        throw engine::OutputError(dest.string() + ": cannot create the destination folder (" +
                                  (error ? error.message() : "not a folder") + ")");
    install_interrupt_handler();
    Fetch fetch(url, dest);
    try {
        return fetch.execute();
    } catch (const NetworkError& e) {
        const std::string partial = fetch.partial_download();
        if (partial.empty()) throw;
        throw NetworkError(std::string(e.what()) + "; the partial download is kept in " + partial +
                           ": run the same command again to resume");
    }
}

}  // namespace cli
