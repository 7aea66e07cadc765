#include "engine/image_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/errors.h"
#include "engine/image_header.h"

namespace engine {
namespace {

std::string system_error() { return std::strerror(errno); }

std::vector<std::uint8_t> read_file(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) throw InputError(path + ": cannot open (" + system_error() + ")");
    if (S_ISDIR(info.st_mode)) throw InputError(path + ": is a folder, not an image file");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path + ": cannot open (" + system_error() + ")");
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (file.bad()) throw InputError(path + ": read error");
    return bytes;
}

// A file cut short still decodes partly in some decoders; the end marker tells.
bool has_end_marker(const std::vector<std::uint8_t>& b, ImageFormat format) {
    if (format == ImageFormat::Png) {
        static const std::uint8_t iend[] = {'I', 'E', 'N', 'D'};
        return std::search(b.begin(), b.end(), std::begin(iend), std::end(iend)) != b.end();
    }
    if (format == ImageFormat::Jpeg) {
        // EOI (FF D9), possibly followed by padding or trailing metadata
        for (std::size_t i = b.size(); i >= 2 && b.size() - i < 65536; --i)
            if (b[i - 2] == 0xFF && b[i - 1] == 0xD9) return true;
        return false;
    }
    return true;
}

// Any depth and channel count -> 8-bit BGR; alpha composited on white.
cv::Mat to_bgr8(const cv::Mat& decoded) {
    cv::Mat image = decoded;
    if (image.depth() == CV_16U) image.convertTo(image, CV_8U, 255.0 / 65535.0);
    else if (image.depth() == CV_32F || image.depth() == CV_64F) image.convertTo(image, CV_8U, 255.0);
    else if (image.depth() != CV_8U) image.convertTo(image, CV_8U);
    if (image.channels() == 1) {
        cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
    } else if (image.channels() == 2 || image.channels() == 4) {
        std::vector<cv::Mat> planes;
        cv::split(image, planes);
        cv::Mat alpha;
        planes.back().convertTo(alpha, CV_32F, 1.0 / 255.0);
        planes.pop_back();
        if (planes.size() == 1) planes = {planes[0], planes[0], planes[0]};
        cv::Mat color, white(image.size(), CV_32FC3, cv::Scalar(255, 255, 255));
        cv::merge(planes, color);
        color.convertTo(color, CV_32F);
        cv::Mat alpha3;
        cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, alpha3);
        cv::Mat blended = color.mul(alpha3) + white.mul(cv::Scalar(1, 1, 1) - alpha3);
        blended.convertTo(image, CV_8U);
    }
    return image;
}

RgbImage from_bgr(const cv::Mat& bgr) {
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    RgbImage image;
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.resize(static_cast<std::size_t>(rgb.total()) * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(image.pixels.data() + static_cast<std::size_t>(y) * rgb.cols * 3, rgb.ptr(y), rgb.cols * 3);
    return image;
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
    const ImageHeader header = read_image_header(bytes);
    if (header.format == ImageFormat::Unknown)
        throw InputError(label + ": not an image (unknown format; PNG, JPEG, WebP and TIFF are supported)");
    if (header.width * header.height > kMaxImagePixels)
        throw InputError(label + ": the " + format_name(header.format) + " header claims " + std::to_string(header.width) +
                         "x" + std::to_string(header.height) + " pixels, more than the limit of " +
                         std::to_string(kMaxImagePixels / 1'000'000) + " megapixels");
    if (!has_end_marker(bytes, header.format))
        throw InputError(label + ": truncated " + format_name(header.format) + " file (no end marker)");

    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
        // JPEG has no alpha: IMREAD_COLOR applies the EXIF orientation and converts CMYK and
        // grayscale. The others keep alpha and 16 bits with IMREAD_UNCHANGED.
        const int flags = header.format == ImageFormat::Jpeg ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED;
        decoded = cv::imdecode(buffer, flags);
    } catch (const cv::Exception& error) {
        throw InputError(label + ": corrupt " + format_name(header.format) + " data (" + error.msg + ")");
    }
    if (decoded.empty() || decoded.cols <= 0 || decoded.rows <= 0)
        throw InputError(label + ": truncated or corrupt " + format_name(header.format) + " data");
    RgbImage image = from_bgr(to_bgr8(decoded));
    return max_side > 0 ? resize_to_longest_side(image, max_side) : image;
}

RgbImage load_image(const std::string& path, int max_side) { return decode_image(read_file(path), path, max_side); }

RgbImage resize_to_longest_side(const RgbImage& image, int max_side) {
    const int longest = std::max(image.width, image.height);
    if (longest == max_side || image.empty()) return image;
    const double factor = static_cast<double>(max_side) / longest;
    const int width = std::max(1, static_cast<int>(std::lround(image.width * factor)));
    const int height = std::max(1, static_cast<int>(std::lround(image.height * factor)));
    cv::Mat resized;
    cv::resize(to_bgr_mat(image), resized, cv::Size(width, height), 0, 0, factor < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return from_bgr(resized);
}

std::vector<std::uint8_t> encode_png(const RgbImage& image) {
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", to_bgr_mat(image), bytes)) throw OutputError("PNG encoding failed");
    return bytes;
}

void save_png(const RgbImage& image, const std::string& path) {
    const auto bytes = encode_png(image);
    write_file_atomic(path, std::string(bytes.begin(), bytes.end()));
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string temporary = folder + "/." + name + ".tmp-XXXXXX";
    const int fd = mkstemp(temporary.data());
    if (fd < 0) throw OutputError(path + ": cannot write (" + system_error() + ")");
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = system_error();
            ::close(fd);
            ::unlink(temporary.c_str());
            throw OutputError(path + ": cannot write (" + why + ")");
        }
        written += static_cast<std::size_t>(n);
    }
    // Temporary files are created 0600; outputs get the usual permissions.
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
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
