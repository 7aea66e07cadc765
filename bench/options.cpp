#include "bench/options.h"

#include <algorithm>

#include "cmdline/flag_table.h"
#include "cmdline/flag_values.h"
#include "engine/errors.h"

namespace bench {
namespace {

using engine::ParamLimits;

// Small enough to finish in well under a minute on two busy cores (the smoke test).
void apply_quick(Options& o) {
    o.quick = true;
    o.sizes = {128};
    o.modes = {engine::StyleLossMode::Full, engine::StyleLossMode::Diagonal};
    o.threads = {0};
    o.iterations = 2;
    o.warmup = 1;
    o.compare_sizes = {128};
    o.quality_size = 96;
    o.quality_iterations = 30;
    o.memory_size = 192;
    o.memory_iterations = 2;
}

const std::vector<std::string> kSections{"throughput", "compare", "quality", "memory"};

std::vector<std::string> sections_value(const std::string& flag, const std::string& text) {
    const auto sections = cmdline::split_list(text);
    for (const auto& s : sections)
        if (std::find(kSections.begin(), kSections.end(), s) == kSections.end())
            throw engine::ParamError(flag + ": unknown section '" + s + "' (allowed: throughput, compare, quality, memory)");
    if (sections.empty()) throw engine::ParamError(flag + " expects a section name");
    return sections;
}

cmdline::FlagTable bench_flags(Options& o, bool& help) {
    constexpr int min_size = ParamLimits::min_size, max_size = ParamLimits::max_size;
    const int max_iters = ParamLimits::max_iterations;
    const std::string sizes = " (" + cmdline::range_text(min_size, max_size) + ")";
    cmdline::FlagTable table("gramstudio-bench");
    table
        .add({"--sizes", "256,384,512", "output sizes of the throughput section" + sizes,
              [&o](const std::string& v) { o.sizes = cmdline::int_list_value("--sizes", v, min_size, max_size); }})
        .add({"--modes", "full,diag,meanstd", "style loss modes",
              [&o](const std::string& v) { o.modes = cmdline::named_list_value("--modes", v, engine::parse_style_loss_mode); }})
        .add({"--optimizers", "lbfgs,adam", "optimizers",
              [&o](const std::string& v) { o.optimizers = cmdline::named_list_value("--optimizers", v, engine::parse_optimizer); }})
        .add({"--threads", "1,0", "thread counts (0: all cores)",
              [&o](const std::string& v) { o.threads = cmdline::int_list_value("--threads", v, 0, ParamLimits::max_threads); }})
        .add({"--iters", "N", "timed iterations per configuration",
              [&o, max_iters](const std::string& v) { o.iterations = cmdline::int_value("--iters", v, 1, max_iters); }})
        .add({"--warmup", "N", "untimed iterations first",
              [&o, max_iters](const std::string& v) { o.warmup = cmdline::int_value("--warmup", v, 0, max_iters); }})
        .add({"--quick", "", "a small run (under a minute) for smoke tests; other flags override it", nullptr})
        .add_text("--out", "DIR", "writes DIR/bench.json, DIR/bench.md, DIR/loss_vs_time.png and DIR/inputs/", o.out_dir)
        .add({"--only", "SECTIONS", "throughput, compare, quality and/or memory",
              [&o](const std::string& v) { o.sections = sections_value("--only", v); }})
        .add({"--compare-sizes", "512,1024", "sizes of the compare-mode section" + sizes,
              [&o](const std::string& v) { o.compare_sizes = cmdline::int_list_value("--compare-sizes", v, min_size, max_size); }})
        .add({"--quality-size", "384", "size of the time-to-quality section" + sizes,
              [&o](const std::string& v) { o.quality_size = cmdline::int_value("--quality-size", v, min_size, max_size); }})
        .add({"--quality-iters", "300", "the baselines' iterations",
              [&o, max_iters](const std::string& v) { o.quality_iterations = cmdline::int_value("--quality-iters", v, 1, max_iters); }})
        .add({"--memory-size", "1024", "size of the peak-memory section" + sizes,
              [&o](const std::string& v) { o.memory_size = cmdline::int_value("--memory-size", v, min_size, max_size); }})
        .add({"--memory-iters", "32", "iterations of each peak-memory child",
              [&o, max_iters](const std::string& v) { o.memory_iterations = cmdline::int_value("--memory-iters", v, 1, max_iters); }})
        .add_text("--weights", "FILE", "VGG-19 weights (default: searched)", o.weights)
        .add_text("--content", "IMAGE", "content image (default: the shared building.jpg)", o.content_image)
        .add_text("--style", "IMAGE", "style image (default: the shared starry_night.jpg)", o.style_image)
        .add({"--padding", "KIND", "bleed, reflect or zero (default bleed)",
              [&o](const std::string& v) { o.padding = cmdline::named_value("--padding", v, engine::parse_padding); }})
        .add_switch("--help", "show this help (also -h)", help);
    return table;
}

}  // namespace

bool Options::wants(const std::string& section) const {
    return std::find(sections.begin(), sections.end(), section) != sections.end();
}

std::string usage() {
    Options unused;
    bool help = false;
    return "usage: gramstudio-bench [options]\n" + bench_flags(unused, help).help();
}

Options parse_options(int argc, char** argv, bool& help) {
    Options o;
    help = false;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (cmdline::wants_help(args)) {
        help = true;
        return o;
    }
    // --quick sets the defaults that the other flags may then override, wherever it appears.
    if (std::find(args.begin(), args.end(), "--quick") != args.end()) apply_quick(o);
    bench_flags(o, help).parse(args);
    return o;
}

}  // namespace bench
