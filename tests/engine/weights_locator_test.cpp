#include "catch_checks.h"

#include <filesystem>

#include "engine/development_data.h"
#include "engine/errors.h"
#include "engine/weights_locator.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

using namespace engine;
using namespace test_files;
using Catch::Matchers::Contains;

namespace fs = std::filesystem;

namespace {

// The user folder of weights inside a temp XDG_DATA_HOME, created.
std::string make_user_models_dir(const TempDir& xdg) {
    const fs::path dir = xdg.path() / "gramstudio" / "models";
    fs::create_directories(dir);
    return dir.string();
}

}  // namespace

TEST_CASE("the user models folder follows XDG_DATA_HOME, then HOME", "[weights_locator]") {
    {
        ScopedEnv xdg("XDG_DATA_HOME", "/data/xdg");
        CHECK(user_models_dir() == "/data/xdg/gramstudio/models");
    }
    {
        ScopedEnv xdg("XDG_DATA_HOME", std::nullopt);
        ScopedEnv home("HOME", "/home/someone");
        CHECK(user_models_dir() == "/home/someone/.local/share/gramstudio/models");
    }
    {
        ScopedEnv xdg("XDG_DATA_HOME", "relative/dir");  // ignored, as the XDG spec says
        ScopedEnv home("HOME", "/home/someone");
        CHECK(user_models_dir() == "/home/someone/.local/share/gramstudio/models");
    }
}

TEST_CASE("a build tree's binaries find the development folder through the file beside them", "[weights_locator]") {
    // This test binary sits in build/bin, where CMake wrote gramstudio-development-data.txt; an
    // installed binary has no such file (tests/packaging/package_test.sh runs one).
    CHECK(development_data_dir() == test_paths::shared_dir());
}

TEST_CASE("search folders: the user folder, then the shared models folder", "[weights_locator]") {
    ScopedEnv xdg("XDG_DATA_HOME", "/data/xdg");
    CHECK(weights_search_dirs() ==
          std::vector<std::string>{"/data/xdg/gramstudio/models", test_paths::shared_dir() + "/models"});
}

TEST_CASE("an explicit path wins and must exist", "[weights_locator]") {
    TempDir dir;
    const std::string file = dir.file("mine.safetensors");
    write_safetensors(file, vgg_prefix(1));
    ScopedEnv env("GRAMSTUDIO_WEIGHTS", test_paths::weights_file());
    CHECK(find_weights(file) == file);
    CHECK_THROWS_WITH(find_weights(dir.file("nope.safetensors")),
                      Contains(dir.file("nope.safetensors")) && Contains("does not exist"));
    CHECK_THROWS_AS(find_weights(dir.file("nope.safetensors")), InputError);
}

TEST_CASE("GRAMSTUDIO_WEIGHTS comes before the search folders", "[weights_locator]") {
    TempDir dir;
    const std::string file = dir.file("env.safetensors");
    write_safetensors(file, vgg_prefix(1));
    {
        ScopedEnv env("GRAMSTUDIO_WEIGHTS", file);
        CHECK(find_weights() == file);
    }
    {
        ScopedEnv env("GRAMSTUDIO_WEIGHTS", dir.file("gone.safetensors"));
        CHECK_THROWS_WITH(find_weights(), Contains("GRAMSTUDIO_WEIGHTS=" + dir.file("gone.safetensors")) &&
                                              Contains("does not exist"));
    }
    {
        TempDir empty;
        ScopedEnv env("GRAMSTUDIO_WEIGHTS", empty.path().string());
        CHECK_THROWS_WITH(find_weights(), Contains("no VGG-19 weights in this folder (no .safetensors files)"));
    }
}

TEST_CASE("in a folder the file with the most conv layers wins, ties by name", "[weights_locator]") {
    TempDir xdg;
    const std::string models = make_user_models_dir(xdg);
    ScopedEnv xdg_env("XDG_DATA_HOME", xdg.path().string());
    ScopedEnv weights_env("GRAMSTUDIO_WEIGHTS", std::nullopt);

    write_safetensors(models + "/a-one.safetensors", vgg_prefix(1));
    write_bytes(models + "/broken.safetensors", "not a safetensors file");
    write_safetensors(models + "/c-two.safetensors", vgg_prefix(2));
    write_safetensors(models + "/d-two.safetensors", vgg_prefix(2));
    write_safetensors(models + "/z-two-weights.bin", vgg_prefix(3));  // not a .safetensors name
    CHECK(find_weights() == models + "/c-two.safetensors");
    write_safetensors(models + "/e-three.safetensors", vgg_prefix(3));
    CHECK(find_weights() == models + "/e-three.safetensors");
    // An explicit folder is searched the same way.
    CHECK(find_weights(models) == models + "/e-three.safetensors");
}

TEST_CASE("without user weights the shared development file is found", "[weights_locator]") {
    TempDir xdg;
    const std::string models = make_user_models_dir(xdg);
    write_bytes(models + "/junk.safetensors", "");  // unreadable files are skipped
    ScopedEnv xdg_env("XDG_DATA_HOME", xdg.path().string());
    ScopedEnv weights_env("GRAMSTUDIO_WEIGHTS", std::nullopt);
    CHECK(fs::equivalent(find_weights(), test_paths::weights_file()));
}
