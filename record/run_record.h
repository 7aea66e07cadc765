#pragma once
// The record of a run (format "gramstudio-run"): every parameter, the inputs' paths and SHA-256
// checksums, the weights, and each snapshot's losses, so that the run can be reproduced
// (gramstudio-cli --replay). The CLI writes it as DIR/run.json; the window writes one beside each
// saved or exported image. Front ends decide when to record; this decides how.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/params.h"
#include "engine/run.h"
#include "record/style_masks.h"

namespace record {

inline constexpr const char* kFormat = "gramstudio-run";
// Version 2 added each snapshot's SHA-256, the start image of a run that did not start from its
// init mode (init_image, start_iteration) and the parent link of a branch; version 3 several
// blended styles ("styles": [{file, sha256, blend}], "style" still names the first); version 4
// each style's mask (styles[i].mask: {file, copy, sha256}, record/style_masks.h), which a
// version-3 reader would ignore and so replay wrongly. Versions 1 to 3 still read.
inline constexpr int kFormatVersion = 4;

struct InputRecord {
    std::string path;  // absolute; empty for an image that came from no file (pasted in the window)
    std::string sha256;
};

// One compare variant's picture of a snapshot: "full" -> iter_0010_full.png (record/snapshot_names.h).
struct SnapshotVariant {
    std::string name, file, sha256;
};

struct SnapshotRecord {
    int iteration = 0;
    std::string file;  // name inside the record's folder (a compare run: the main variant's)
    std::vector<engine::LossBreakdown> losses;  // one per variant
    std::string sha256;  // of the file as written; empty in version-1 records and the window's
    // A compare run's pictures, one file per variant, the main one first (empty: a single run, or
    // an older compare record whose one file shows both side by side).
    std::vector<SnapshotVariant> variants;
};

// A branch's origin: the parent's record (path and SHA-256 of the record file as it was read) and
// the iteration the branch started from.
struct ParentLink {
    std::string run;  // empty: no parent
    std::string sha256;
    int iteration = 0;
};

struct RunRecord {
    std::vector<std::string> arguments;  // the CLI's command line; empty for the window
    std::string replayed_from;
    engine::Params params;  // as run: the model's default layers filled in
    InputRecord content, weights;
    std::vector<InputRecord> styles;  // one per style image, in blend order (Params::style_blend)
    std::vector<MaskRecord> style_masks;  // none, or one per style (Params::style_masks), kept beside the record
    InputRecord init_image;   // the image the run started from, when not its init mode (path empty: none)
    int start_iteration = 0;  // the iteration count it started at (a branch: the parent's iteration)
    ParentLink parent;
    std::string device;
    int threads = 0;
    int height = 0, width = 0;
    int snapshot_every = 0;
    std::vector<SnapshotRecord> snapshots;
    std::string status = "running";
    nlohmann::json result;  // final losses, outputs, compare statistics; null while running
};

// An input file as recorded: its absolute path and SHA-256. Throws engine::InputError naming the
// file when it cannot be read.
InputRecord describe_file(const std::string& path);

// {total, content, style, tv} (and the per-layer style terms when asked).
nlohmann::json losses_to_json(const engine::LossBreakdown& losses, bool per_layer = false);
nlohmann::json sidecar_to_json(const RunRecord& record);
// [{file, sha256, blend}] of its styles, the blend normalized (the CLI's --json summary shows it too).
nlohmann::json styles_to_json(const RunRecord& record);
// The document as written: indented JSON, bytes that are not UTF-8 (in paths) replaced.
std::string sidecar_text(const RunRecord& record);
// Atomic write; throws engine::OutputError naming the file.
void write_sidecar(const RunRecord& record, const std::string& path);

// Reading a record back. The format version of a parsed document: throws engine::InputError
// naming `path` for a document that is not a gramstudio-run record of a version this reads
// (a document without "format" is taken as a bare parameters file: version 0).
int format_version(const nlohmann::json& document, const std::string& path);
// Its "parent" link (empty when absent; fields of the wrong type are left out).
ParentLink parent_from_json(const nlohmann::json& document);
// Its style images: "styles" (version 3), else the one "style" (versions 1 and 2); none when
// absent. Throws engine::InputError naming `path` for a "styles" that is not a list of {file}.
std::vector<InputRecord> styles_from_json(const nlohmann::json& document, const std::string& path);
// Its style masks (styles[i].mask): none when no style has one. Throws engine::InputError naming
// `path` when only some styles have one or a mask lacks its copy's name.
std::vector<MaskRecord> style_masks_from_json(const nlohmann::json& document, const std::string& path);
// Its snapshots (iteration, file, sha256 when recorded); throws engine::InputError naming `path`.
std::vector<SnapshotRecord> snapshots_from_json(const nlohmann::json& document, const std::string& path);
// A record or bare parameters file, parsed: throws engine::InputError naming `path` when it cannot
// be read, is not a JSON object, or is a record of another format or a newer version.
nlohmann::json read_record_document(const std::string& path);
// A whole record file as the window opens it (File > Open Run): parameters, inputs, size,
// snapshots (file names relative to the record's folder), start and parent. Throws
// engine::InputError naming `path` (unreadable, not JSON, not a record, newer) and
// engine::ParamError (prefixed with `path`) for a bad parameter value.
RunRecord read_run_record(const std::string& path);

}  // namespace record
