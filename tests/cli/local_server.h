#pragma once
// range_server.py on 127.0.0.1 for the fetch-weights tests, and make_fake_vgg19.py's model.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.h"

namespace cli_test {

// Writes the stand-in for timm's model.safetensors (see make_fake_vgg19.py) to `path`.
void make_fake_full_vgg19(const std::string& path);

class LocalServer {
public:
    // Serves `file` as /model.safetensors; `options` go to range_server.py (--no-range, --cut-after N,
    // --port N).
    LocalServer(const std::string& file, const std::string& work_dir, const std::vector<std::string>& options = {});
    std::string url() const;
    std::string base_url() const;
    int port() const { return port_; }
    // One entry per request served so far.
    std::vector<nlohmann::json> requests() const;
    std::uint64_t body_bytes_sent() const;
    void clear_log() const;

private:
    std::string log_path_;
    int port_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace cli_test
