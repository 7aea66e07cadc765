#include "engine/image_io.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/errors.h"
#include "engine/image_header.h"

// A note on OpenCV's own size limit (OPENCV_IO_MAX_IMAGE_PIXELS, default 2^30): OpenCV reads it
// into a static when its library loads, before any code of ours runs, so it cannot be lowered from
// here. The guard is ours: the size is read from the header first, and a file whose size cannot be
// read is refused rather than handed to a decoder that might trust it.

namespace engine {
namespace {

// Larger files are refused before reading: no supported image of kMaxImagePixels needs more.
constexpr std::int64_t kMaxImageFileBytes = std::int64_t{1} << 30;

std::string system_error() { return std::strerror(errno); }

// Read once at start-up, before any thread runs: umask() can only be read by setting it.
const mode_t kUmask = [] {
    const mode_t mask = umask(0);
    umask(mask);
    return mask;
}();

std::vector<std::uint8_t> read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path + ": cannot open (" + system_error() + ")");
    struct stat info {};
    std::string problem;
    if (fstat(fd, &info) != 0) problem = "cannot read (" + system_error() + ")";
    else if (S_ISDIR(info.st_mode)) problem = "is a folder, not an image file";
    else if (!S_ISREG(info.st_mode)) problem = "not a regular file";
    else if (info.st_size > kMaxImageFileBytes)
        problem = "file is too large (" + std::to_string(info.st_size) + " bytes; the limit is 1 GiB)";
    std::vector<std::uint8_t> bytes;
    if (problem.empty()) {
        bytes.resize(static_cast<std::size_t>(info.st_size));
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) problem = "read error (" + system_error() + ")";
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        bytes.resize(done);  // a file that shrank while being read: judged by the decoder checks
    }
    ::close(fd);
    if (!problem.empty()) throw InputError(path + ": " + problem);
    return bytes;
}

void check_header(const ImageHeader& header, const std::string& label) {
    const std::string format = format_name(header.format);
    if (header.format == ImageFormat::Unknown)
        throw InputError(label + ": not an image (unknown format; PNG, JPEG, WebP and TIFF are supported)");
    if (header.width <= 0 || header.height <= 0)
        throw InputError(label + ": truncated or corrupt " + format + " data (no image size in the header)");
    // each side first, so the product cannot overflow
    if (header.width > kMaxImagePixels || header.height > kMaxImagePixels ||
        header.width * header.height > kMaxImagePixels)
        throw InputError(label + ": the " + format + " header claims " + std::to_string(header.width) + "x" +
                         std::to_string(header.height) + " pixels, more than the limit of " +
                         std::to_string(kMaxImagePixels) + " pixels");
}

// EXIF orientation (1..8) -> the image as it should be displayed.
cv::Mat apply_orientation(const cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2: cv::flip(image, out, 1); return out;
        case 3: cv::flip(image, out, -1); return out;
        case 4: cv::flip(image, out, 0); return out;
        case 5: cv::transpose(image, out); return out;
        case 6: cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE); return out;
        case 7: cv::transpose(image, out); cv::flip(out, out, -1); return out;
        case 8: cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE); return out;
        default: return image;
    }
}

// 8-bit BGR + alpha -> BGR over a white background: out = 255 + (colour - 255) * alpha.
cv::Mat composite_on_white(const cv::Mat& color8, const cv::Mat& alpha8) {
    cv::Mat color, alpha, alpha3;
    color8.convertTo(color, CV_32F);
    alpha8.convertTo(alpha, CV_32F, 1.0 / 255.0);
    cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, alpha3);
    cv::Mat blended = (color - cv::Scalar::all(255)).mul(alpha3) + cv::Scalar::all(255);
    cv::Mat out;
    blended.convertTo(out, CV_8U);
    return out;
}

// Any depth and channel count -> 8-bit BGR.
cv::Mat to_bgr8(const cv::Mat& decoded) {
    cv::Mat image;
    if (decoded.depth() == CV_16U) decoded.convertTo(image, CV_8U, 255.0 / 65535.0);
    else if (decoded.depth() == CV_32F || decoded.depth() == CV_64F) decoded.convertTo(image, CV_8U, 255.0);
    else decoded.convertTo(image, CV_8U);  // 8-bit as is; signed and 32-bit integers saturate
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    switch (planes.size()) {
        case 1: planes = {planes[0], planes[0], planes[0]}; break;
        case 2: planes = {planes[0], planes[0], planes[0], planes[1]}; break;  // grey + alpha
        case 3: return image;
        case 4: break;
        default: throw cv::Exception(cv::Error::StsBadArg, "unsupported channel count", __func__, __FILE__, __LINE__);
    }
    cv::Mat color;
    cv::merge(planes.data(), 3, color);
    return planes.size() == 4 ? composite_on_white(color, planes[3]) : color;
}

// libpng and libjpeg print their warnings straight to stderr ("libpng warning: iCCP: known
// incorrect sRGB profile", "Corrupt JPEG data: 2 extraneous bytes"); a decoder that gives up
// still fails the decode, which says so. While one decode runs, stderr (descriptor 2) points at
// a scratch file, so those lines never reach a terminal raw or break --quiet. One decode at a
// time: the descriptor is the whole process's.
class SilencedStderr {
public:
    SilencedStderr() : lock_(mutex()) {
        std::fflush(stderr);
        scratch_ = std::tmpfile();
        saved_ = scratch_ ? dup(STDERR_FILENO) : -1;
        if (saved_ >= 0) dup2(fileno(scratch_), STDERR_FILENO);
    }
    ~SilencedStderr() {
        std::fflush(stderr);
        if (saved_ >= 0) {
            dup2(saved_, STDERR_FILENO);
            close(saved_);
        }
        if (scratch_) std::fclose(scratch_);
    }
    SilencedStderr(const SilencedStderr&) = delete;
    SilencedStderr& operator=(const SilencedStderr&) = delete;

private:
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    std::lock_guard<std::mutex> lock_;
    std::FILE* scratch_ = nullptr;
    int saved_ = -1;
};

cv::Mat decode_with_opencv(const std::vector<std::uint8_t>& bytes, ImageFormat format) {
    const SilencedStderr quiet;
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
    // JPEG has no alpha: IMREAD_COLOR makes OpenCV apply its EXIF orientation and convert CMYK and
    // grey. The others keep alpha and 16 bits with IMREAD_UNCHANGED, which skips EXIF orientation
    // (applied below for PNG and WebP; libtiff applies TIFF's own orientation tag).
    if (format == ImageFormat::Jpeg) return cv::imdecode(buffer, cv::IMREAD_COLOR);
    cv::Mat decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    if (decoded.empty() || format == ImageFormat::Tiff) return decoded;
    return apply_orientation(decoded, read_exif_orientation(bytes, format));
}

RgbImage from_bgr(const cv::Mat& bgr) {
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    RgbImage image;
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.resize(static_cast<std::size_t>(rgb.total()) * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(image.pixels.data() + static_cast<std::size_t>(y) * rgb.cols * 3, rgb.ptr(y),
                    static_cast<std::size_t>(rgb.cols) * 3);
    return image;
}

void check_pixels(const RgbImage& image, const char* what) {
    if (image.empty() || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        throw ParamError(std::string(what) + ": the image is empty or its pixel buffer does not match " +
                         std::to_string(image.width) + "x" + std::to_string(image.height));
}

cv::Mat to_bgr_mat(const RgbImage& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

}  // namespace

RgbImage decode_image(const std::vector<std::uint8_t>& bytes, const std::string& label, int max_side) {
    if (bytes.empty()) throw InputError(label + ": file is empty");
    if (static_cast<std::int64_t>(bytes.size()) > kMaxImageFileBytes)
        throw InputError(label + ": file is too large (" + std::to_string(bytes.size()) + " bytes; the limit is 1 GiB)");
    const ImageHeader header = read_image_header(bytes);
    check_header(header, label);
    const std::string format = format_name(header.format);
    if (!looks_complete(bytes, header.format))
        throw InputError(label + ": truncated or corrupt " + format + " data (the file ends early)");

    RgbImage image;
    try {
        const cv::Mat decoded = decode_with_opencv(bytes, header.format);
        if (decoded.empty())
            throw InputError(label + ": truncated or corrupt " + format + " data (the decoder refused it)");
        if (static_cast<std::int64_t>(decoded.total()) > kMaxImagePixels)
            throw InputError(label + ": the decoded image has more than " + std::to_string(kMaxImagePixels) + " pixels");
        image = from_bgr(to_bgr8(decoded));
    } catch (const cv::Exception& error) {
        throw InputError(label + ": corrupt " + format + " data (" + error.err + ")");
    }
    return max_side > 0 ? resize_to_longest_side(image, max_side) : image;
}

RgbImage load_image(const std::string& path, int max_side) { return decode_image(read_file(path), path, max_side); }

RgbImage resize_to_longest_side(const RgbImage& image, int max_side) {
    check_pixels(image, "resize");
    const int longest = std::max(image.width, image.height);
    if (max_side <= 0 || longest == max_side) return image;
    const double factor = static_cast<double>(max_side) / longest;
    const int width = std::max(1, static_cast<int>(std::lround(image.width * factor)));
    const int height = std::max(1, static_cast<int>(std::lround(image.height * factor)));
    cv::Mat resized;
    cv::resize(to_bgr_mat(image), resized, cv::Size(width, height), 0, 0, factor < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return from_bgr(resized);
}

std::vector<std::uint8_t> encode_png(const RgbImage& image) {
    check_pixels(image, "PNG encoding");
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", to_bgr_mat(image), bytes)) throw OutputError("PNG encoding failed");
    return bytes;
}

void save_png(const RgbImage& image, const std::string& path) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = encode_png(image);
    } catch (const Error& error) {
        throw OutputError(path + ": cannot write (" + error.what() + ")");
    }
    write_file_atomic(path, std::string(bytes.begin(), bytes.end()));
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty()) throw OutputError(path + ": cannot write (the path names a folder, not a file)");
    std::string temporary = folder + "/." + name + ".tmp-XXXXXX";
    const int fd = mkstemp(temporary.data());
    if (fd < 0) throw OutputError(path + ": cannot write (" + system_error() + ")");
    // Every failure from here on removes the temporary file, so nothing half-written stays.
    auto fail = [&](const std::string& why) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw OutputError(path + ": cannot write (" + why + ")");
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(system_error());
        if (n == 0) fail("nothing written");
        written += static_cast<std::size_t>(n);
    }
    // mkstemp creates 0600; outputs get the permissions a plain fopen would give them.
    if (fchmod(fd, 0666 & ~kUmask) != 0 || ::fsync(fd) != 0) fail(system_error());
    if (::close(fd) != 0) {
        const std::string why = system_error();
        ::unlink(temporary.c_str());
        throw OutputError(path + ": cannot write (" + why + ")");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = system_error();
        ::unlink(temporary.c_str());
        throw OutputError(path + ": cannot write (" + why + ")");
    }
}

}  // namespace engine
