#pragma once
// The stylize command's options: `gramstudio-cli --content C --style S --out OUT.png [options]`.
#include <string>
#include <vector>

#include "engine/params.h"
#include "record/run_record.h"

namespace cli {

// The CLI's default size differs from Params' (512 instead of the GUI's choice).
constexpr int kDefaultCliSize = 512;

struct RunOptions {
    std::string content, out;
    std::vector<std::string> styles;  // the paintings (--style, repeated: up to 4, blended by --style-blend)
    std::vector<std::string> style_masks;  // --style-mask, one per --style: where each style goes
    // A replayed or branched record's masks (their copies beside it), used when no --style-mask is given.
    std::vector<record::MaskRecord> recorded_masks;
    std::string recorded_masks_record;  // the record they belong to
    std::string weights;  // empty: engine::find_weights() searches the usual places
    engine::Params params;
    std::uint64_t max_memory = 0;  // --max-memory in bytes; 0: the memory available

    int snapshot_every = 0;     // 0: no snapshots
    std::string snapshot_dir;   // also holds the sidecar run.json
    bool overwrite = false;     // a snapshot_dir holding another run's record may be cleared and reused
    std::string sidecar;        // explicit sidecar path (default: snapshot_dir/run.json)
    std::string timelapse;      // .avi or .mp4 of the snapshots
    bool json = false;          // one JSON summary object as the last line of stdout
    bool quiet = false;         // no progress on stderr

    // Checksums a replayed sidecar recorded; the run refuses inputs that changed since.
    std::string expected_content_sha256, expected_weights_sha256;
    std::vector<std::string> expected_style_sha256;  // one per style; empty: nothing recorded to check
    std::string replayed_from;  // the sidecar given to --replay

    // Where the run starts other than from --init: --init-image, or the snapshot --branch --at N
    // names (then the count starts at N and the parent link is recorded).
    std::string init_image;
    std::string expected_init_sha256;  // a branch's snapshot or a replayed start image, as recorded
    int start_iteration = 0;
    record::ParentLink parent;

    // --recipe: its name, and whether its layers are fitted to the weights' (not when --style-layers
    // or --content-layer chose them): the layers a recipe names that the weights lack are left out.
    std::string recipe;
    bool fit_recipe_layers = false;

    bool help = false;          // --help, -h or no arguments at all
    std::vector<std::string> arguments;  // as given, for the sidecar
};

// Parses the arguments (without the program name). Throws engine::ParamError naming the flag and
// the allowed values for usage errors, engine::InputError when a --replay/--params file is unreadable.
RunOptions parse_run_options(const std::vector<std::string>& args);

std::string run_help();

}  // namespace cli
