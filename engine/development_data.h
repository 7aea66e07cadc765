#pragma once
// The development data folder (../shared beside the source tree: the small weights file and the
// sample images) that a build tree's binaries may use. The build writes its path into a file
// beside the binaries it builds (build/bin/gramstudio-development-data.txt); installed binaries
// have no such file, so they never look at the build tree and contain none of its paths.
#include <string>

namespace engine {

// The name of the file beside a build tree's binaries that holds the folder's path.
extern const char* const kDevelopmentDataFile;

// The folder named by that file beside the running executable, when it exists; "" for an
// installed binary (or a build tree without the folder).
std::string development_data_dir();

}  // namespace engine
