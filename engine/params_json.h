#pragma once
// engine::Params <-> JSON, for the snapshot sidecar, the GUI's settings and reproducible runs.
#include "engine/params.h"

#include <nlohmann/json.hpp>

namespace engine {

nlohmann::json params_to_json(const Params& params);
// Missing keys keep their defaults, except "padding": without it the parameters predate
// reflection padding and read as Padding::Zero, the padding they were run with. Wrong types or
// values throw ParamError naming the key.
Params params_from_json(const nlohmann::json& json);

}  // namespace engine
