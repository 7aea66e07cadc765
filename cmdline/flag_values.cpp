#include "cmdline/flag_values.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace cmdline {

namespace {

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

bool all_digits(const std::string& text, std::size_t from) {
    if (from >= text.size()) return false;
    for (std::size_t i = from; i < text.size(); ++i)
        if (text[i] < '0' || text[i] > '9') return false;
    return true;
}

}  // namespace

std::string range_text(int low, int high) { return std::to_string(low) + ".." + std::to_string(high); }
std::string range_text(double low, double high) { return number_text(low) + ".." + number_text(high); }

int int_value(const std::string& flag, const std::string& text, int low, int high) {
    const std::string range = " between " + std::to_string(low) + " and " + std::to_string(high);
    const bool negative = !text.empty() && text[0] == '-';
    if (!all_digits(text, negative ? 1 : 0))
        throw engine::ParamError(flag + " must be an integer" + range + " (got '" + text + "')");
    errno = 0;
    const long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE || value < low || value > high)
        throw engine::ParamError(flag + " must be" + range + " (got " + text + ")");
    return static_cast<int>(value);
}

double double_value(const std::string& flag, const std::string& text, double low, double high) {
    const std::string range = " between " + number_text(low) + " and " + number_text(high);
    char* end = nullptr;
    errno = 0;
    const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
        throw engine::ParamError(flag + " must be a number" + range + " (got '" + text + "')");
    if (value < low || value > high) throw engine::ParamError(flag + " must be" + range + " (got " + text + ")");
    return value;
}

std::uint64_t uint64_value(const std::string& flag, const std::string& text) {
    errno = 0;
    const unsigned long long value = all_digits(text, 0) ? std::strtoull(text.c_str(), nullptr, 10) : 0;
    if (!all_digits(text, 0) || errno == ERANGE)
        throw engine::ParamError(flag + " must be an integer between 0 and 18446744073709551615 (got '" + text + "')");
    return static_cast<std::uint64_t>(value);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) items.push_back(item);
    return items;
}

std::vector<int> int_list_value(const std::string& flag, const std::string& text, int low, int high) {
    std::vector<int> values;
    for (const auto& item : split_list(text)) values.push_back(int_value(flag, item, low, high));
    if (values.empty()) throw engine::ParamError(flag + " needs a comma-separated list (got '" + text + "')");
    return values;
}

}  // namespace cmdline
