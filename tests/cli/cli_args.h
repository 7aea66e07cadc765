#pragma once
// Command lines for the end-to-end tests of gramstudio-cli: a quick run to extend.
#include <string>
#include <vector>

#include "process.h"
#include "test_paths.h"

namespace cli_test {

// building.jpg in the style of starry_night.jpg at 64 px, 12 iterations, 2 threads, quiet, with
// the JSON summary, writing `out` inside `dir`.
inline std::vector<std::string> small_run_args(const TempDir& dir, const std::string& out) {
    return {"--content", test_paths::image("building.jpg"), "--style", test_paths::image("starry_night.jpg"),
            "--out", dir / out, "--size", "64", "--iters", "12", "--threads", "2", "--quiet", "--json"};
}

// `args` followed by `extra`.
inline std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& extra) {
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace cli_test
