#pragma once
// "--name value", "--name=value" and switches for the subcommands that take a few options.
#include <map>
#include <string>
#include <vector>

namespace cli {

// Returns flag -> value ("" for switches). Unknown flags, stray words and missing values throw
// engine::ParamError naming them and the command.
std::map<std::string, std::string> parse_simple_flags(const std::vector<std::string>& args,
                                                      const std::vector<std::string>& value_flags,
                                                      const std::vector<std::string>& switches,
                                                      const std::string& command);

}  // namespace cli
