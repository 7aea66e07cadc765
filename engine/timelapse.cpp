#include "engine/timelapse.h"

#include <cstdio>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

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

int codec_for(const std::string& path) {
    const std::string ext = extension_of(path);
    if (ext == ".avi") return cv::VideoWriter::fourcc('M', 'J', 'P', 'G');
    if (ext == ".mp4") return cv::VideoWriter::fourcc('m', 'p', '4', 'v');
    throw OutputError(path + ": unsupported timelapse format '" + ext + "' (allowed: .avi, .mp4)");
}

// Streams frames into a temporary file beside the target, renamed when complete.
class AtomicVideo {
public:
    AtomicVideo(const std::string& path, double fps, int width, int height)
        : path_(path), temporary_(temporary_name(path)) {
        const int codec = codec_for(path);
        if (!writer_.open(temporary_, codec, fps, cv::Size(width, height), true) || !writer_.isOpened()) {
            std::remove(temporary_.c_str());
            throw OutputError(path + ": cannot write the video (is the folder writable?)");
        }
        size_ = cv::Size(width, height);
    }
    ~AtomicVideo() {
        if (!done_) {
            writer_.release();
            std::remove(temporary_.c_str());
        }
    }
    void add(const RgbImage& frame) {
        cv::Mat rgb(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.pixels.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        if (bgr.size() != size_) cv::resize(bgr, bgr, size_, 0, 0, cv::INTER_AREA);
        writer_.write(bgr);
    }
    void finish() {
        writer_.release();
        if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
            std::remove(temporary_.c_str());
            throw OutputError(path_ + ": cannot write the video (rename failed)");
        }
        done_ = true;
    }

private:
    static std::string temporary_name(const std::string& path) {
        const auto slash = path.find_last_of('/');
        const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
        const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
        // the extension stays last: OpenCV picks the container from it
        return folder + "/." + name + ".tmp" + std::to_string(::getpid()) + extension_of(path);
    }
    std::string path_, temporary_;
    cv::VideoWriter writer_;
    cv::Size size_;
    bool done_ = false;
};

}  // namespace

void write_timelapse(const std::vector<RgbImage>& frames, const std::string& path, double fps) {
    if (frames.empty()) throw OutputError(path + ": no snapshots to put in the timelapse");
    codec_for(path);
    AtomicVideo video(path, fps, frames.front().width, frames.front().height);
    for (const auto& frame : frames) video.add(frame);
    video.finish();
}

void write_timelapse_from_files(const std::vector<std::string>& png_paths, const std::string& path, double fps) {
    if (png_paths.empty()) throw OutputError(path + ": no snapshots to put in the timelapse");
    codec_for(path);
    const RgbImage first = load_image(png_paths.front());
    AtomicVideo video(path, fps, first.width, first.height);
    video.add(first);
    for (std::size_t i = 1; i < png_paths.size(); ++i) video.add(load_image(png_paths[i]));
    video.finish();
}

}  // namespace engine
