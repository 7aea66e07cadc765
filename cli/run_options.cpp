#include "cli/run_options.h"

#include <cmath>
#include <sstream>

#include "cli/number_parse.h"
#include "cli/sidecar.h"
#include "engine/errors.h"
#include "engine/vgg19.h"

namespace cli {

namespace {

using engine::ParamError;
using engine::ParamLimits;

struct Flag {
    const char* name;
    const char* value;  // nullptr: a switch without a value
    const char* help;
    void (*apply)(RunOptions& options, const std::string& flag, const std::string& value);
};

// Wraps the engine's parse_* errors so the message names the flag.
template <typename Parse>
auto parse_named(const std::string& flag, const std::string& value, Parse parse) {
    try {
        return parse(value);
    } catch (const ParamError& e) {
        throw ParamError(flag + ": " + e.what());
    }
}

double weight_value(const std::string& flag, const std::string& value) {
    return parse_double_flag(flag, value, 0.0, ParamLimits::max_weight);
}

const Flag kFlags[] = {
    {"--content", "FILE", "the photo to stylize (PNG, JPEG, WebP, TIFF)",
     [](RunOptions& o, const std::string&, const std::string& v) { o.content = v; }},
    {"--style", "FILE", "the painting whose style is transferred",
     [](RunOptions& o, const std::string&, const std::string& v) { o.style = v; }},
    {"--out", "OUT.png", "the result (PNG); in compare mode the two results side by side",
     [](RunOptions& o, const std::string&, const std::string& v) { o.out = v; }},
    {"--size", "N", "longest side of the result in pixels (16..4096, default 512)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.size = parse_int_flag(f, v, ParamLimits::min_size, ParamLimits::max_size);
     }},
    {"--iters", "N", "iterations over all scales (1..1000000, default 300)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.iterations = parse_int_flag(f, v, 1, ParamLimits::max_iterations);
     }},
    {"--style-loss", "MODE", "full (Gram matrix), diag (its diagonal) or meanstd (default full)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.style_loss = parse_named(f, v, engine::parse_style_loss_mode);
     }},
    {"--content-weight", "X", "content loss weight (0..1e12, default 1)",
     [](RunOptions& o, const std::string& f, const std::string& v) { o.params.content_weight = weight_value(f, v); }},
    {"--style-weight", "X", "style loss weight (0..1e12, default 1000)",
     [](RunOptions& o, const std::string& f, const std::string& v) { o.params.style_weight = weight_value(f, v); }},
    {"--tv-weight", "X", "total variation weight (0..1e12, default 10)",
     [](RunOptions& o, const std::string& f, const std::string& v) { o.params.tv_weight = weight_value(f, v); }},
    {"--style-layers", "LIST", "e.g. conv1_1,conv2_1:0.5,conv3_1 (default: the model's; see `layers`)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.style_layers = parse_named(f, v, engine::parse_style_layers);
     }},
    {"--content-layer", "NAME", "e.g. conv3_2 (default: the model's)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         if (!engine::is_vgg19_layer(v)) throw ParamError(f + ": '" + v + "' is not a VGG-19 conv layer (conv1_1 ... conv5_4)");
         o.params.content_layer = v;
     }},
    {"--optimizer", "NAME", "lbfgs or adam (default lbfgs)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.optimizer = parse_named(f, v, engine::parse_optimizer);
     }},
    {"--lr", "X", "learning rate (> 0; default: lbfgs 1, adam 0.02)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.learning_rate = parse_double_flag(f, v, 0.0, 1e6);
     }},
    {"--init", "FROM", "content, style or noise (default content)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.init = parse_named(f, v, engine::parse_init_mode);
     }},
    {"--seed", "N", "seed of the noise start (0..2^64-1, default 0)",
     [](RunOptions& o, const std::string& f, const std::string& v) { o.params.seed = parse_uint64_flag(f, v); }},
    {"--pooling", "KIND", "avg or max (default avg)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.pooling = parse_named(f, v, engine::parse_pooling);
     }},
    {"--padding", "KIND", "reflect (the image's mirror beyond its edges) or zero (the paper's, darkens a thin frame; default reflect)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.padding = parse_named(f, v, engine::parse_padding);
     }},
    {"--scales", "N", "coarse-to-fine scales (1..4, default 1)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.scales = parse_int_flag(f, v, 1, ParamLimits::max_scales);
     }},
    {"--preserve-colors", nullptr, "transfer the style's luminance only, keep the photo's colours",
     [](RunOptions& o, const std::string&, const std::string&) { o.params.preserve_colors = true; }},
    {"--weights", "PATH", "VGG-19 safetensors file or folder (default: searched, see `layers --help`)",
     [](RunOptions& o, const std::string&, const std::string& v) { o.weights = v; }},
    {"--device", "NAME", "auto, cpu or cuda (default auto)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.device = parse_named(f, v, engine::parse_device);
     }},
    {"--threads", "N", "CPU threads (0..1024, 0: all cores; default 0)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.threads = parse_int_flag(f, v, 0, ParamLimits::max_threads);
     }},
    {"--compare", "MODE", "also run style loss MODE side by side in the same batch (full, diag, meanstd)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.params.compare = true;
         o.params.compare_loss = parse_named(f, v, engine::parse_style_loss_mode);
     }},
    {"--snapshot-every", "K", "write DIR/iter_NNNN.png every K iterations (needs --snapshot-dir)",
     [](RunOptions& o, const std::string& f, const std::string& v) {
         o.snapshot_every = parse_int_flag(f, v, 1, ParamLimits::max_iterations);
     }},
    {"--snapshot-dir", "DIR", "folder of the snapshots and of the sidecar DIR/run.json",
     [](RunOptions& o, const std::string&, const std::string& v) { o.snapshot_dir = v; }},
    {"--sidecar", "FILE", "write the run's JSON sidecar here (default DIR/run.json with --snapshot-dir)",
     [](RunOptions& o, const std::string&, const std::string& v) { o.sidecar = v; }},
    {"--timelapse", "FILE", "a video (.avi or .mp4) of the snapshots",
     [](RunOptions& o, const std::string&, const std::string& v) { o.timelapse = v; }},
    {"--replay", "RUN.json", "re-run a sidecar: its inputs, weights and parameters (flags given override)",
     [](RunOptions&, const std::string&, const std::string&) {}},  // applied first, see below
    {"--params", "FILE", "take the parameters from a sidecar or a parameters JSON file",
     [](RunOptions&, const std::string&, const std::string&) {}},  // applied first, see below
    {"--json", nullptr, "print a JSON summary as the last line of stdout",
     [](RunOptions& o, const std::string&, const std::string&) { o.json = true; }},
    {"--quiet", nullptr, "no progress on stderr",
     [](RunOptions& o, const std::string&, const std::string&) { o.quiet = true; }},
    {"--help", nullptr, "show this help",
     [](RunOptions& o, const std::string&, const std::string&) { o.help = true; }},
};

const Flag* find_flag(const std::string& name) {
    for (const auto& flag : kFlags)
        if (name == flag.name) return &flag;
    return nullptr;
}

struct ParsedFlag {
    const Flag* flag;
    std::string name, value;
};

// Splits "--flag value" and "--flag=value" pairs; unknown flags and stray words are usage errors.
std::vector<ParsedFlag> split_flags(const std::vector<std::string>& args) {
    std::vector<ParsedFlag> parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i], value;
        const bool has_inline_value = name.rfind("--", 0) == 0 && name.find('=') != std::string::npos;
        if (has_inline_value) {
            value = name.substr(name.find('=') + 1);
            name = name.substr(0, name.find('='));
        }
        const Flag* flag = find_flag(name);
        if (!flag) {
            if (name.rfind("-", 0) == 0) throw ParamError("unknown option '" + name + "' (see gramstudio-cli --help)");
            throw ParamError("unexpected argument '" + name + "' (options start with --; see gramstudio-cli --help)");
        }
        if (flag->value && !has_inline_value) {
            if (i + 1 >= args.size()) throw ParamError(name + " needs a value: " + name + " " + flag->value);
            value = args[++i];
        } else if (!flag->value && has_inline_value) {
            throw ParamError(name + " takes no value");
        }
        parsed.push_back({flag, name, value});
    }
    return parsed;
}

void check_consistency(const RunOptions& o) {
    if (o.content.empty()) throw ParamError("missing --content FILE (the photo to stylize); see --help");
    if (o.style.empty()) throw ParamError("missing --style FILE (the painting); see --help");
    if (o.out.empty()) throw ParamError("missing --out OUT.png (where the result goes); see --help");
    if (o.snapshot_every > 0 && o.snapshot_dir.empty())
        throw ParamError("--snapshot-every needs --snapshot-dir DIR (where the snapshots go)");
    if (!o.timelapse.empty() && o.snapshot_every == 0)
        throw ParamError("--timelapse needs --snapshot-every K and --snapshot-dir DIR (the video is made of the snapshots)");
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
    const auto parsed = split_flags(args);
    for (const auto& p : parsed)
        if (p.name == "--help") {
            options.help = true;
            return options;
        }
    // A sidecar is the base; the flags given beside it override its values.
    for (const auto& p : parsed) {
        if (p.name == "--replay") apply_sidecar_file(p.value, options, /*take_inputs=*/true);
        if (p.name == "--params") apply_sidecar_file(p.value, options, /*take_inputs=*/false);
    }
    for (const auto& p : parsed) p.flag->apply(options, p.name, p.value);
    check_consistency(options);
    return options;
}

std::string run_help() {
    std::ostringstream help;
    help << "Usage: gramstudio-cli --content C --style S --out OUT.png [options]\n"
            "       gramstudio-cli layers [--weights PATH]\n"
            "       gramstudio-cli fetch-weights [--url URL] [--dest DIR]\n\n"
            "Neural style transfer (Gatys et al.) on VGG-19.\n\nOptions:\n";
    for (const auto& flag : kFlags) {
        std::string left = std::string("  ") + flag.name + (flag.value ? std::string(" ") + flag.value : "");
        if (left.size() < 28) left.resize(28, ' ');
        else left += "\n" + std::string(28, ' ');
        help << left << flag.help << "\n";
    }
    help << "\nExit codes: 0 success; 2 bad option or value (also a run whose loss diverged); 3 unreadable or\n"
            "invalid input (image, weights) or not enough memory; 4 an output cannot be written; 130 interrupted\n"
            "(Ctrl-C: the last finished snapshot and the result so far are written first).\n";
    return help.str();
}

}  // namespace cli
