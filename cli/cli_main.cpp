#include "cli/cli_main.h"

#include <iostream>
#include <string>
#include <vector>

#include "cli/fetch_weights_command.h"
#include "download/http_fetch.h"
#include "cli/layers_command.h"
#include "cli/run_command.h"
#include "engine/errors.h"

namespace cli {

namespace {

int dispatch(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "layers") return layers_command({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "fetch-weights") return fetch_weights_command({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "--version") {
        std::cout << "gramstudio-cli " << GRAMSTUDIO_VERSION << "\n";
        return kExitOk;
    }
    return run_command(args);
}

int fail(const char* kind, const std::exception& e, int code) {
    std::cerr << "gramstudio-cli: " << kind << e.what() << "\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return dispatch(args);
    } catch (const engine::ParamError& e) {
        return fail("error: ", e, kExitUsage);
    } catch (const engine::InputError& e) {
        return fail("input error: ", e, kExitInput);
    } catch (const engine::ResourceError& e) {
        return fail("not enough memory (treated as an input error, exit 3): ", e, kExitInput);
    } catch (const engine::OutputError& e) {
        return fail("output error: ", e, kExitOutput);
    } catch (const download::Cancelled&) {
        std::cerr << "gramstudio-cli: interrupted; the partial download is kept for the next attempt\n";
        return kExitInterrupt;
    } catch (const std::exception& e) {
        return fail("internal error: ", e, kExitInternal);
    }
}

}  // namespace cli
