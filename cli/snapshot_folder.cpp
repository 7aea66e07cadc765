#include "cli/snapshot_folder.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/errors.h"

namespace cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_snapshot_name(const std::string& name) {
    static const std::regex pattern("iter_[0-9]{4,}(_[a-z0-9]+)?\\.png");  // a compare variant: iter_0010_diag.png
    return std::regex_match(name, pattern);
}

std::vector<std::string> snapshot_files_in(const fs::path& folder) {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        if (is_snapshot_name(it->path().filename().string())) names.push_back(it->path().filename().string());
    return names;
}

json read_record(const fs::path& record) {
    std::ifstream file(record, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    try {
        return json::parse(text.str());
    } catch (const json::exception&) {
        return json();
    }
}

}  // namespace

EarlierRun check_snapshot_folder(const std::string& folder_text, bool overwrite) {
    const fs::path folder(folder_text);
    const fs::path record = folder / "run.json";
    std::error_code error;
    const bool has_record = fs::exists(record, error);
    const std::vector<std::string> snapshots = snapshot_files_in(folder);
    if (!has_record && snapshots.empty()) return {};
    const std::string rule = "; choose another --snapshot-dir (a new folder), or add --overwrite to remove the earlier "
                             "run's snapshots and run.json first (nothing else in the folder is touched)";
    if (!has_record)
        throw engine::OutputError(folder_text + ": already holds snapshots (" + snapshots.front() +
                                  ") that the new run would overwrite; choose another --snapshot-dir (a new folder)");
    const json document = read_record(record);
    if (!document.is_object() || document.value("format", "") != "gramstudio-run")
        throw engine::OutputError(record.string() +
                                  ": is not a Gram Studio run record, and the run would replace it; choose another "
                                  "--snapshot-dir (a new folder)");
    if (!overwrite)
        throw engine::OutputError(folder_text + ": holds another run's record (" + record.string() + ", " +
                                  std::to_string(document.value("snapshots", json::array()).size()) + " snapshots)" + rule);
    EarlierRun earlier;
    for (const auto& snapshot : document.value("snapshots", json::array())) {
        const std::string name = snapshot.is_object() ? snapshot.value("file", "") : "";
        // Only plain snapshot names inside the folder: a record edited to name other files removes nothing else.
        if (is_snapshot_name(name) && fs::exists(folder / name, error)) earlier.files.push_back((folder / name).string());
    }
    earlier.files.push_back(record.string());  // last: an interrupted clean-up still describes what is left
    return earlier;
}

void remove_earlier_run(const EarlierRun& earlier) {
    for (const auto& file : earlier.files) {
        std::error_code error;
        fs::remove(file, error);
        if (error) throw engine::OutputError(file + ": cannot remove the earlier run's file (" + error.message() + ")");
    }
}

}  // namespace cli
