#include "cli/simple_flags.h"

#include <algorithm>

#include "engine/errors.h"

namespace cli {

std::map<std::string, std::string> parse_simple_flags(const std::vector<std::string>& args,
                                                      const std::vector<std::string>& value_flags,
                                                      const std::vector<std::string>& switches,
                                                      const std::string& command) {
    auto listed = [](const std::vector<std::string>& list, const std::string& name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    const std::string see = " (see gramstudio-cli " + command + " --help)";
    std::map<std::string, std::string> flags;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        const auto equals = name.find('=');
        const bool inline_value = name.rfind("--", 0) == 0 && equals != std::string::npos;
        if (inline_value) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (listed(switches, name)) {
            if (inline_value) throw engine::ParamError(name + " takes no value" + see);
        } else if (listed(value_flags, name)) {
            if (!inline_value) {
                if (i + 1 >= args.size()) throw engine::ParamError(name + " needs a value" + see);
                value = args[++i];
            }
        } else if (name.rfind("-", 0) == 0) {
            throw engine::ParamError("unknown option '" + name + "' for " + command + see);
        } else {
            throw engine::ParamError("unexpected argument '" + name + "' for " + command + see);
        }
        flags[name] = value;
    }
    return flags;
}

}  // namespace cli
