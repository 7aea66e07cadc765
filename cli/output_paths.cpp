#include "cli/output_paths.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "engine/errors.h"
#include "record/snapshot_names.h"

namespace cli {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Creates `folder` when missing and writes (then removes) a probe file in it.
void require_writable_folder(const fs::path& folder, const std::string& for_what, const std::string& file) {
    std::error_code error;
    const fs::path dir = folder.empty() ? fs::path(".") : folder;
    if (!fs::is_directory(dir, error)) {
        fs::create_directories(dir, error);
        if (error) throw engine::OutputError(file + ": cannot create the folder " + dir.string() + " for " + for_what + " (" + error.message() + ")");
    }
    std::string probe = (dir / ".gramstudio-write-test-XXXXXX").string();
    const int fd = mkstemp(probe.data());
    if (fd < 0)
        throw engine::OutputError(file + ": the folder " + dir.string() + " is not writable (" + std::strerror(errno) + ")");
    close(fd);
    std::remove(probe.c_str());
}

void require_not_folder(const std::string& path) {
    std::error_code error;
    if (fs::is_directory(path, error)) throw engine::OutputError(path + ": is a folder; name a file to write");
}

struct NamedOutput {
    std::string what;
    const std::string* path;
};

void refuse_overlaps(const OutputPaths& paths, const std::vector<NamedOutput>& outputs,
                     const std::vector<NamedInput>& inputs) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const std::string& out = *outputs[i].path;
        if (out.empty()) continue;
        for (const auto& input : inputs)
            if (!input.path.empty() && same_file(out, input.path))
                throw engine::OutputError(outputs[i].what + " '" + out + "' is the same file as " + input.what + " '" +
                                          input.path + "': the run would replace it; choose another output file");
        for (std::size_t j = 0; j < i; ++j)
            if (!outputs[j].path->empty() && same_file(out, *outputs[j].path))
                throw engine::OutputError(outputs[i].what + " '" + out + "' is the same file as " + outputs[j].what +
                                          " '" + *outputs[j].path + "': one would overwrite the other");
    }
    if (paths.snapshot_dir.empty()) return;
    for (const auto& input : inputs) {
        if (input.path.empty()) continue;
        const fs::path in(input.path);
        if (same_file(in.parent_path().empty() ? "." : in.parent_path().string(), paths.snapshot_dir) &&
            in.filename().string().rfind("iter_", 0) == 0 && in.extension() == ".png")
            throw engine::OutputError(input.what + " '" + input.path + "' lies in --snapshot-dir " + paths.snapshot_dir +
                                      " with a snapshot's name: a snapshot would replace it; choose another folder");
    }
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
    std::error_code error;
    if (fs::exists(a, error) && fs::exists(b, error)) return fs::equivalent(a, b, error) && !error;
    const fs::path left = fs::weakly_canonical(fs::absolute(a, error), error);
    if (error) return false;
    const fs::path right = fs::weakly_canonical(fs::absolute(b, error), error);
    return !error && left == right;
}

OutputPaths plan_outputs(const RunOptions& o, const std::vector<NamedInput>& inputs) {
    if (lower(fs::path(o.out).extension().string()) != ".png")
        throw engine::ParamError("--out must name a .png file (got '" + o.out + "')");
    if (!o.timelapse.empty()) {
        const std::string ext = lower(fs::path(o.timelapse).extension().string());
        if (ext != ".avi" && ext != ".mp4")
            throw engine::ParamError("--timelapse must name an .avi or .mp4 file (got '" + o.timelapse + "')");
    }
    OutputPaths paths;
    paths.out = o.out;
    if (o.params.compare) {
        const std::vector<std::string> names = record::variant_names(o.params, 2);
        paths.out_main = record::variant_path(o.out, names[0]);
        paths.out_compare = record::variant_path(o.out, names[1]);
    }
    paths.snapshot_dir = o.snapshot_dir;
    paths.sidecar = !o.sidecar.empty() ? o.sidecar
                    : !o.snapshot_dir.empty() ? (fs::path(o.snapshot_dir) / "run.json").string()
                                              : "";
    paths.timelapse = o.timelapse;
    refuse_overlaps(paths,
                    {{"--out", &paths.out},
                     {"the compare variant (OUT_" + engine::to_string(o.params.style_loss) + ".png)", &paths.out_main},
                     {"the compare variant (OUT_" + engine::to_string(o.params.compare_loss) + ".png)", &paths.out_compare},
                     {o.sidecar.empty() ? "the sidecar (--snapshot-dir's run.json)" : "--sidecar", &paths.sidecar},
                     {"--timelapse", &paths.timelapse}},
                    inputs);

    for (const auto* file : {&paths.out, &paths.out_main, &paths.out_compare, &paths.sidecar, &paths.timelapse}) {
        if (file->empty()) continue;
        require_not_folder(*file);
        require_writable_folder(fs::path(*file).parent_path(), "the output", *file);
    }
    if (!paths.snapshot_dir.empty()) {
        require_writable_folder(paths.snapshot_dir, "the snapshots", paths.snapshot_dir);
        paths.earlier_run = check_snapshot_folder(paths.snapshot_dir, o.overwrite);
    }
    return paths;
}

}  // namespace cli
