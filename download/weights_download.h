#pragma once
// Downloading VGG-19's convolution layers (timm/vgg19.tv_in1k, 575 MB, of which 80 MB are the
// conv layers) into the user's models folder: the one implementation behind `gramstudio-cli
// fetch-weights` and the window's download dialog. No Qt; the window runs it on a worker thread.
//
// Where the server allows byte ranges only the header and the conv tensors are fetched; otherwise
// the whole file is downloaded and the conv tensors extracted. The result is built in a .part file
// and renamed only when complete and verified, so the destination never holds a half-written
// weights file; an interrupted or cancelled download continues where it stopped next time.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "download/http_fetch.h"

namespace download {

constexpr const char* kDefaultWeightsUrl = "https://huggingface.co/timm/vgg19.tv_in1k/resolve/main/model.safetensors";
// The file written in the destination folder.
constexpr const char* kFetchedWeightsName = "vgg19-tv_in1k-conv.safetensors";
// What the user is told before the download (window and --help).
constexpr const char* kWeightsDescription = "the ImageNet VGG-19 convolution layers (conv1_1 ... conv5_4)";
constexpr const char* kWeightsLicence = "BSD-3-Clause (torchvision's VGG-19 weights, republished by timm)";
constexpr const char* kWeightsSize = "about 80 MB (the whole file is 575 MB; where the server allows byte ranges only the conv layers are fetched)";

struct DownloadProgress {
    enum class Phase { Header, WholeFile, ConvLayers, Verifying };
    Phase phase = Phase::Header;
    std::uint64_t done = 0, total = 0;  // bytes of this phase (total 0: unknown)
    std::uint64_t resumed_from = 0;     // bytes that were already there from an earlier attempt
    double bytes_per_second = 0;        // this attempt's average, 0 until measurable
    double seconds_left = -1;           // -1: unknown
};
std::string to_string(DownloadProgress::Phase phase);  // "reading the header", ...

struct DownloadResult {
    std::string path;                  // the verified weights file
    int layers = 0;                    // conv layers it holds
    std::uint64_t file_bytes = 0;      // its size
    std::uint64_t fetched = 0;         // bytes downloaded this time
    std::uint64_t resumed_from = 0;    // bytes reused from an earlier attempt
};

using ProgressCallback = std::function<void(const DownloadProgress&)>;

class WeightsDownload {
public:
    // dest: the folder to write into (created when missing). Throws engine::OutputError when it
    // cannot be created.
    WeightsDownload(std::string url, std::filesystem::path dest);

    // Downloads, extracts, verifies and renames. Throws NetworkError (engine::InputError: no
    // network, HTTP errors, a cut connection), engine::InputError (not a VGG-19 file, verification
    // failed: the bad file is removed), engine::OutputError (disk full, not writable) and
    // Cancelled once `should_stop` returns true (polled while data flows and while the connection waits); in every case but a failed verification the partial
    // download stays for the next attempt, and the destination file is untouched.
    // `progress` is called on this thread, at most every ~100 ms and at each phase change.
    DownloadResult run(const ProgressCallback& progress = {}, const StopCheck& should_stop = {});

    // The partial download an earlier attempt left (empty: none).
    std::string partial_download() const;
    const std::string& destination_file() const { return final_; }
    const std::string& url() const { return url_; }

private:
    std::string url_;
    std::string final_, part_, whole_part_;
};

}  // namespace download
