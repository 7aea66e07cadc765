#include "cli/run_options.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli/sidecar.h"
#include "engine/recipes.h"
#include "cmdline/flag_table.h"
#include "cmdline/flag_values.h"
#include "engine/errors.h"
#include "engine/memory_estimate.h"
#include "engine/preview_scales.h"
#include "engine/vgg19.h"

namespace cli {

namespace {

using cmdline::Flag;
using cmdline::named_value;
using cmdline::range_text;
using engine::ParamError;
using engine::ParamLimits;

std::string weight_help(const std::string& what, double default_value) {
    std::ostringstream help;
    help << what << " (" << range_text(0.0, ParamLimits::max_weight) << ", default " << default_value << ")";
    return help.str();
}

double weight_value(const std::string& flag, const std::string& value) {
    return cmdline::double_value(flag, value, 0.0, ParamLimits::max_weight);
}

std::string recipe_names() {
    std::string names;
    for (const auto& recipe : engine::builtin_recipes()) names += (names.empty() ? "" : ", ") + recipe.name;
    return names;
}

// --recipe NAME: its parameters over the defaults; returns its snapshot interval (0: none).
int apply_recipe_named(const std::string& name, RunOptions& o) {
    const engine::Recipe recipe = engine::find_recipe(name);
    o.params = engine::apply_recipe(o.params, recipe);
    o.recipe = recipe.name;
    return recipe.snapshot_every;
}

// The table of the stylize command's flags, writing into `o`. --replay and --params do nothing
// here: parse_run_options applies them first, so that the flags given beside them override.
cmdline::FlagTable run_flags(RunOptions& o) {
    const engine::Params defaults;
    cmdline::FlagTable table("gramstudio-cli");
    table.add_text("--content", "FILE", "the photo to stylize (PNG, JPEG, WebP, TIFF)", o.content)
        .add({"--style", "FILE",
              "the painting whose style is transferred; give it up to " + std::to_string(ParamLimits::max_styles) +
                  " times to blend several (see --style-blend)",
              [&o](const std::string& v) { o.styles.push_back(v); }})
        .add({"--style-mask", "FILE",
              "where the --style of the same position goes: a greyscale image (RGB is read as luminance) resized "
              "to the result, white = this style, grey = partly, black = none; give one per --style, in the same "
              "order. Where the masks add up to less than white the photo keeps its look (a protected region)",
              [&o](const std::string& v) { o.style_masks.push_back(v); }})
        .add({"--style-blend", "W1,W2,...",
              "blend weights, one per --style in the same order (each >= 0, not all 0; normalized to sum 1; default "
              "equal)",
              [&o](const std::string& v) { o.params.style_blend = named_value("--style-blend", v, engine::parse_style_blend); }})
        .add_text("--out", "OUT.png", "the result (PNG); in compare mode the two results side by side", o.out)
        .add({"--size", "N",
              "longest side of the result in pixels (" + range_text(ParamLimits::min_size, ParamLimits::max_size) +
                  ", default " + std::to_string(kDefaultCliSize) + "; a shorter side below " +
                  std::to_string(ParamLimits::min_size) + " raises the longest side instead)",
              [&o](const std::string& v) {
                  o.params.size = cmdline::int_value("--size", v, ParamLimits::min_size, ParamLimits::max_size);
              }})
        .add({"--iters", "N",
              "iterations over all scales (" + range_text(1, ParamLimits::max_iterations) + ", default " +
                  std::to_string(defaults.iterations) + ")",
              [&o](const std::string& v) {
                  o.params.iterations = cmdline::int_value("--iters", v, 1, ParamLimits::max_iterations);
              }})
        .add({"--style-loss", "MODE", "full (Gram matrix), diag (its diagonal), meanstd or w2 (Wasserstein-2 between Gaussians; "
              "default full)",
              [&o](const std::string& v) {
                  o.params.style_loss = named_value("--style-loss", v, engine::parse_style_loss_mode);
              }})
        .add({"--content-weight", "X", weight_help("content loss weight", defaults.content_weight),
              [&o](const std::string& v) { o.params.content_weight = weight_value("--content-weight", v); }})
        .add({"--style-weight", "X", weight_help("style loss weight", defaults.style_weight),
              [&o](const std::string& v) { o.params.style_weight = weight_value("--style-weight", v); }})
        .add({"--tv-weight", "X", weight_help("total variation weight", defaults.tv_weight),
              [&o](const std::string& v) { o.params.tv_weight = weight_value("--tv-weight", v); }})
        .add({"--tv-exponent", "E",
              "1: mean squared neighbour differences (default); other values: mean of (dx^2 + dy^2)^E (" +
                  range_text(ParamLimits::min_tv_exponent, ParamLimits::max_tv_exponent) + "; the Keras example: 1.25)",
              [&o](const std::string& v) {
                  o.params.tv_exponent = cmdline::double_value("--tv-exponent", v, ParamLimits::min_tv_exponent,
                                                               ParamLimits::max_tv_exponent);
              }})
        .add({"--style-layers", "LIST", "e.g. conv1_1,conv2_1:0.5,conv3_1 (default: the model's; see `layers`)",
              [&o](const std::string& v) {
                  o.params.style_layers = named_value("--style-layers", v, engine::parse_style_layers);
              }})
        .add({"--content-layer", "NAME", "e.g. conv3_2 (default: the model's)",
              [&o](const std::string& v) {
                  if (!engine::is_vgg19_layer(v))
                      throw ParamError("--content-layer: '" + v + "' is not a VGG-19 conv layer (conv1_1 ... conv5_4)");
                  o.params.content_layer = v;
              }})
        .add({"--optimizer", "NAME", "lbfgs, adam or sgd (plain gradient descent; default lbfgs)",
              [&o](const std::string& v) { o.params.optimizer = named_value("--optimizer", v, engine::parse_optimizer); }})
        .add({"--lr-decay", "R",
              "Adam's and SGD's rate is multiplied by R every --lr-decay-steps iterations, smoothly (0 < R <= 1; "
              "default 1: constant)",
              [&o](const std::string& v) {
                  o.params.lr_decay = cmdline::double_value("--lr-decay", v, 0.0, 1.0);
                  if (!(o.params.lr_decay > 0.0)) throw ParamError("--lr-decay must be above 0 and at most 1 (got '" + v + "')");
              }})
        .add({"--lr-decay-steps", "N", "iterations per decay factor (1.." + std::to_string(ParamLimits::max_lr_decay_steps) +
                                            ", default " + std::to_string(defaults.lr_decay_steps) + ")",
              [&o](const std::string& v) {
                  o.params.lr_decay_steps = cmdline::int_value("--lr-decay-steps", v, 1, ParamLimits::max_lr_decay_steps);
              }})
        .add({"--lr", "X", "learning rate: " + engine::learning_rate_rule(),
              [&o](const std::string& v) {
                  try {
                      o.params.learning_rate = cmdline::double_value("--lr", v, 0.0, ParamLimits::max_learning_rate);
                  } catch (const ParamError&) {  // one wording for the help and the check: the engine's rule
                      throw ParamError("--lr must be " + engine::learning_rate_rule() + " (got '" + v + "')");
                  }
              }})
        .add({"--init", "FROM", "content, style or noise (default content)",
              [&o](const std::string& v) { o.params.init = named_value("--init", v, engine::parse_init_mode); }})
        .add({"--seed", "N", "seed of the noise start (0..2^64-1, default 0)",
              [&o](const std::string& v) { o.params.seed = cmdline::uint64_value("--seed", v); }})
        .add({"--padding", "KIND",
              "bleed (the picture painted with a 16 px mirrored bleed around it, cut off: no border band; the "
              "default), reflect (each convolution mirrors one pixel) or zero (the paper's)",
              [&o](const std::string& v) { o.params.padding = named_value("--padding", v, engine::parse_padding); }})
        .add({"--keep-style-frame", "",
              "use each style image whole (by default a scanned frame, a black or white margin with the rim "
              "inside it, is cut off: its edges would paint a line around the result)",
              [&o](const std::string&) { o.params.trim_style_frame = false; }})
        .add({"--pooling", "KIND", "avg or max (default avg)",
              [&o](const std::string& v) { o.params.pooling = named_value("--pooling", v, engine::parse_pooling); }})
        .add({"--scales", "N",
              "coarse-to-fine scales (" + range_text(1, ParamLimits::max_scales) +
                  "; default 1, and above 768 px as many as start the first near 512 px; at least one "
                  "iteration each)",
              [&o](const std::string& v) {
                  o.params.scales = cmdline::int_value("--scales", v, 1, ParamLimits::max_scales);
              }})
        .add({"--preserve-colors", "", "transfer the style's luminance only, keep the photo's colours",
              [&o](const std::string&) { o.params.color_control = engine::ColorControl::Luminance; }})
        .add({"--match-colors", "",
              "map the painting's colours to the photo's (RGB mean and covariance) before transferring "
              "(excludes --preserve-colors)",
              [&o](const std::string&) { o.params.color_control = engine::ColorControl::Match; }})
        .add({"--style-scale", "X",
              "the style image's longest side as a multiple of the result's: larger strokes above 1 (" +
                  range_text(ParamLimits::min_style_scale, ParamLimits::max_style_scale) + ", default 1)",
              [&o](const std::string& v) {
                  o.params.style_scale = cmdline::double_value("--style-scale", v, ParamLimits::min_style_scale,
                                                               ParamLimits::max_style_scale);
              }})
        .add_text("--weights", "PATH", "VGG-19 safetensors file or folder (default: searched, see `layers --help`)",
                  o.weights)
        .add({"--device", "NAME", "auto, cpu or cuda (default auto)",
              [&o](const std::string& v) { o.params.device = named_value("--device", v, engine::parse_device); }})
        .add({"--threads", "N",
              "CPU threads (" + range_text(0, ParamLimits::max_threads) + ", 0: all cores; default 0)",
              [&o](const std::string& v) {
                  o.params.threads = cmdline::int_value("--threads", v, 0, ParamLimits::max_threads);
              }})
        .add({"--max-memory", "SIZE",
              "the most memory the run may use, e.g. 2G or 1500M (default: the memory available); a larger "
              "result is computed in tiles, the same picture in more time",
              [&o](const std::string& v) {
                  o.max_memory = named_value("--max-memory", v, engine::parse_memory_size);
              }})
        .add({"--compare", "MODE", "also run style loss MODE side by side in the same batch (full, diag, meanstd, w2)",
              [&o](const std::string& v) {
                  o.params.compare = true;
                  o.params.compare_loss = named_value("--compare", v, engine::parse_style_loss_mode);
              }})
        .add({"--snapshot-every", "K", "write DIR/iter_NNNN.png every K iterations (needs --snapshot-dir)",
              [&o](const std::string& v) {
                  o.snapshot_every = cmdline::int_value("--snapshot-every", v, 1, ParamLimits::max_iterations);
              }})
        .add_text("--snapshot-dir", "DIR",
                  "folder of the snapshots and of the sidecar DIR/run.json; one holding another run's run.json "
                  "is refused unless --overwrite",
                  o.snapshot_dir)
        .add_switch("--overwrite",
                    "let --snapshot-dir reuse a folder of an earlier run: its snapshots and run.json are removed "
                    "first (nothing else)",
                    o.overwrite)
        .add_text("--sidecar", "FILE", "write the run's JSON sidecar here (default DIR/run.json with --snapshot-dir)",
                  o.sidecar)
        .add_text("--timelapse", "FILE", "a video (.avi or .mp4) of the snapshots", o.timelapse)
        .add({"--replay", "RUN.json", "re-run a sidecar: its inputs, weights and parameters (flags given override)",
              nullptr})
        .add_text("--init-image", "FILE", "start from this image instead of --init (resized to the result's size)",
                  o.init_image)
        .add({"--branch", "RUN.json",
              "start a new run from snapshot --at N of that run, with its inputs and parameters (flags given "
              "override); its iterations are numbered from N",
              nullptr})
        .add({"--at", "N", "the snapshot iteration --branch starts from", nullptr})
        .add({"--variant", "NAME",
              "of a compare run's snapshot, the picture --branch starts from (its style loss: full, diag, ...; "
              "default: the main one)",
              nullptr})
        .add({"--recipe", "NAME",
              "start from a recipe's settings (flags beside it override): " + recipe_names() +
                  ", a recipe you saved, or a recipe file; layers the weights lack are left out",
              nullptr})
        .add({"--params", "FILE",
              "take the parameters from a sidecar or a parameters JSON file (unknown keys are refused)", nullptr})
        .add_switch("--json", "print a JSON summary as the last line of stdout (\"size\" is [height, width])",
                    o.json)
        .add_switch("--quiet", "no progress on stderr, only errors", o.quiet)
        .add_switch("--help", "show this help (also -h, or no arguments)", o.help);
    return table;
}

void check_consistency(const RunOptions& o) {
    if (o.content.empty()) throw ParamError("missing --content FILE (the photo to stylize); see gramstudio-cli --help");
    if (o.styles.empty()) throw ParamError("missing --style FILE (the painting); see gramstudio-cli --help");
    if (o.styles.size() > static_cast<std::size_t>(ParamLimits::max_styles))
        throw ParamError("--style given " + std::to_string(o.styles.size()) + " times: at most " +
                         std::to_string(ParamLimits::max_styles) + " styles can be blended");
    if (!o.style_masks.empty() && o.style_masks.size() != o.styles.size())
        throw ParamError("--style-mask given " + std::to_string(o.style_masks.size()) + " time" +
                         (o.style_masks.size() == 1 ? "" : "s") + " for " + std::to_string(o.styles.size()) + " style" +
                         (o.styles.size() == 1 ? "" : "s") + ": give one --style-mask per --style, in the same order");
    if (!o.params.style_blend.empty() && o.params.style_blend.size() != o.styles.size())
        throw ParamError("--style-blend has " + std::to_string(o.params.style_blend.size()) + " weight" +
                         (o.params.style_blend.size() == 1 ? "" : "s") + " for " + std::to_string(o.styles.size()) +
                         " style" + (o.styles.size() == 1 ? "" : "s") + ": give one weight per --style, in the same order");
    if (o.out.empty()) throw ParamError("missing --out OUT.png (where the result goes); see gramstudio-cli --help");
    if (o.snapshot_every > 0 && o.snapshot_dir.empty())
        throw ParamError("--snapshot-every needs --snapshot-dir DIR (where the snapshots go)");
    if (!o.timelapse.empty() && o.snapshot_every == 0)
        throw ParamError("--timelapse needs --snapshot-every K and --snapshot-dir DIR (the video is made of the snapshots)");
    if (o.start_iteration >= o.params.iterations)
        throw ParamError("--iters " + std::to_string(o.params.iterations) + " ends before the branch's iteration " +
                         std::to_string(o.start_iteration) + ": --iters is the total, give more than " +
                         std::to_string(o.start_iteration));
    if (o.params.compare && o.params.compare_loss == o.params.style_loss)
        throw ParamError("--compare " + engine::to_string(o.params.compare_loss) +
                         " is the same as --style-loss: choose a different mode to compare with");
    try {
        engine::validate(o.params);
    } catch (const ParamError& e) {
        throw ParamError(std::string("invalid parameters: ") + e.what());
    }
}

}  // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
    RunOptions options;
    options.params.size = kDefaultCliSize;
    options.arguments = args;
    if (args.empty() || cmdline::wants_help(args)) {
        options.help = true;
        return options;
    }
    const cmdline::FlagTable table = run_flags(options);
    const auto given = table.split(args);
    const auto count = [&given](const char* name) {
        return std::count_if(given.begin(), given.end(), [name](const auto& g) { return g.flag->name == name; });
    };
    if (count("--preserve-colors") > 0 && count("--match-colors") > 0)
        throw ParamError("--match-colors and --preserve-colors exclude each other: the colour control is one of "
                         "none (neither), luminance (--preserve-colors) or match (--match-colors)");
    if (count("--recipe") > 1) throw ParamError("give --recipe once");
    if (count("--recipe") > 0 && count("--replay") + count("--branch") > 0)
        throw ParamError("--recipe and --replay/--branch exclude each other: a record already holds every setting");
    if (count("--replay") + count("--branch") > 1)
        throw ParamError("give one of --replay and --branch, once: each names the run to start from");
    if ((count("--branch") > 0) != (count("--at") > 0))
        throw ParamError("--branch RUN.json and --at N go together: the run, and which of its snapshots to start from");
    if (count("--variant") > 0 && count("--branch") == 0)
        throw ParamError("--variant NAME chooses the picture of a compare run's snapshot that --branch starts from: "
                         "give it with --branch RUN.json --at N");
    if (count("--branch") > 0 && count("--init-image") > 0)
        throw ParamError("--branch and --init-image exclude each other: a branch starts from its parent's snapshot");
    int branch_at = 0;
    std::string branch_variant;
    for (const auto& g : given) {
        if (g.flag->name == "--at") branch_at = cmdline::int_value("--at", g.value, 0, ParamLimits::max_iterations);
        if (g.flag->name == "--variant") branch_variant = g.value;
    }
    // A sidecar or recipe is the base; the flags given beside it override its values.
    int recipe_snapshot_every = 0;
    for (const auto& g : given) {
        if (g.flag->name == "--replay") apply_sidecar_file(g.value, options, /*take_inputs=*/true);
        if (g.flag->name == "--params") apply_sidecar_file(g.value, options, /*take_inputs=*/false);
        if (g.flag->name == "--recipe") recipe_snapshot_every = apply_recipe_named(g.value, options);
        if (g.flag->name == "--branch") apply_branch(g.value, branch_at, branch_variant, options);
    }
    if (count("--style") > 0) {  // the styles given replace a record's, and nothing recorded is checked for them
        options.styles.clear();
        options.expected_style_sha256.clear();
    }
    if (count("--style") + count("--style-mask") > 0) {  // so do masks given, and other styles need their own
        options.recorded_masks.clear();
        options.recorded_masks_record.clear();
    }
    options.fit_recipe_layers = !options.recipe.empty() && count("--style-layers") == 0 && count("--content-layer") == 0;
    bool scales_chosen = false;  // by --scales, or by the sidecar or parameter file
    for (const auto& g : given) {
        if (g.flag->apply) g.flag->apply(g.value);
        scales_chosen |= g.flag->name == "--scales" || g.flag->name == "--replay" || g.flag->name == "--params" ||
                         g.flag->name == "--branch" || g.flag->name == "--recipe";
    }
    // A recipe's snapshot interval, where snapshots go somewhere and no interval was given.
    if (options.snapshot_every == 0 && !options.snapshot_dir.empty()) options.snapshot_every = recipe_snapshot_every;
    if (!scales_chosen) options.params.scales = engine::preview_scales(options.params.size, options.params.iterations);
    check_consistency(options);
    return options;
}

std::string run_help() {
    RunOptions unused;
    std::ostringstream help;
    help << "Usage: gramstudio-cli --content C --style S --out OUT.png [options]\n"
            "       gramstudio-cli layers [--weights PATH]\n"
            "       gramstudio-cli fetch-weights [--url URL] [--dest DIR]\n\n"
            "Neural style transfer (Gatys et al.) on VGG-19.\n\nOptions:\n"
         << run_flags(unused).help()
         << "\nOutputs: --out, its compare variants OUT_<mode>.png, the sidecar and the timelapse\n"
            "may not be one of the inputs (content, style, weights; compared as files, links\n"
            "included) nor each other.\n"
            "\nExit codes: 0 success; 2 bad option or value (also a run whose loss diverged or\n"
            "stalled); 3 unreadable or invalid input (image, weights) or not enough memory; 4 an\n"
            "output cannot be written or would replace an input or another run's record; 130\n"
            "interrupted (Ctrl-C: the last finished snapshot and the result so far are written).\n";
    return help.str();
}

}  // namespace cli
