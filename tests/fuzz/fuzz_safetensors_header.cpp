// libFuzzer target: the safetensors reader on arbitrary bytes, two ways:
//  - parse_safetensors_header on the bytes after the first 8 as JSON text, with the first 8 (the
//    file's header length field) as the data section size, so offset checks see any value,
//  - read_safetensors_header and load_safetensors on the input written to a file.
// Any outcome but a result or an InputError is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "engine/errors.h"
#include "engine/safetensors.h"

namespace {

// One scratch file per fuzzing process, rewritten for every input.
const std::string& scratch_file() {
    static const std::string path = [] {
        const char* folder = std::getenv("TMPDIR");
        std::string pattern = std::string(folder && *folder ? folder : "/tmp") + "/fuzz-safetensors-XXXXXX";
        const int fd = mkstemp(pattern.data());
        if (fd < 0) std::abort();
        ::close(fd);
        std::atexit([] { ::unlink(scratch_file().c_str()); });
        return pattern;
    }();
    return path;
}

void write_scratch(const std::uint8_t* data, std::size_t size) {
    FILE* file = std::fopen(scratch_file().c_str(), "wb");
    if (!file) std::abort();
    if (size && std::fwrite(data, 1, size, file) != size) std::abort();
    std::fclose(file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size >= 8) {
        std::uint64_t data_size = 0;
        for (int i = 7; i >= 0; --i) data_size = (data_size << 8) | data[i];
        const std::string text(reinterpret_cast<const char*>(data) + 8, size - 8);
        try {
            engine::parse_safetensors_header(text, data_size, "fuzz");
        } catch (const engine::InputError&) {
        }
    }
    write_scratch(data, size);
    try {
        engine::read_safetensors_header(scratch_file());
        engine::load_safetensors(scratch_file());
    } catch (const engine::InputError&) {
    }
    return 0;
}
