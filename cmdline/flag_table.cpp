#include "cmdline/flag_table.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/user_text.h"

namespace cmdline {

namespace {

constexpr std::size_t kHelpColumn = 28;  // where the help texts start
constexpr std::size_t kHelpWidth = 80;   // lines are wrapped at word boundaries to this width

// `text` as lines of at most kHelpWidth - kHelpColumn characters, each after the first indented.
std::string wrapped(const std::string& text) {
    const std::size_t room = kHelpWidth - kHelpColumn;
    std::string out, line;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > room) {
            out += line + "\n" + std::string(kHelpColumn, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return out + line;
}

}  // namespace

FlagTable::FlagTable(std::string command) : command_(std::move(command)) {}

FlagTable& FlagTable::add(Flag flag) {
    flags_.push_back(std::move(flag));
    return *this;
}

FlagTable& FlagTable::add_switch(const std::string& name, const std::string& help, bool& target) {
    return add({name, "", help, [&target](const std::string&) { target = true; }});
}

FlagTable& FlagTable::add_text(const std::string& name, const std::string& value_name, const std::string& help,
                               std::string& target) {
    return add({name, value_name, help, [&target](const std::string& value) { target = value; }});
}

const Flag* FlagTable::find(const std::string& name) const {
    for (const auto& flag : flags_)
        if (flag.name == name) return &flag;
    return nullptr;
}

std::vector<GivenFlag> FlagTable::split(const std::vector<std::string>& args) const {
    const std::string see = " (see " + command_ + " --help)";
    std::vector<GivenFlag> given;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        const auto equals = name.find('=');
        const bool inline_value = name.rfind("--", 0) == 0 && equals != std::string::npos;
        if (inline_value) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        const Flag* flag = find(name);
        if (!flag) {
            std::vector<std::string> names;
            for (const auto& known : flags_)
                if (!known.hidden) names.push_back(known.name);
            if (name.rfind("-", 0) == 0)
                throw engine::ParamError("unknown option '" + name + "'" + engine::did_you_mean(name, names) + see);
            throw engine::ParamError("unexpected argument '" + name + "' (options start with --)" + see);
        }
        if (!flag->value_name.empty() && !inline_value) {
            if (i + 1 >= args.size())
                throw engine::ParamError(name + " needs a value: " + name + " " + flag->value_name + see);
            value = args[++i];
        } else if (flag->value_name.empty() && inline_value) {
            throw engine::ParamError(name + " takes no value" + see);
        }
        given.push_back({flag, value});
    }
    return given;
}

void FlagTable::parse(const std::vector<std::string>& args) const {
    for (const auto& given : split(args))
        if (given.flag->apply) given.flag->apply(given.value);
}

std::string FlagTable::help() const {
    std::string text;
    for (const auto& flag : flags_) {
        if (flag.hidden) continue;
        std::string left = "  " + flag.name + (flag.value_name.empty() ? "" : " " + flag.value_name);
        if (left.size() < kHelpColumn) left.resize(kHelpColumn, ' ');
        else left += "\n" + std::string(kHelpColumn, ' ');
        text += left + wrapped(flag.help) + "\n";
    }
    return text;
}

bool wants_help(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; });
}

}  // namespace cmdline
