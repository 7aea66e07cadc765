#pragma once
// Where model weights are found, in order: an explicit path; $GRAMSTUDIO_WEIGHTS; the user data
// folder ($XDG_DATA_HOME or ~/.local/share, then gramstudio/models/); in a build tree only,
// ../shared/models/ beside the source tree (development and CI; engine/development_data.h).
#include <string>
#include <vector>

namespace engine {

// A folder of the user's data: $XDG_DATA_HOME/gramstudio/FOLDER or ~/.local/share/gramstudio/FOLDER
// (empty when neither variable is set).
std::string user_data_dir(const std::string& folder);
// The user data folder for weights: user_data_dir("models").
std::string user_models_dir();

// The folders searched after the explicit path and the environment variable, in order.
std::vector<std::string> weights_search_dirs();

// Returns the weights file to use; throws InputError listing every place looked at when none is
// found, or naming the explicit path when it does not exist.
std::string find_weights(const std::string& explicit_path = "");

}  // namespace engine
