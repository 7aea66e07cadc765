// Writing outputs: PNG round trips and atomic writes that leave nothing half-written behind.
#include "catch_checks.h"

#include <sys/stat.h>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "image_test_files.h"
#include "safetensors_test_files.h"

using namespace image_files;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

engine::RgbImage gradient(int width, int height) {
    engine::RgbImage image{width, height, {}};
    for (int i = 0; i < width * height * 3; ++i) image.pixels.push_back(static_cast<std::uint8_t>(i * 7));
    return image;
}

std::string output_error(const engine::RgbImage& image, const std::string& path) {
    try {
        engine::save_png(image, path);
    } catch (const engine::OutputError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("save_png and encode_png round trip exactly", "[image_io]") {
    test_files::TempDir dir;
    const auto image = gradient(5, 3);
    engine::save_png(image, dir.file("out.png"));
    const auto loaded = engine::load_image(dir.file("out.png"));
    CHECK(loaded.width == 5);
    CHECK(loaded.height == 3);
    CHECK(loaded.pixels == image.pixels);
    CHECK(engine::decode_image(engine::encode_png(image), "memory").pixels == image.pixels);
    CHECK(folder_entries(dir.path()) == std::vector<std::string>{"out.png"});
}

TEST_CASE("save_png replaces an existing file and leaves no temporary file", "[image_io]") {
    test_files::TempDir dir;
    write_bytes(dir.file("out.png"), {'o', 'l', 'd'});
    engine::save_png(gradient(4, 4), dir.file("out.png"));
    CHECK(engine::load_image(dir.file("out.png")).pixels == gradient(4, 4).pixels);
    CHECK(folder_entries(dir.path()) == std::vector<std::string>{"out.png"});
}

TEST_CASE("Unwritable places give OutputError naming the path, and leave nothing behind", "[image_io]") {
    test_files::TempDir dir;
    const auto image = gradient(2, 2);
    const std::string in_missing_folder = dir.file("no/such/folder/out.png");
    CHECK_THAT(output_error(image, in_missing_folder), StartsWith(in_missing_folder) && Contains("No such file"));
    // Tests run as root, where permissions do not stop writes: a path below a regular file does.
    write_bytes(dir.file("file.txt"), {'x'});
    const std::string below_file = dir.file("file.txt/out.png");
    CHECK_THAT(output_error(image, below_file), StartsWith(below_file) && Contains("Not a directory"));
    CHECK_THAT(output_error(image, "/proc/gramstudio-out.png"), StartsWith("/proc/gramstudio-out.png"));
    CHECK_THAT(output_error(image, dir.path().string() + "/"), Contains("names a folder"));
    CHECK(folder_entries(dir.path()) == std::vector<std::string>{"file.txt"});
    CHECK_THROWS_AS(engine::save_png(engine::RgbImage{}, dir.file("empty.png")), engine::OutputError);
}

TEST_CASE("write_file_atomic writes the bytes with the usual permissions", "[image_io]") {
    test_files::TempDir dir;
    const std::string text("{\"a\": 1}\n\0binary", 16);
    engine::write_file_atomic(dir.file("x.json"), text);
    const Bytes back = read_bytes(dir.file("x.json"));
    CHECK(std::string(back.begin(), back.end()) == text);
    struct stat info {};
    REQUIRE(stat(dir.file("x.json").c_str(), &info) == 0);
    const mode_t mask = umask(0);
    umask(mask);
    CHECK((info.st_mode & 0777) == (0666 & ~mask));
    engine::write_file_atomic(dir.file("x.json"), "");
    CHECK(read_bytes(dir.file("x.json")).empty());
    CHECK(folder_entries(dir.path()) == std::vector<std::string>{"x.json"});
    CHECK_THROWS_AS(engine::write_file_atomic(dir.file("missing/x.json"), "x"), engine::OutputError);
}
