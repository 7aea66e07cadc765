#include "engine/weights_locator.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "engine/development_data.h"
#include "engine/errors.h"
#include "engine/safetensors.h"
#include "engine/vgg19.h"

namespace engine {

namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// Conv layers a file holds in order from conv1_1, read from its header only; -1 when the
// file is not a readable safetensors file.
int conv_layer_count(const fs::path& file) {
    try {
        const SafetensorsHeader header = read_safetensors_header(file.string());
        int count = 0;
        for (const auto& layer : vgg19_layer_names()) {
            const std::string prefix = "features." + std::to_string(vgg19_feature_index(layer));
            if (!header.tensors.count(prefix + ".weight") || !header.tensors.count(prefix + ".bias")) break;
            ++count;
        }
        return count;
    } catch (const Error&) {
        return -1;
    }
}

// The .safetensors file with the most conv layers in `dir` (ties: the first name), or "" with
// `why` saying what was found instead.
std::string best_in_folder(const fs::path& dir, std::string& why) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
        why = "no such folder";
        return "";
    }
    std::vector<fs::path> candidates;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        if (it->path().extension() == ".safetensors" && fs::is_regular_file(it->path(), error))
            candidates.push_back(it->path());
    }
    if (error) {
        why = "cannot list (" + error.message() + ")";
        return "";
    }
    std::sort(candidates.begin(), candidates.end());
    std::string best;
    int best_count = 0;
    for (const auto& file : candidates) {
        const int count = conv_layer_count(file);
        if (count > best_count) {  // strictly more: the first name wins a tie
            best = file.string();
            best_count = count;
        }
    }
    if (best.empty())
        why = candidates.empty() ? "no .safetensors files"
                                 : std::to_string(candidates.size()) + " .safetensors file(s), none with VGG-19 conv layers";
    return best;
}

// An explicit path or $GRAMSTUDIO_WEIGHTS: a file is taken as is, a folder is searched.
std::string resolve_given(const std::string& path, const std::string& origin) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
        std::string why;
        const std::string best = best_in_folder(path, why);
        if (best.empty()) throw InputError(origin + path + ": no VGG-19 weights in this folder (" + why + ")");
        return best;
    }
    if (!fs::exists(path, error)) throw InputError(origin + path + " does not exist");
    return path;
}

}  // namespace

std::string user_data_dir(const std::string& folder) {
    const std::string xdg = env("XDG_DATA_HOME");
    // The XDG spec ignores relative paths.
    if (!xdg.empty() && fs::path(xdg).is_absolute()) return (fs::path(xdg) / "gramstudio" / folder).string();
    const std::string home = env("HOME");
    if (home.empty()) return "";
    return (fs::path(home) / ".local" / "share" / "gramstudio" / folder).string();
}

std::string user_models_dir() { return user_data_dir("models"); }

std::vector<std::string> weights_search_dirs() {
    std::vector<std::string> dirs;
    const std::string user = user_models_dir();
    if (!user.empty()) dirs.push_back(user);
    const std::string development = development_data_dir();  // "" when installed
    if (!development.empty()) dirs.push_back(development + "/models");
    return dirs;
}

std::string find_weights(const std::string& explicit_path) {
    if (!explicit_path.empty()) return resolve_given(explicit_path, "weights file ");
    const std::string from_env = env("GRAMSTUDIO_WEIGHTS");
    if (!from_env.empty()) return resolve_given(from_env, "GRAMSTUDIO_WEIGHTS=");

    std::string looked = "no explicit path given; GRAMSTUDIO_WEIGHTS not set";
    for (const auto& dir : weights_search_dirs()) {
        std::string why;
        const std::string best = best_in_folder(dir, why);
        if (!best.empty()) return best;
        looked += "; " + dir + " (" + why + ")";
    }
    const std::string user = user_models_dir();
    throw InputError("no VGG-19 weights file found. Looked at: " + looked +
                     ". Download them with `gramstudio-cli fetch-weights` (into " +
                     (user.empty() ? std::string("the folder given with --dest") : user) +
                     "), or put a .safetensors file (e.g. timm/vgg19.tv_in1k model.safetensors) there, "
                     "or set GRAMSTUDIO_WEIGHTS");
}

}  // namespace engine
