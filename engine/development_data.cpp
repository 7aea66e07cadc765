#include "engine/development_data.h"

#include <filesystem>
#include <fstream>

namespace engine {

const char* const kDevelopmentDataFile = "gramstudio-development-data.txt";

std::string development_data_dir() {
    namespace fs = std::filesystem;
    std::error_code error;
    // The executable's own folder, not the working directory: a build tree is found by where the
    // binary sits, whatever folder it is started from.
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) return "";
    std::ifstream file(executable.parent_path() / kDevelopmentDataFile);
    std::string dir;
    if (!file || !std::getline(file, dir) || dir.empty() || !fs::is_directory(dir, error)) return "";
    return dir;
}

}  // namespace engine
