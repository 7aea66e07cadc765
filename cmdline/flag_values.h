#pragma once
// Strict typed values for command-line flags: the whole text must be the value, and errors name
// the flag and the allowed range or choices (engine::ParamError).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/errors.h"

namespace cmdline {

int int_value(const std::string& flag, const std::string& text, int low, int high);
double double_value(const std::string& flag, const std::string& text, double low, double high);
std::uint64_t uint64_value(const std::string& flag, const std::string& text);
// "256,384" -> {256, 384}, each in low..high; an empty list is refused.
std::vector<int> int_list_value(const std::string& flag, const std::string& text, int low, int high);
// "a,b" -> {"a", "b"} (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

// "16..4096", for help texts, so they show the limits the parser enforces.
std::string range_text(int low, int high);
std::string range_text(double low, double high);

// Runs one of the engine's text parsers (engine::parse_optimizer, ...) and prefixes its error
// with the flag: "--optimizer: unknown optimizer 'sgd' (allowed: lbfgs, adam)".
template <typename Parse>
auto named_value(const std::string& flag, const std::string& text, Parse parse) {
    try {
        return parse(text);
    } catch (const engine::ParamError& e) {
        throw engine::ParamError(flag + ": " + e.what());
    }
}

// The same for a comma-separated list of such values.
template <typename Parse>
auto named_list_value(const std::string& flag, const std::string& text, Parse parse) {
    std::vector<decltype(parse(text))> values;
    for (const auto& item : split_list(text)) values.push_back(named_value(flag, item, parse));
    if (values.empty()) throw engine::ParamError(flag + " needs a comma-separated list (got '" + text + "')");
    return values;
}

}  // namespace cmdline
