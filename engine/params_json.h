#pragma once
// engine::Params <-> JSON, for the snapshot sidecar, the GUI's settings and reproducible runs.
#include <string>
#include <vector>

#include "engine/params.h"

#include <nlohmann/json.hpp>

namespace engine {

nlohmann::json params_to_json(const Params& params);
// Missing keys keep their defaults, except "padding": without it the parameters predate
// reflection padding and read as Padding::Zero, the padding they were run with. Wrong types or
// values throw ParamError naming the key, and so does a key that is not a parameter (a misspelt
// "style_wieght" would otherwise be ignored silently), with the nearest parameter suggested.
Params params_from_json(const nlohmann::json& json);
// A JSON object read from a file (a parameters file, a record, a recipe): throws InputError naming
// `path` when it cannot be opened ("cannot open the WHAT file"), is not JSON or not an object.
nlohmann::json read_json_object(const std::string& path, const std::string& what);
// The keys params_to_json writes: the only keys params_from_json accepts.
std::vector<std::string> param_keys();

}  // namespace engine
