#pragma once
// The rule for a --snapshot-dir that already holds a run: refused, so an earlier run is never
// mixed with or overwritten by a new one, unless --overwrite is given; then exactly what belongs
// to the earlier run (the snapshots its run.json lists, and run.json) is removed before the new
// run writes, and nothing else in the folder is touched.
#include <string>
#include <vector>

namespace cli {

// What an earlier run left in a snapshot folder: the files to remove for --overwrite (its listed
// snapshots that still exist, and its run.json last). Empty when the folder holds no run.
struct EarlierRun {
    std::vector<std::string> files;
};

// Throws engine::OutputError (exit 4) when `folder` holds another run's run.json and overwrite is
// false; also, whatever overwrite says, when its run.json is not a Gram Studio run record or when
// it holds snapshot-named files (iter_NNNN.png) without a record (whose they are is unknown, so
// they are never removed). Returns what --overwrite removes.
EarlierRun check_snapshot_folder(const std::string& folder, bool overwrite);
// Removes the earlier run's files; throws engine::OutputError naming a file that cannot be removed.
void remove_earlier_run(const EarlierRun& earlier);

}  // namespace cli
