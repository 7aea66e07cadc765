#pragma once
// Strict number parsing for command-line values: the whole text must be the number, and range
// errors name the flag and the allowed range (engine::ParamError, exit code 2).
#include <cstdint>
#include <string>

namespace cli {

int parse_int_flag(const std::string& flag, const std::string& text, int low, int high);
double parse_double_flag(const std::string& flag, const std::string& text, double low, double high);
std::uint64_t parse_uint64_flag(const std::string& flag, const std::string& text);

}  // namespace cli
