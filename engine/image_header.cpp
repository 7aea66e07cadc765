#include "engine/image_header.h"

#include <cstring>

namespace engine {
namespace {

// A bounds-checked window on untrusted bytes: reads past the end give 0, never a crash.
class ByteView {
public:
    ByteView(const std::uint8_t* data, std::size_t size, bool little_endian = false)
        : data_(data), size_(size), little_(little_endian) {}
    explicit ByteView(const std::vector<std::uint8_t>& bytes) : ByteView(bytes.data(), bytes.size()) {}

    std::size_t size() const { return size_; }
    std::uint8_t operator[](std::size_t at) const { return at < size_ ? data_[at] : 0; }
    bool has(std::size_t at, std::size_t count) const { return at <= size_ && count <= size_ - at; }
    bool matches(std::size_t at, const char* text) const {
        const std::size_t n = std::strlen(text);
        return has(at, n) && std::memcmp(data_ + at, text, n) == 0;
    }
    // An unsigned integer of `count` (1..4) bytes in this view's byte order.
    std::uint32_t read(std::size_t at, int count) const {
        if (!has(at, static_cast<std::size_t>(count))) return 0;
        std::uint32_t value = 0;
        for (int i = 0; i < count; ++i) {
            const std::uint32_t byte = data_[at + (little_ ? count - 1 - i : i)];
            value = (value << 8) | byte;
        }
        return value;
    }
    ByteView sub(std::size_t at, std::size_t count, bool little_endian) const {
        if (at > size_) return {data_, 0, little_endian};
        return {data_ + at, count < size_ - at ? count : size_ - at, little_endian};
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    bool little_;
};

ByteView little_endian_view(const std::vector<std::uint8_t>& bytes) { return {bytes.data(), bytes.size(), true}; }

// --- JPEG: a sequence of markers (FF xx), most followed by a 2-byte length -----------------------

bool is_standalone_marker(std::uint8_t m) { return m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7); }
bool is_start_of_frame(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

// Walks the markers like libjpeg does (bytes between segments and entropy-coded data are skipped
// up to the next FF xx). Calls visit(marker, segment_start) for each marker that has a length;
// stops when visit returns false. Returns true when the EOI marker is reached.
template <typename Visit>
bool walk_jpeg(const ByteView& b, Visit visit) {
    std::size_t at = 2;
    while (at < b.size()) {
        if (b[at] != 0xFF) { ++at; continue; }
        std::size_t m = at + 1;
        while (m < b.size() && b[m] == 0xFF) ++m;  // fill bytes
        if (m >= b.size()) return false;
        const std::uint8_t marker = b[m];
        at = m + 1;
        if (marker == 0x00 || is_standalone_marker(marker)) continue;  // 00: a stuffed FF in scan data
        if (marker == 0xD9) return true;
        const std::uint32_t length = b.read(at, 2);
        if (length < 2 || !b.has(at, length)) return false;
        if (!visit(marker, at)) return false;
        at += length;
    }
    return false;
}

ImageHeader jpeg(const ByteView& b) {
    ImageHeader h{ImageFormat::Jpeg};
    walk_jpeg(b, [&](std::uint8_t marker, std::size_t at) {
        if (marker == 0xDA) return false;  // scan data before any frame header: unreadable
        if (!is_start_of_frame(marker)) return true;
        if (b.read(at, 2) < 8) return false;  // too short to hold the size
        h.height = b.read(at + 3, 2);  // after length (2) and precision (1)
        h.width = b.read(at + 5, 2);
        return false;
    });
    return h;
}

// --- PNG: signature, then chunks (length, type, data, CRC) starting with IHDR --------------------

template <typename Visit>
bool walk_png(const ByteView& b, Visit visit) {
    std::size_t at = 8;
    while (b.has(at, 12)) {
        const std::size_t length = b.read(at, 4);
        if (b.matches(at + 4, "IEND")) return true;
        if (!b.has(at + 8, length)) return false;
        if (!visit(at + 4, b.sub(at + 8, length, false))) return false;
        at += 12 + length;
    }
    return false;
}

ImageHeader png(const ByteView& b) {
    ImageHeader h{ImageFormat::Png};
    if (b.read(8, 4) == 13 && b.matches(12, "IHDR") && b.has(16, 8)) {
        h.width = b.read(16, 4);
        h.height = b.read(20, 4);
    }
    return h;
}

// --- WebP: RIFF container of chunks (fourcc, little-endian size, data padded to even) ------------

ImageHeader webp(const std::vector<std::uint8_t>& bytes) {
    const ByteView b = little_endian_view(bytes);
    ImageHeader h{ImageFormat::WebP};
    if (b.matches(12, "VP8X") && b.has(24, 6)) {
        h.width = 1 + static_cast<std::int64_t>(b.read(24, 3));
        h.height = 1 + static_cast<std::int64_t>(b.read(27, 3));
    } else if (b.matches(12, "VP8L") && b[20] == 0x2F && b.has(21, 4)) {
        const std::uint32_t bits = b.read(21, 4);
        h.width = 1 + (bits & 0x3FFF);
        h.height = 1 + ((bits >> 14) & 0x3FFF);
    } else if (b.matches(12, "VP8 ") && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A && b.has(26, 4)) {
        h.width = b.read(26, 2) & 0x3FFF;
        h.height = b.read(28, 2) & 0x3FFF;
    }
    return h;
}

// --- TIFF (and EXIF blocks, which are TIFF structures): header, then an IFD of 12-byte entries ---

ByteView tiff_view(const ByteView& bytes) {
    const bool little = bytes.matches(0, "II*");
    return bytes.sub(0, bytes.size(), little);
}

bool is_tiff(const ByteView& b) {
    return b.has(0, 4) && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
                           (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
}

// The value of a SHORT or LONG tag in the first IFD; 0 when absent.
std::uint32_t first_ifd_value(const ByteView& t, std::uint32_t wanted_tag) {
    const std::size_t ifd = t.read(4, 4);
    if (!t.has(ifd, 2)) return 0;
    const std::uint32_t entries = t.read(ifd, 2);
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::size_t entry = ifd + 2 + 12 * static_cast<std::size_t>(i);
        if (!t.has(entry, 12)) break;
        if (t.read(entry, 2) != wanted_tag) continue;
        const std::uint32_t type = t.read(entry + 2, 2);
        if (type == 3) return t.read(entry + 8, 2);  // SHORT
        if (type == 4) return t.read(entry + 8, 4);  // LONG
        return 0;
    }
    return 0;
}

ImageHeader tiff(const ByteView& bytes) {
    const ByteView t = tiff_view(bytes);
    return {ImageFormat::Tiff, first_ifd_value(t, 256), first_ifd_value(t, 257)};
}

int orientation_of_exif(ByteView exif) {
    if (exif.matches(0, "Exif")) exif = exif.sub(6, exif.size(), false);  // "Exif\0\0" prefix
    if (!is_tiff(exif)) return 1;
    const std::uint32_t value = first_ifd_value(tiff_view(exif), 0x0112);
    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
}

}  // namespace

ImageHeader read_image_header(const std::vector<std::uint8_t>& bytes) {
    const ByteView b(bytes);
    if (b.matches(0, "\x89PNG\r\n\x1a\n")) return png(b);
    if (b.has(0, 3) && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return jpeg(b);
    if (b.matches(0, "RIFF") && b.matches(8, "WEBP")) return webp(bytes);
    if (is_tiff(b)) return tiff(b);
    return {};
}

int read_exif_orientation(const std::vector<std::uint8_t>& bytes, ImageFormat format) {
    int orientation = 1;
    if (format == ImageFormat::Png) {
        const ByteView b(bytes);
        walk_png(b, [&](std::size_t type_at, const ByteView& data) {
            if (!b.matches(type_at, "eXIf")) return true;
            orientation = orientation_of_exif(data);
            return false;
        });
    } else if (format == ImageFormat::WebP) {
        const ByteView b = little_endian_view(bytes);
        for (std::size_t at = 12; b.has(at, 8);) {
            const std::size_t size = b.read(at + 4, 4);
            if (b.matches(at, "EXIF")) return orientation_of_exif(b.sub(at + 8, size, false));
            at += 8 + size + (size & 1);
        }
    }
    return orientation;
}

bool looks_complete(const std::vector<std::uint8_t>& bytes, ImageFormat format) {
    const ByteView b(bytes);
    switch (format) {
        case ImageFormat::Png: return walk_png(b, [](std::size_t, const ByteView&) { return true; });
        case ImageFormat::Jpeg: return walk_jpeg(b, [](std::uint8_t, std::size_t) { return true; });
        case ImageFormat::WebP: return 8 + static_cast<std::uint64_t>(little_endian_view(bytes).read(4, 4)) <= bytes.size();
        case ImageFormat::Tiff:
        case ImageFormat::Unknown: break;
    }
    return true;  // TIFF has no end marker; its decoder fails on missing strips
}

std::string format_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png: return "PNG";
        case ImageFormat::Jpeg: return "JPEG";
        case ImageFormat::WebP: return "WebP";
        case ImageFormat::Tiff: return "TIFF";
        case ImageFormat::Unknown: break;
    }
    return "unknown";
}

}  // namespace engine
