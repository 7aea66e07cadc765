// Timelapse videos: written atomically, readable by OpenCV with the right frame count and size.
#include "catch_checks.h"

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/timelapse.h"
#include "image_test_files.h"
#include "safetensors_test_files.h"

using namespace image_files;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

engine::RgbImage plain(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    engine::RgbImage image{width, height, {}};
    for (int i = 0; i < width * height; ++i) image.pixels.insert(image.pixels.end(), {r, g, b});
    return image;
}

struct VideoInfo {
    int frames = 0, width = 0, height = 0;
    cv::Scalar first_mean;  // BGR
};

VideoInfo read_video(const std::string& path) {
    cv::VideoCapture capture(path);
    REQUIRE(capture.isOpened());
    VideoInfo info;
    cv::Mat frame;
    while (capture.read(frame)) {
        if (info.frames++ == 0) info.first_mean = cv::mean(frame);
        info.width = frame.cols;
        info.height = frame.rows;
    }
    return info;
}

}  // namespace

TEST_CASE("write_timelapse writes .avi (MJPG) and .mp4 (mp4v) that read back", "[timelapse]") {
    test_files::TempDir dir;
    std::vector<engine::RgbImage> frames;
    for (int i = 0; i < 5; ++i) frames.push_back(plain(32, 24, 200, 40, 40));
    frames.push_back(plain(64, 48, 0, 0, 0));  // a different size is resized to the first
    for (const char* name : {"t.avi", "t.mp4"}) {
        engine::write_timelapse(frames, dir.file(name), 10.0);
        const VideoInfo info = read_video(dir.file(name));
        CHECK(info.frames == 6);
        CHECK(info.width == 32);
        CHECK(info.height == 24);
        CHECK(info.first_mean[2] == Approx(200).margin(12));  // red survives lossy coding
        CHECK(info.first_mean[1] == Approx(40).margin(12));
    }
    CHECK(folder_entries(dir.path()).size() == 2);  // no temporary files left
}

TEST_CASE("Odd frame sizes become even (4:2:0 video)", "[timelapse]") {
    test_files::TempDir dir;
    engine::write_timelapse({plain(33, 25, 9, 9, 9), plain(33, 25, 9, 9, 9)}, dir.file("odd.avi"));
    const VideoInfo info = read_video(dir.file("odd.avi"));
    CHECK(info.frames == 2);
    CHECK(info.width == 32);
    CHECK(info.height == 24);
}

TEST_CASE("write_timelapse_from_files streams PNG snapshots", "[timelapse]") {
    test_files::TempDir dir;
    std::vector<std::string> pngs;
    for (int i = 0; i < 3; ++i) {
        pngs.push_back(dir.file("snap" + std::to_string(i) + ".png"));
        engine::save_png(plain(40, 30, 0, static_cast<std::uint8_t>(80 * i), 0), pngs.back());
    }
    engine::write_timelapse_from_files(pngs, dir.file("from_files.mp4"), 5.0);
    const VideoInfo info = read_video(dir.file("from_files.mp4"));
    CHECK(info.frames == 3);
    CHECK(info.width == 40);
    CHECK(info.height == 30);

    // A missing snapshot stops it, and neither the video nor its temporary file is left.
    pngs.push_back(dir.file("missing.png"));
    CHECK_THROWS_AS(engine::write_timelapse_from_files(pngs, dir.file("broken.avi")), engine::InputError);
    CHECK(folder_entries(dir.path()).size() == 4);  // three PNGs and from_files.mp4
}

TEST_CASE("Timelapse refusals: extension, no frames, unwritable folder", "[timelapse]") {
    test_files::TempDir dir;
    const std::vector<engine::RgbImage> frames{plain(8, 8, 1, 2, 3)};
    CHECK_THROWS_WITH(engine::write_timelapse(frames, dir.file("t.gif")),
                      StartsWith(dir.file("t.gif")) && Contains(".avi, .mp4"));
    CHECK_THROWS_WITH(engine::write_timelapse({}, dir.file("t.avi")), Contains("no snapshots"));
    CHECK_THROWS_AS(engine::write_timelapse(frames, dir.file("t.avi"), 0.0), engine::OutputError);
    const std::string missing = dir.file("no/such/folder/t.avi");
    CHECK_THROWS_WITH(engine::write_timelapse(frames, missing), StartsWith(missing) && Contains("cannot write"));
    CHECK_THROWS_AS(engine::write_timelapse({plain(8, 8, 1, 2, 3), engine::RgbImage{}}, dir.file("t.avi")),
                    engine::OutputError);
    CHECK(folder_entries(dir.path()).empty());
}
