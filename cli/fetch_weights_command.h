#pragma once
// `gramstudio-cli fetch-weights [--url URL] [--dest DIR]`: downloads VGG-19's conv layers.
#include <string>
#include <vector>

namespace cli {

constexpr const char* kDefaultWeightsUrl = "https://huggingface.co/timm/vgg19.tv_in1k/resolve/main/model.safetensors";
// The file fetch-weights writes in the destination folder.
constexpr const char* kFetchedWeightsName = "vgg19-tv_in1k-conv.safetensors";

int fetch_weights_command(const std::vector<std::string>& args);

}  // namespace cli
