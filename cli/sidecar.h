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

}  // namespace cli
