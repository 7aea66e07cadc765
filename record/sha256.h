#pragma once
// SHA-256 through OpenSSL's libcrypto (EVP digests; libcurl loads it already): the sidecar
// records the inputs' checksums so a run can be reproduced and a changed input noticed.
#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace record {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    // Finishes and returns the digest as 64 lowercase hex digits; the object is spent afterwards.
    std::string hex_digest();

private:
    std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> context_;
};

std::string sha256_hex(const std::string& bytes);
// Streams the file; throws engine::InputError naming it when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace record
