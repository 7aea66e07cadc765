#pragma once
// Recipes: named settings that reproduce a classic setup (layers, weights, loss, optimizer and
// schedule), built in or saved by the user (JSON, the sidecar's parameter keys). The CLI's
// --recipe and the window's Recipe menu both read them here.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/params.h"

namespace engine {

class Vgg19Impl;

struct Recipe {
    std::string name;         // "gatys2015"
    std::string description;  // one line for menus and help
    nlohmann::json params;    // the parameters it sets, by the sidecar's keys; the others are left as they are
    int snapshot_every = 0;   // a snapshot every N iterations; 0: left as it is
};

inline constexpr const char* kRecipeFormat = "gramstudio-recipe";

// gatys2015, keras-example, fastai-lesson8, neural-style.
const std::vector<Recipe>& builtin_recipes();
// Where the user's recipes are kept: user_data_dir("recipes").
std::string user_recipes_dir();
// The user's recipes that read (a broken file is left out), by name.
std::vector<Recipe> user_recipes();
// A built-in or user recipe by name, else a recipe, record or parameters file by path. Throws
// ParamError listing the names for an unknown name, InputError naming a file that does not read.
Recipe find_recipe(const std::string& name_or_path);
// A recipe file ({"format": "gramstudio-recipe", "name", "description", "params", "snapshot_every"}),
// or a record or bare parameters file taken as one (named after the file). Throws InputError.
Recipe read_recipe(const std::string& path);
// Saves `params` (every key) as the user's recipe `name` (letters, digits, - and _; a built-in's
// name is refused) and returns its path. Throws ParamError for the name, OutputError naming the file.
std::string save_user_recipe(const std::string& name, const Params& params, int snapshot_every = 0);
// `base` with the recipe's parameters; throws ParamError prefixed with the recipe's name.
Params apply_recipe(const Params& base, const Recipe& recipe);
// Drops the style layers the model lacks and replaces a missing content layer by the model's
// default; returns one line saying what changed (empty: nothing), e.g. "the weights lack conv4_1,
// conv5_1 (left out) and conv4_2 (content layer conv3_2 instead)".
std::string fit_layers_to_model(Params& params, const Vgg19Impl& model);

}  // namespace engine
