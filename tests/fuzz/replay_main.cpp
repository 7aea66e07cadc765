// Replays files through a libFuzzer target's LLVMFuzzerTestOneInput without libFuzzer, so the
// seed corpus and every input a fuzzer once crashed on (regressions/<target>/) run in the normal
// test suite, with gcc and, under ./test.sh --sanitize, with ASan and UBSan.
// Usage: <replay> FILE_OR_FOLDER...   Exits 2 when any file or folder named is missing or nothing
// was replayed; a bug aborts or throws.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::printf("replay %s (%zu bytes)\n", file.c_str(), bytes.size());
    return LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    int replayed = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        if (fs::is_directory(path)) {
            // An empty regressions folder is fine (nothing has failed yet); hidden files (.keep,
            // which keeps the folder in git) are not inputs.
            for (const auto& entry : fs::directory_iterator(path))
                if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
                    replayed += replay(entry.path()) == 0;
        } else if (fs::is_regular_file(path)) {
            replayed += replay(path) == 0;
        } else {
            // Every folder named must exist: a missing regressions folder would drop its inputs
            // from the test suite without a word.
            std::fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            return 2;
        }
    }
    std::printf("%d inputs replayed\n", replayed);
    return replayed > 0 ? 0 : 2;
}
