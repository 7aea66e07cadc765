#pragma once
// Paths to the shared development data (../shared beside the source tree) for tests.
#include <string>

namespace test_paths {

inline std::string shared_dir() { return GRAMSTUDIO_SHARED_DIR; }
inline std::string weights_file() { return shared_dir() + "/models/vgg19-imagenet-conv1_1-conv3_4.safetensors"; }
inline std::string image(const std::string& name) { return shared_dir() + "/images/" + name; }
inline std::string bin_dir() { return GRAMSTUDIO_BIN_DIR; }

}  // namespace test_paths
