// The command line as a new user meets it (issue 19 §7), through the real binary: usage, misspelt
// options, one error prefix, the --lr rule, decoder warnings kept off the terminal, tiny sizes,
// scales, the final line, and runs that stall.
#include "catch_checks.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/image_io.h"
#include "engine/params.h"
#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::file_exists;
using cli_test::run_cli;
using cli_test::TempDir;
using nlohmann::json;

namespace {

std::vector<std::string> tiny_run(const TempDir& dir, std::vector<std::string> extra) {
    std::vector<std::string> args{"--content", test_paths::image("building.jpg"), "--style",
                                  test_paths::image("starry_night.jpg"), "--out", dir / "out.png", "--size", "32",
                                  "--iters", "2", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

// Every line of stderr is an error line with the one prefix (a --quiet run prints nothing else).
void check_error_lines(const std::string& err) {
    const auto lines = lines_of(err);
    CHECK_FALSE(lines.empty());
    for (const auto& line : lines) CHECK_THAT(line, Catch::StartsWith("gramstudio-cli: "));
}

std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string big_endian(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

// A valid 48x32 PNG with an iCCP chunk whose profile is not zlib data: libpng warns on stderr
// ("libpng warning: iCCP: ...") and decodes the image anyway.
std::string png_with_bad_icc_profile() {
    engine::RgbImage image;
    image.width = 48;
    image.height = 32;
    for (int i = 0; i < image.width * image.height; ++i)
        for (int c = 0; c < 3; ++c) image.pixels.push_back(static_cast<std::uint8_t>((i * (c + 3)) % 256));
    const auto encoded = engine::encode_png(image);
    const std::string png(encoded.begin(), encoded.end());
    const std::string body = std::string("iCCP") + "bad profile" + '\0' + '\0' + "this is not zlib data";
    const std::string chunk = big_endian(static_cast<std::uint32_t>(body.size() - 4)) + body + big_endian(crc32(body));
    const std::size_t after_header = 8 + 4 + 4 + 13 + 4;  // signature, then IHDR's length, type, data, CRC
    return png.substr(0, after_header) + chunk + png.substr(after_header);
}

}  // namespace

TEST_CASE("no arguments print the usage as an error, -h and --help as asked", "[cli][usage]") {
    const auto bare = run_cli({});
    CHECK(bare.exit_code == 2);
    CHECK_THAT(bare.err, Contains("Usage: gramstudio-cli --content C --style S --out OUT.png"));
    CHECK(bare.out.empty());
    for (const char* flag : {"-h", "--help"}) {
        const auto help = run_cli({flag});
        CHECK(help.exit_code == 0);
        CHECK_THAT(help.out, Contains("Usage: gramstudio-cli") && Contains("--overwrite") &&
                                 Contains("[height, width]") && Contains("Exit codes"));
    }
}

TEST_CASE("a misspelt option suggests the nearest one", "[cli][usage]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--iter", "5"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("unknown option '--iter' (did you mean '--iters'?)"));
    check_error_lines(result.err);
    CHECK_THAT(run_cli({"layers", "--weight", "x"}).err, Contains("did you mean '--weights'?"));
}

TEST_CASE("The --lr help and its check say the same rule", "[cli][usage]") {
    const std::string rule = engine::learning_rate_rule();
    // The help wraps its lines: read it with each line break and indent as one space.
    std::string help;
    for (const auto& line : lines_of(run_cli({"--help"}).out)) help += " " + line.substr(line.find_first_not_of(' '));
    CHECK_THAT(help, Contains("learning rate: " + rule));
    TempDir dir;
    for (const char* bad : {"-1", "2e6", "fast"}) {
        const auto result = run_cli(tiny_run(dir, {"--lr", bad}));
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.err, Contains("gramstudio-cli: error: --lr must be " + rule));
    }
}

TEST_CASE("every error line carries the same prefix", "[cli][usage]") {
    TempDir dir;
    check_error_lines(run_cli(tiny_run(dir, {"--size", "0", "--quiet"})).err);                         // a bad value
    check_error_lines(run_cli(tiny_run(dir, {"--content", dir / "missing.jpg", "--quiet"})).err);      // an input
    check_error_lines(run_cli(tiny_run(dir, {"--out", dir / "x.jpg", "--quiet"})).err);                // an output
    check_error_lines(run_cli(tiny_run(dir, {"--optimizer", "adam", "--lr", "100", "--iters", "30", "--size", "64",
                                             "--quiet"}))
                          .err);  // a diverged run
}

TEST_CASE("libpng's warnings never reach the terminal, and --quiet stays quiet", "[cli][usage]") {
    TempDir dir;
    {
        std::ofstream(dir / "profile.png", std::ios::binary) << png_with_bad_icc_profile();
    }
    const auto loud = run_cli(tiny_run(dir, {"--content", dir / "profile.png"}));
    INFO(loud.err);
    REQUIRE(loud.exit_code == 0);  // the image itself is fine
    CHECK_THAT(loud.err, !Contains("libpng") && !Contains("iCCP"));
    const auto quiet = run_cli(tiny_run(dir, {"--content", dir / "profile.png", "--quiet"}));
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
}

TEST_CASE("a final line says what was written", "[cli][usage]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--snapshot-every", "1", "--snapshot-dir", dir / "s"}));
    REQUIRE(result.exit_code == 0);
    const auto lines = lines_of(result.err);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back() == "Wrote " + dir / "out.png" + " (32x22) and " + dir / "s/run.json" + "; 2 snapshots in " +
                              dir / "s");
}

TEST_CASE("a tiny size keeps the photo's aspect ratio by raising the longest side", "[cli][usage]") {
    // building.jpg is 868x600: 16 px on the longest side would make the shorter 11, below the
    // network's 16; the shorter side becomes 16 and the longer 23 (not a square 16x16).
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--size", "16", "--json", "--quiet"}));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(json::parse(result.last_line()).at("size") == json::array({16, 23}));  // [height, width]
    const auto image = engine::load_image(dir / "out.png");
    CHECK(image.width == 23);
    CHECK(image.height == 16);
}

TEST_CASE("every scale runs, the first one included", "[cli][usage]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--size", "64", "--scales", "2", "--iters", "4"}));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.err, Contains("it 1/4 (scale 1/2)") && Contains("it 4/4 (scale 2/2)"));
    // Fewer iterations than scales would skip the first scales: refused, saying why.
    const auto refused = run_cli(tiny_run(dir, {"--scales", "3", "--iters", "2"}));
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Contains("iterations (2) must be at least scales (3)"));
}

TEST_CASE("a learning rate so large that the image never moves is reported as a stall, exit 2", "[cli][usage]") {
    TempDir dir;
    const auto result = run_cli(tiny_run(dir, {"--lr", "1e6", "--iters", "3", "--json", "--quiet"}));
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Contains("gramstudio-cli: error: The optimization stalled") &&
                               Contains("learning rate 1e+06"));
    check_error_lines(result.err);
    CHECK(json::parse(result.last_line()).at("status") == "numeric fault");
    CHECK(file_exists(dir / "out.png"));  // the start image, kept as the result so far
}
