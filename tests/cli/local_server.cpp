#include "local_server.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_paths.h"

namespace cli_test {

void make_fake_full_vgg19(const std::string& path) {
    const ProcessResult made = run_process({"python3", std::string(CLI_TEST_DIR) + "/make_fake_vgg19.py",
                                            test_paths::weights_file(), path});
    if (made.exit_code != 0) throw std::runtime_error("make_fake_vgg19.py failed: " + made.err);
}

LocalServer::LocalServer(const std::string& file, const std::string& work_dir, const std::vector<std::string>& options)
    : log_path_(work_dir + "/server.log") {
    const std::string port_file = work_dir + "/server.port";
    std::vector<std::string> argv{"python3", std::string(CLI_TEST_DIR) + "/range_server.py", "--file", file,
                                  "--port-file", port_file, "--log", log_path_};
    argv.insert(argv.end(), options.begin(), options.end());
    std::ofstream(log_path_).close();
    std::filesystem::remove(port_file);  // an earlier server's port must not be read as ours
    process_ = std::make_unique<ChildProcess>(argv, work_dir + "/server.out", work_dir + "/server.err");
    for (int i = 0; i < 200 && !file_exists(port_file); ++i) {
        if (!process_->running()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!file_exists(port_file))
        throw std::runtime_error("range_server.py did not start: " + read_file(work_dir + "/server.err"));
    port_ = std::stoi(read_file(port_file));
}

std::string LocalServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string LocalServer::url() const { return base_url() + "/model.safetensors"; }

std::vector<nlohmann::json> LocalServer::requests() const {
    // The server logs a request's end after its last byte: wait until every started one has ended.
    for (int attempt = 0;; ++attempt) {
        std::vector<nlohmann::json> ended;
        int started = 0;
        std::istringstream lines(read_file(log_path_));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.empty()) continue;
            auto entry = nlohmann::json::parse(line);
            if (entry.at("event") == "start") ++started;
            else ended.push_back(entry);
        }
        const int ended_with_body = static_cast<int>(std::count_if(ended.begin(), ended.end(), [](const auto& e) {
            return e.at("status") == 200 || e.at("status") == 206;
        }));
        if (ended_with_body >= started || attempt >= 100) return ended;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::uint64_t LocalServer::body_bytes_sent() const {
    std::uint64_t total = 0;
    for (const auto& entry : requests()) total += entry.at("sent").get<std::uint64_t>();
    return total;
}

void LocalServer::clear_log() const { std::ofstream(log_path_, std::ios::trunc).close(); }

}  // namespace cli_test
