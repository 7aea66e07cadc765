// libFuzzer target: engine::decode_image on arbitrary bytes. Any outcome but an image or an
// InputError (a crash, a sanitizer report, another exception, a huge allocation) is a bug.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/errors.h"
#include "engine/image_header.h"
#include "engine/image_io.h"

namespace {

// A few KB can legally claim up to the 100-megapixel budget and make a decoder fill it: slow and
// large, but not a bug. Those inputs are skipped; every other one, including each size over the
// budget or unreadable, goes through decode_image, which must decode or refuse it.
constexpr std::int64_t kMaxFuzzPixels = std::int64_t{1} << 22;

bool legal_but_large(const engine::ImageHeader& header) {
    if (header.width <= 0 || header.height <= 0) return false;
    if (header.width > engine::kMaxImagePixels || header.height > engine::kMaxImagePixels) return false;
    const std::int64_t pixels = header.width * header.height;  // both <= 1e8: no overflow
    return pixels > kMaxFuzzPixels && pixels <= engine::kMaxImagePixels;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    if (legal_but_large(engine::read_image_header(bytes))) return 0;
    try {
        // a small max_side keeps the resize cheap; the decoders still see the full image
        const engine::RgbImage image = engine::decode_image(bytes, "fuzz", 32);
        if (image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) __builtin_trap();
    } catch (const engine::InputError&) {
    }
    return 0;
}
