#pragma once
// Small pieces of text the front ends show: the known name nearest to a misspelt one (for
// "did you mean ...?") and a duration as "1:05" or "2:03:04". No Qt, no LibTorch.
#include <string>
#include <vector>

namespace engine {

// The entry of `known` closest to `given` by edit distance (insertions, deletions,
// substitutions and swaps of neighbours; case ignored), or "" when none is close enough to be a
// likely misspelling (at most a third of the longer name's letters differ, and at most 3).
std::string nearest_name(const std::string& given, const std::vector<std::string>& known);
// " (did you mean 'style_weight'?)" or "" when nothing is near.
std::string did_you_mean(const std::string& given, const std::vector<std::string>& known);

// "1:05" (minutes:seconds) or "2:03:04"; "?" for a negative or non-finite value.
std::string format_duration(double seconds);

}  // namespace engine
