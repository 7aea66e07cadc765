// The nearest-name suggestion and the duration text the front ends show.
#include "catch_checks.h"

#include <limits>

#include "engine/user_text.h"

using engine::did_you_mean;
using engine::format_duration;
using engine::nearest_name;

TEST_CASE("nearest_name finds likely misspellings and nothing else", "[user_text]") {
    const std::vector<std::string> flags{"--size", "--iters", "--style", "--style-weight", "--seed", "--scales"};
    CHECK(nearest_name("--iter", flags) == "--iters");                 // a letter missing
    CHECK(nearest_name("--style-wieght", flags) == "--style-weight");  // two letters swapped
    CHECK(nearest_name("--SIZE", flags) == "--size");                  // case ignored
    CHECK(nearest_name("--scale", flags) == "--scales");
    CHECK(nearest_name("--frobnicate", flags).empty());
    CHECK(nearest_name("--x", flags).empty());  // too short to guess from
    CHECK(did_you_mean("--iter", flags) == " (did you mean '--iters'?)");
    CHECK(did_you_mean("--frobnicate", flags).empty());
}

TEST_CASE("format_duration writes minutes:seconds, hours when needed", "[user_text]") {
    CHECK(format_duration(0) == "0:00");
    CHECK(format_duration(65) == "1:05");
    CHECK(format_duration(83.4) == "1:23");
    CHECK(format_duration(3599.6) == "1:00:00");
    CHECK(format_duration(7384) == "2:03:04");
    CHECK(format_duration(-1) == "?");
    CHECK(format_duration(std::numeric_limits<double>::infinity()) == "?");
}
