#pragma once
// `gramstudio-cli fetch-weights [--url URL] [--dest DIR]`: downloads VGG-19's conv layers with
// download::WeightsDownload (the same code the window's download dialog runs).
#include <string>
#include <vector>

namespace cli {

int fetch_weights_command(const std::vector<std::string>& args);

}  // namespace cli
