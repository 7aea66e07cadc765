#pragma once
// `gramstudio-cli layers [--weights PATH]`: what a weights file provides.
#include <string>
#include <vector>

namespace cli {

int layers_command(const std::vector<std::string>& args);

}  // namespace cli
