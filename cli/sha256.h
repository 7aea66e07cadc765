#pragma once
// SHA-256 (FIPS 180-4), small and self-contained: the sidecar records the inputs' checksums so
// a run can be reproduced and a changed input noticed.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace cli {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    // Finishes and returns the digest as 64 lowercase hex digits; the object is spent afterwards.
    std::string hex_digest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(const std::string& bytes);
// Streams the file; throws engine::InputError naming it when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace cli
