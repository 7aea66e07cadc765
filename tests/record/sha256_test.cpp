#include "catch_checks.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "record/sha256.h"
#include "engine/errors.h"
#include "test_paths.h"

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[record][sha256]") {
    CHECK(record::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(record::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(record::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(record::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 gives the same digest however the input is split", "[record][sha256]") {
    const std::string text(1000, 'x');
    for (std::size_t piece : {1u, 7u, 63u, 64u, 65u, 999u}) {
        record::Sha256 hash;
        for (std::size_t at = 0; at < text.size(); at += piece) hash.update(text.substr(at, piece));
        CHECK(hash.hex_digest() == record::sha256_hex(text));
    }
}

TEST_CASE("sha256_file of the shared weights matches the README", "[record][sha256]") {
    CHECK(record::sha256_file(test_paths::weights_file()) ==
          "f90960779e990f159ceb568b7950e9f8f960b83e6d1b33fdf2d0c9ddc66bb788");
    CHECK_THROWS_AS(record::sha256_file("/nonexistent/file.png"), engine::InputError);
    CHECK_THROWS_WITH(record::sha256_file("/nonexistent/file.png"), Catch::Contains("/nonexistent/file.png"));
}

TEST_CASE("sha256_file streams a file larger than its 1 MiB read chunk", "[record][sha256]") {
    // 3,000,000 x 'a': three chunks, the last one partial. Digest from coreutils' sha256sum.
    const std::string path =
        (std::filesystem::temp_directory_path() / ("gramstudio_sha256_" + std::to_string(getpid()) + ".bin")).string();
    {
        std::ofstream out(path, std::ios::binary);
        const std::string block(1000, 'a');
        for (int i = 0; i < 3000; ++i) out << block;
    }
    CHECK(record::sha256_file(path) == "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4");
    std::filesystem::remove(path);
}
