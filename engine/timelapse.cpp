#include "engine/timelapse.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <opencv2/videoio/registry.hpp>

#include "engine/errors.h"
#include "engine/image_io.h"

namespace engine {
namespace {

std::string extension_of(const std::string& path) {
    const auto dot = path.find_last_of('.');
    const auto slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
    std::string ext = path.substr(dot);
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// Both write through OpenCV's FFmpeg backend on Debian (checked with OpenCV 4.6).
int codec_for(const std::string& path) {
    const std::string ext = extension_of(path);
    if (ext == ".avi") return cv::VideoWriter::fourcc('M', 'J', 'P', 'G');
    if (ext == ".mp4") return cv::VideoWriter::fourcc('m', 'p', '4', 'v');
    throw OutputError(path + ": unsupported timelapse format '" + ext + "' (allowed: .avi, .mp4)");
}

// The encoders store 4:2:0 colour, so FFmpeg silently drops an odd last row or column; doing it
// here makes the video's size predictable (and at least 2x2).
cv::Size video_size(int width, int height) { return {std::max(2, width & ~1), std::max(2, height & ~1)}; }

std::string temporary_name(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    // the extension stays last: OpenCV picks the container from it
    return folder + "/." + name + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
           extension_of(path);
}

// Streams frames into a temporary file beside the target, renamed when complete; removed when
// anything fails on the way.
class AtomicVideo {
public:
    AtomicVideo(const std::string& path, double fps, int width, int height)
        : path_(path), temporary_(temporary_name(path)), size_(video_size(width, height)) {
        const int codec = codec_for(path);
        if (!(fps > 0 && fps <= 1000)) throw OutputError(path + ": frame rate must be in (0, 1000]");
        // FFmpeg when there is one: the fallbacks only add warnings for a folder that is missing.
        const int api = cv::videoio_registry::hasBackend(cv::CAP_FFMPEG) ? cv::CAP_FFMPEG : cv::CAP_ANY;
        if (!writer_.open(temporary_, api, codec, fps, size_, true) || !writer_.isOpened()) {
            std::remove(temporary_.c_str());
            throw OutputError(path + ": cannot write the video (no such folder, no permission, or no encoder)");
        }
    }
    ~AtomicVideo() {
        if (!done_) {
            writer_.release();
            std::remove(temporary_.c_str());
        }
    }
    AtomicVideo(const AtomicVideo&) = delete;
    AtomicVideo& operator=(const AtomicVideo&) = delete;

    void add(const RgbImage& frame, const std::string& what) {
        if (frame.empty() || frame.pixels.size() != static_cast<std::size_t>(frame.width) * frame.height * 3)
            throw OutputError(path_ + ": " + what + " is empty or has a broken pixel buffer");
        cv::Mat rgb(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.pixels.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        if (bgr.size() != size_) cv::resize(bgr, bgr, size_, 0, 0, cv::INTER_AREA);
        writer_.write(bgr);
    }
    void finish() {
        writer_.release();
        struct stat info {};
        if (stat(temporary_.c_str(), &info) != 0 || info.st_size == 0)
            throw OutputError(path_ + ": cannot write the video (the encoder wrote nothing; disk full?)");
        if (std::rename(temporary_.c_str(), path_.c_str()) != 0)
            throw OutputError(path_ + ": cannot write the video (rename failed)");
        done_ = true;
    }

private:
    std::string path_, temporary_;
    cv::Size size_;
    cv::VideoWriter writer_;
    bool done_ = false;
};

}  // namespace

void write_timelapse(const std::vector<RgbImage>& frames, const std::string& path, double fps) {
    codec_for(path);
    if (frames.empty()) throw OutputError(path + ": no snapshots to put in the timelapse");
    AtomicVideo video(path, fps, frames.front().width, frames.front().height);
    for (std::size_t i = 0; i < frames.size(); ++i) video.add(frames[i], "frame " + std::to_string(i + 1));
    video.finish();
}

void write_timelapse_from_files(const std::vector<std::string>& png_paths, const std::string& path, double fps) {
    codec_for(path);
    if (png_paths.empty()) throw OutputError(path + ": no snapshots to put in the timelapse");
    const RgbImage first = load_image(png_paths.front());
    AtomicVideo video(path, fps, first.width, first.height);
    video.add(first, png_paths.front());
    for (std::size_t i = 1; i < png_paths.size(); ++i) video.add(load_image(png_paths[i]), png_paths[i]);
    video.finish();
}

}  // namespace engine
