#pragma once
// Reading a run record (record/run_record.h) or a bare parameters file back into the CLI's
// options: --replay and --params.
#include <string>

#include "cli/run_options.h"
#include "record/run_record.h"

namespace cli {

// Applies a sidecar (or a bare parameters object) to options: its parameters, and with
// take_inputs also the content, style and weights paths and their checksums. Throws
// engine::InputError when the file is unreadable or not JSON, or names an input that came from
// no file; ParamError for bad values.
void apply_sidecar_file(const std::string& path, RunOptions& options, bool take_inputs);

// --branch RUN.json --at N: the record's inputs and parameters as --replay takes them, and its
// snapshot of iteration N as the start image (its checksum, when recorded, to be checked), the
// count starting at N, and the parent link. Throws engine::InputError (exit 3) for a record that
// cannot be read, engine::ParamError (exit 2) when N is not one of its snapshots (listing them).
// A compare run's snapshot starts from its `variant`'s picture (empty: the main one; one it lacks
// is refused listing those it has); an older compare record, whose snapshots hold both variants
// side by side in one file, cannot be branched from (ParamError).
void apply_branch(const std::string& path, int iteration, const std::string& variant, RunOptions& options);

}  // namespace cli
