#pragma once
// One argument parser for gramstudio-cli (and its subcommands), gramstudio-bench and the window:
// a table of flags ("--name VALUE" or a switch, help text, what the value does), "--flag value"
// and "--flag=value", unknown flags refused with the nearest known one suggested, and the help
// text made from the same table. Errors are engine::ParamError (the CLI's exit code 2).
#include <functional>
#include <string>
#include <vector>

namespace cmdline {

struct Flag {
    std::string name;        // "--size"
    std::string value_name;  // "N"; empty: a switch, which takes no value
    std::string help;
    std::function<void(const std::string& value)> apply;  // may throw ParamError for a bad value
    bool hidden = false;     // accepted but not listed in the help (testing flags)
};

// One flag as it was given.
struct GivenFlag {
    const Flag* flag;
    std::string value;  // "" for a switch
};

class FlagTable {
public:
    // `command` names the program in messages: "gramstudio-cli", "gramstudio-cli layers".
    explicit FlagTable(std::string command);

    FlagTable& add(Flag flag);
    FlagTable& add_switch(const std::string& name, const std::string& help, bool& target);
    FlagTable& add_text(const std::string& name, const std::string& value_name, const std::string& help,
                        std::string& target);

    // Splits `args` (without the program name) into the flags given, in order. Throws ParamError
    // for an unknown flag (naming the nearest known one), a stray word, a missing value or a
    // value given to a switch.
    std::vector<GivenFlag> split(const std::vector<std::string>& args) const;
    // split() and then each flag's apply() in the order given.
    void parse(const std::vector<std::string>& args) const;

    // "  --size N                  longest side ..." lines, in the order added, hidden ones left out.
    std::string help() const;
    const Flag* find(const std::string& name) const;
    const std::string& command() const { return command_; }

private:
    std::string command_;
    std::vector<Flag> flags_;
};

// True when the arguments ask for help: -h or --help anywhere.
bool wants_help(const std::vector<std::string>& args);

}  // namespace cmdline
