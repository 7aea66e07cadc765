#include "download/weights_download.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "download/conv_extract.h"
#include "engine/errors.h"
#include "engine/safetensors.h"
#include "engine/vgg19.h"

namespace download {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Rate and time left of one attempt; calls the callback at most every 100 ms, and at once on a
// phase change or at the end of a phase.
class ProgressReporter {
public:
    explicit ProgressReporter(const ProgressCallback& callback) : callback_(callback) {}

    void phase(DownloadProgress::Phase phase, std::uint64_t total, std::uint64_t resumed_from = 0) {
        state_ = DownloadProgress{};
        state_.phase = phase;
        state_.total = total;
        state_.done = state_.resumed_from = resumed_from;
        start_ = Clock::now();
        emit();
    }

    void bytes(std::uint64_t done) {
        state_.done = done;
        const auto now = Clock::now();
        if (done < state_.total && now - last_ < std::chrono::milliseconds(100)) return;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const std::uint64_t moved = done - std::min(done, state_.resumed_from);
        if (seconds > 0.2 && moved > 0) {
            state_.bytes_per_second = moved / seconds;
            state_.seconds_left = state_.total > done ? (state_.total - done) / state_.bytes_per_second : 0;
        }
        emit();
    }

private:
    void emit() {
        last_ = Clock::now();
        if (callback_) callback_(state_);
    }

    const ProgressCallback& callback_;
    DownloadProgress state_;
    Clock::time_point start_{}, last_{};
};

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

std::uint64_t existing_size(const std::string& path) {
    std::error_code error;
    const auto size = fs::exists(path, error) ? fs::file_size(path, error) : 0;
    return error ? 0 : size;
}

// Downloads the whole file into `path`, continuing a partial one when the server allows it.
void download_whole(HttpFetcher& fetcher, const std::string& path, ProgressReporter& progress) {
    std::uint64_t position = existing_size(path);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), position ? "ab" : "wb"), std::fclose);
    if (!file) throw engine::OutputError(path + ": cannot open for writing (" + std::strerror(errno) + ")");
    progress.phase(DownloadProgress::Phase::WholeFile, 0, position);
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
        progress.bytes(position);
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
        throw engine::InputError(url + ": the downloaded weights failed verification and were removed (" + e.what() +
                                 ")");
    }
}

bool complete_local_file(const std::string& path) {
    try {
        engine::read_safetensors_header(path);  // checks every tensor lies inside the file
        return true;
    } catch (const engine::Error&) {
        return false;
    }
}

RangeReader local_reader(const std::string& path) {
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

}  // namespace

std::string to_string(DownloadProgress::Phase phase) {
    switch (phase) {
        case DownloadProgress::Phase::Header: return "reading the header";
        case DownloadProgress::Phase::WholeFile: return "downloading the whole file (the server does not allow byte ranges)";
        case DownloadProgress::Phase::ConvLayers: return "downloading the convolution layers";
        case DownloadProgress::Phase::Verifying: return "verifying";
    }
    return "";
}

WeightsDownload::WeightsDownload(std::string url, fs::path dest)
    : url_(std::move(url)),
      final_((dest / kFetchedWeightsName).string()),
      part_(final_ + ".part"),
      whole_part_((dest / "vgg19-tv_in1k-full.safetensors.part").string()) {
    std::error_code error;
    fs::create_directories(dest, error);
    if (error || !fs::is_directory(dest))
        throw engine::OutputError(dest.string() + ": cannot create the destination folder (" +
                                  (error ? error.message() : "not a folder") + ")");
}

std::string WeightsDownload::partial_download() const {
    for (const auto* path : {&part_, &whole_part_})
        if (existing_size(*path) > 0) return *path;
    return "";
}

DownloadResult WeightsDownload::run(const ProgressCallback& callback, const StopCheck& should_stop) {
    HttpFetcher fetcher(url_, should_stop);
    ProgressReporter progress(callback);
    progress.phase(DownloadProgress::Phase::Header, 0);
    engine::SafetensorsHeader header;
    RangeReader reader;
    std::string label = url_;
    if (fetch_remote_header(fetcher, header)) {
        reader = [&fetcher](std::uint64_t begin, std::uint64_t end,
                            const std::function<void(const char*, std::size_t)>& sink) {
            fetcher.get(begin, end - 1, [&](std::uint64_t, const char* d, std::size_t n) { sink(d, n); });
        };
    } else {
        if (!complete_local_file(whole_part_)) download_whole(fetcher, whole_part_, progress);
        header = engine::read_safetensors_header(whole_part_);
        label = whole_part_;
        reader = local_reader(whole_part_);
    }
    auto metadata = header.metadata;
    metadata["source"] = url_;
    const ConvPlan plan = plan_conv_extraction(header, label, metadata);
    progress.phase(DownloadProgress::Phase::ConvLayers, plan.file_bytes(), existing_size(part_));
    const ExtractStats stats = extract_conv_tensors(plan, reader, part_, [&](std::uint64_t done, std::uint64_t) {
        if (should_stop && should_stop()) throw Cancelled(url_ + ": cancelled");
        progress.bytes(plan.header.size() + done);
    });
    progress.phase(DownloadProgress::Phase::Verifying, 0);
    verify(part_, plan, url_);
    std::error_code error;
    fs::rename(part_, final_, error);
    if (error) throw engine::OutputError(final_ + ": cannot rename the finished download (" + error.message() + ")");
    fs::remove(whole_part_, error);
    return {final_, plan.layers, plan.file_bytes(), stats.fetched, stats.resumed_from};
}

}  // namespace download
