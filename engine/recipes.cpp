#include "engine/recipes.h"

#include <algorithm>
#include <filesystem>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/params_json.h"
#include "engine/vgg19.h"
#include "engine/weights_locator.h"

namespace engine {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kClassicStyleLayers = "conv1_1,conv2_1,conv3_1,conv4_1,conv5_1";

std::vector<Recipe> make_builtins() {
    // Weights are in Gram Studio's normalized convention (each loss divided by its value for a
    // black image, README "The maths"): a ratio a paper states carries over; raw weights of code
    // that sums unnormalized losses depend on the image and do not, so those keep our defaults.
    return {
        {"gatys2015",
         "The paper (Gatys et al. 2015): conv1_1..conv5_1 equally, content conv4_2, L-BFGS from white noise, "
         "average pooling, content:style 1:1000, no TV",
         {{"style_layers", kClassicStyleLayers}, {"content_layer", "conv4_2"}, {"style_loss", "full"},
          {"content_weight", 1.0}, {"style_weight", 1000.0}, {"tv_weight", 0.0}, {"tv_exponent", 1.0},
          {"optimizer", "lbfgs"}, {"learning_rate", 0.0}, {"lr_decay", 1.0}, {"init", "noise"}, {"pooling", "avg"},
          {"iterations", 500}, {"scales", 1}},
         0},
        {"keras-example",
         "The Keras example: style block1..5_conv1, content block5_conv2, SGD with its rate decayed 0.96 every "
         "100 steps, TV exponent 1.25, max pooling, from the photo, a snapshot every 100 (N_l as in the paper)",
         {{"style_layers", kClassicStyleLayers}, {"content_layer", "conv5_2"}, {"style_loss", "full"},
          {"optimizer", "sgd"}, {"learning_rate", 0.0}, {"lr_decay", 0.96}, {"lr_decay_steps", 100},
          {"tv_exponent", 1.25}, {"init", "content"}, {"pooling", "max"}, {"iterations", 4000}, {"scales", 1}},
         100},
        {"fastai-lesson8",
         "fast.ai lesson 8: style block1..5_conv2, content block4_conv2, L-BFGS from noise, average pooling",
         {{"style_layers", "conv1_2,conv2_2,conv3_2,conv4_2,conv5_2"}, {"content_layer", "conv4_2"},
          {"style_loss", "full"}, {"optimizer", "lbfgs"}, {"learning_rate", 0.0}, {"lr_decay", 1.0},
          {"tv_exponent", 1.0}, {"init", "noise"}, {"pooling", "avg"}, {"iterations", 200}, {"scales", 1}},
         0},
        {"neural-style",
         "jcjohnson/neural-style's defaults: relu1_1..relu5_1, content relu4_2, weights 5 / 100 / 0.001, L-BFGS "
         "from noise, max pooling, 1000 iterations",
         {{"style_layers", kClassicStyleLayers}, {"content_layer", "conv4_2"}, {"style_loss", "full"},
          {"content_weight", 5.0}, {"style_weight", 100.0}, {"tv_weight", 0.001}, {"tv_exponent", 1.0},
          {"optimizer", "lbfgs"}, {"learning_rate", 0.0}, {"lr_decay", 1.0}, {"init", "noise"}, {"pooling", "max"},
          {"iterations", 1000}, {"scales", 1}, {"style_scale", 1.0}},
         0},
    };
}

std::string names_text() {
    std::string text;
    for (const auto& recipe : builtin_recipes()) text += (text.empty() ? "" : ", ") + recipe.name;
    for (const auto& recipe : user_recipes()) text += ", " + recipe.name;
    return text;
}

bool valid_name(const std::string& name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace

const std::vector<Recipe>& builtin_recipes() {
    static const std::vector<Recipe> recipes = make_builtins();
    return recipes;
}

std::string user_recipes_dir() { return user_data_dir("recipes"); }

std::vector<Recipe> user_recipes() {
    std::vector<Recipe> recipes;
    const std::string dir = user_recipes_dir();
    std::error_code error;
    if (dir.empty() || !fs::is_directory(dir, error)) return recipes;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.path().extension() != ".json") continue;
        try {
            recipes.push_back(read_recipe(entry.path().string()));
        } catch (const Error&) {
            // A broken file is not offered; --recipe with its path says what is wrong with it.
        }
    }
    std::sort(recipes.begin(), recipes.end(), [](const Recipe& a, const Recipe& b) { return a.name < b.name; });
    return recipes;
}

Recipe read_recipe(const std::string& path) {
    const json document = read_json_object(path, "recipe");
    Recipe recipe;
    recipe.name = fs::path(path).stem().string();
    const bool wrapped = document.contains("params");  // a recipe or a run record; else bare parameters
    if (wrapped && !document["params"].is_object()) throw InputError(path + ": \"params\" is not a JSON object");
    recipe.params = wrapped ? document["params"] : document;
    if (document.value("format", std::string()) == kRecipeFormat) {
        if (document.contains("name") && document["name"].is_string()) recipe.name = document["name"].get<std::string>();
        if (document.contains("description") && document["description"].is_string())
            recipe.description = document["description"].get<std::string>();
        if (document.contains("snapshot_every") && document["snapshot_every"].is_number_integer())
            recipe.snapshot_every = std::max(0, document["snapshot_every"].get<int>());
    }
    try {
        apply_recipe(Params{}, recipe);  // a value out of range or a misspelt key: refused now, naming the file
    } catch (const ParamError& e) {
        throw InputError(path + ": " + e.what());
    }
    return recipe;
}

Recipe find_recipe(const std::string& name_or_path) {
    for (const auto& recipe : builtin_recipes())
        if (recipe.name == name_or_path) return recipe;
    for (const auto& recipe : user_recipes())
        if (recipe.name == name_or_path) return recipe;
    std::error_code error;
    if (fs::is_regular_file(name_or_path, error)) return read_recipe(name_or_path);
    throw ParamError("unknown recipe '" + name_or_path + "' (recipes: " + names_text() + "; or a recipe file's path)");
}

std::string save_user_recipe(const std::string& name, const Params& params, int snapshot_every) {
    if (!valid_name(name))
        throw ParamError("recipe name '" + name + "': use letters, digits, - and _ (at most 64)");
    for (const auto& recipe : builtin_recipes())
        if (recipe.name == name) throw ParamError("recipe name '" + name + "' is a built-in recipe's: choose another");
    validate(params);
    const std::string dir = user_recipes_dir();
    if (dir.empty()) throw OutputError("no folder for recipes: neither $XDG_DATA_HOME nor $HOME is set");
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) throw OutputError("cannot create the recipe folder " + dir + ": " + error.message());
    const std::string path = (fs::path(dir) / (name + ".json")).string();
    const json document = {{"format", kRecipeFormat},
                           {"name", name},
                           {"description", "saved settings"},
                           {"params", params_to_json(params)},
                           {"snapshot_every", snapshot_every}};
    write_file_atomic(path, document.dump(2) + "\n");
    return path;
}

Params apply_recipe(const Params& base, const Recipe& recipe) {
    json merged = params_to_json(base);
    try {
        if (!recipe.params.is_object()) throw ParamError("its parameters are not a JSON object");
        merged.update(recipe.params);
        return params_from_json(merged);
    } catch (const ParamError& e) {
        throw ParamError("recipe " + recipe.name + ": " + e.what());
    }
}

std::string fit_layers_to_model(Params& params, const Vgg19Impl& model) {
    std::vector<std::string> dropped;
    std::vector<StyleLayer> kept;
    for (const auto& layer : params.style_layers) {
        if (model.has_layer(layer.name))
            kept.push_back(layer);
        else
            dropped.push_back(layer.name);
    }
    std::string content_note;
    if (!params.content_layer.empty() && !model.has_layer(params.content_layer)) {
        content_note = params.content_layer + " (content layer " + model.default_content_layer() + " instead)";
        params.content_layer = model.default_content_layer();
    }
    if (kept.empty() && !params.style_layers.empty()) {
        // Nothing left: the model's own style layers rather than none.
        kept = model.default_style_layers();
    }
    params.style_layers = kept;
    if (dropped.empty() && content_note.empty()) return {};
    std::string text;
    for (const auto& name : dropped) text += (text.empty() ? "" : ", ") + name;
    if (!dropped.empty()) text += " (left out)";
    if (!content_note.empty()) text += (text.empty() ? "" : " and ") + content_note;
    return "the weights lack " + text;
}

}  // namespace engine
