#pragma once
// gramstudio-cli's entry point: picks the command and turns errors into exit codes.
namespace cli {

// Exit codes (documented in --help).
enum ExitCode {
    kExitOk = 0,
    kExitInternal = 1,     // a bug or an unexpected library error
    kExitUsage = 2,        // engine::ParamError: unknown flag, bad value
    kExitInput = 3,        // engine::InputError, engine::ResourceError, network failures
    kExitOutput = 4,       // engine::OutputError
    kExitInterrupt = 130,  // Ctrl-C
};

int main(int argc, char** argv);

}  // namespace cli
