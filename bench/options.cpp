#include "bench/options.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace bench {
namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) items.push_back(item);
    return items;
}

int parse_int(const std::string& flag, const std::string& text, int low, int high) {
    std::size_t used = 0;
    int value = 0;
    try {
        value = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || value < low || value > high)
        throw std::invalid_argument(flag + " expects a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high) + ", got '" + text + "'");
    return value;
}

std::vector<int> parse_int_list(const std::string& flag, const std::string& text, int low, int high) {
    std::vector<int> values;
    for (const auto& item : split_list(text)) values.push_back(parse_int(flag, item, low, high));
    if (values.empty()) throw std::invalid_argument(flag + " expects a comma-separated list, got '" + text + "'");
    return values;
}

template <typename T, typename Parse>
std::vector<T> parse_enum_list(const std::string& flag, const std::string& text, Parse parse) {
    std::vector<T> values;
    for (const auto& item : split_list(text)) {
        try {
            values.push_back(parse(item));
        } catch (const std::exception& e) {
            throw std::invalid_argument(flag + ": " + e.what());
        }
    }
    if (values.empty()) throw std::invalid_argument(flag + " expects a comma-separated list, got '" + text + "'");
    return values;
}

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

}  // namespace

bool Options::wants(const std::string& section) const {
    return std::find(sections.begin(), sections.end(), section) != sections.end();
}

std::string usage() {
    return "usage: gramstudio-bench [--sizes 256,384,512] [--modes full,diag,meanstd] [--optimizers lbfgs,adam]\n"
           "                        [--threads 1,0] [--iters N] [--warmup N] [--quick] [--out DIR]\n"
           "                        [--only throughput|compare|quality|memory[,...]]\n"
           "                        [--compare-sizes 384] [--quality-size 384] [--quality-iters 300]\n"
           "                        [--memory-size 1024] [--memory-iters 32]\n"
           "                        [--weights FILE] [--content IMAGE] [--style IMAGE] [--padding reflect|zero]\n"
           "Threads 0 means all cores. --quick: a small run (under a minute) for smoke tests.\n"
           "Writes DIR/bench.json, DIR/bench.md, DIR/loss_vs_time.png and DIR/inputs/.\n";
}

Options parse_options(int argc, char** argv, bool& help) {
    Options o;
    help = false;
    std::vector<std::string> args(argv + 1, argv + argc);
    // --quick sets the defaults that the other flags may then override, wherever it appears.
    if (std::find(args.begin(), args.end(), "--quick") != args.end()) apply_quick(o);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "-h" || flag == "--help") {
            help = true;
            return o;
        }
        if (flag == "--quick") continue;
        if (i + 1 >= args.size() || flag.rfind("--", 0) != 0)
            throw std::invalid_argument("unknown flag or missing value: '" + flag + "'\n" + usage());
        const std::string& value = args[++i];
        if (flag == "--sizes") o.sizes = parse_int_list(flag, value, 16, 4096);
        else if (flag == "--modes") o.modes = parse_enum_list<engine::StyleLossMode>(flag, value, engine::parse_style_loss_mode);
        else if (flag == "--optimizers") o.optimizers = parse_enum_list<engine::OptimizerKind>(flag, value, engine::parse_optimizer);
        else if (flag == "--threads") o.threads = parse_int_list(flag, value, 0, 1024);
        else if (flag == "--iters") o.iterations = parse_int(flag, value, 1, 100000);
        else if (flag == "--warmup") o.warmup = parse_int(flag, value, 0, 100000);
        else if (flag == "--out") o.out_dir = value;
        else if (flag == "--only") {
            o.sections = split_list(value);
            for (const auto& s : o.sections)
                if (std::find(kSections.begin(), kSections.end(), s) == kSections.end())
                    throw std::invalid_argument("--only: unknown section '" + s +
                                                "' (allowed: throughput, compare, quality, memory)");
            if (o.sections.empty()) throw std::invalid_argument("--only expects a section name");
        } else if (flag == "--compare-sizes") o.compare_sizes = parse_int_list(flag, value, 16, 4096);
        else if (flag == "--quality-size") o.quality_size = parse_int(flag, value, 16, 4096);
        else if (flag == "--quality-iters") o.quality_iterations = parse_int(flag, value, 1, 100000);
        else if (flag == "--memory-size") o.memory_size = parse_int(flag, value, 16, 4096);
        else if (flag == "--memory-iters") o.memory_iterations = parse_int(flag, value, 1, 100000);
        else if (flag == "--weights") o.weights = value;
        else if (flag == "--content") o.content_image = value;
        else if (flag == "--style") o.style_image = value;
        else if (flag == "--padding") {
            try {
                o.padding = engine::parse_padding(value);
            } catch (const std::exception& e) {
                throw std::invalid_argument(flag + ": " + e.what());
            }
        }
        else throw std::invalid_argument("unknown flag '" + flag + "'\n" + usage());
    }
    return o;
}

}  // namespace bench
