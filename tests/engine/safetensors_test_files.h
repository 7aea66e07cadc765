#pragma once
// Test helpers: temporary folders, environment overrides and hand-written safetensors files
// (valid and deliberately broken) for the model unit tests.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace test_files {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "gramstudio-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Sets (or unsets, with nullopt) an environment variable for the scope and restores it after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) setenv(name, value->c_str(), 1);
        else unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) setenv(name_.c_str(), old_->c_str(), 1);
        else unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string u64_le(std::uint64_t value) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return bytes;
}

// 8-byte length, the header text as given, then the data section.
inline void write_raw_safetensors(const std::string& path, const std::string& header, const std::string& data) {
    write_bytes(path, u64_le(header.size()) + header + data);
}

template <typename T>
std::string raw_bytes(const std::vector<T>& values) {
    std::string bytes(values.size() * sizeof(T), '\0');
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

struct Tensor {
    std::string name;
    std::string dtype;
    std::vector<std::int64_t> shape;
    std::string bytes;  // raw little-endian data
};

// A well-formed file: tensors packed in order, offsets computed.
inline void write_safetensors(const std::string& path, const std::vector<Tensor>& tensors,
                              const nlohmann::json& metadata = nullptr) {
    nlohmann::json header = nlohmann::json::object();
    std::string data;
    for (const auto& t : tensors) {
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
        data += t.bytes;
    }
    if (!metadata.is_null()) header["__metadata__"] = metadata;
    write_raw_safetensors(path, header.dump(), data);
}

// Float32 conv layers features.N.weight/bias with the given shapes, filled with seeded noise.
inline Tensor random_f32(const std::string& name, const std::vector<std::int64_t>& shape, unsigned seed) {
    std::int64_t count = 1;
    for (auto d : shape) count *= d;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(-0.1f, 0.1f);
    std::vector<float> values(static_cast<std::size_t>(count));
    for (auto& v : values) v = noise(rng);
    return {name, "F32", shape, raw_bytes(values)};
}

// The first `count` VGG-19 conv layers with random weights (small enough for count <= 4).
inline std::vector<Tensor> vgg_prefix(int count) {
    const int index[] = {0, 2, 5, 7, 10};
    const std::int64_t channels[] = {64, 64, 128, 128, 256};
    std::vector<Tensor> tensors;
    std::int64_t in = 3;
    for (int i = 0; i < count; ++i) {
        const std::string base = "features." + std::to_string(index[i]);
        tensors.push_back(random_f32(base + ".weight", {channels[i], in, 3, 3}, 10 + i));
        tensors.push_back(random_f32(base + ".bias", {channels[i]}, 20 + i));
        in = channels[i];
    }
    return tensors;
}

}  // namespace test_files
