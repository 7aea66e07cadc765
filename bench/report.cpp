#include "bench/report.h"

#include <iomanip>
#include <sstream>

namespace bench {
namespace {

nlohmann::json timing_json(const Timing& t) {
    return {{"label", t.label()},
            {"size", t.size},
            {"height", t.height},
            {"width", t.width},
            {"mode", engine::to_string(t.mode)},
            {"compare_mode", t.compare ? engine::to_string(t.compare_mode) : ""},
            {"optimizer", engine::to_string(t.optimizer)},
            {"threads_requested", t.threads_requested},
            {"threads", t.threads},
            {"warmup", t.warmup},
            {"seconds_per_iteration", t.median},
            {"min_seconds", t.minimum},
            {"seconds", t.seconds},
            {"setup_seconds", t.setup_seconds},
            {"initial_loss", t.initial_loss},
            {"final_loss", t.final_loss},
            {"status", t.status}};
}

std::string fixed(double value, int digits) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(digits) << value;
    return out.str();
}

// Targets from GitHub issue 6.
constexpr double kCompareTarget = 1.6, kQualityTarget = 1.0 / 3.0, kMemoryTargetMiB = 4096;

}  // namespace

nlohmann::json to_json(const Results& r, const Options& o) {
    nlohmann::json json;
    json["machine"] = r.machine.to_json();
    json["weights"] = r.weights;
    json["options"] = {{"iterations", o.iterations}, {"warmup", o.warmup}, {"quick", o.quick}, {"sections", o.sections},
                       {"padding", engine::to_string(o.padding)}};
    json["throughput"] = nlohmann::json::array();
    for (const auto& t : r.throughput) json["throughput"].push_back(timing_json(t));
    json["compare"] = nlohmann::json::array();
    for (const auto& c : r.compare)
        json["compare"].push_back({{"single_first", timing_json(c.first)},
                                   {"single_second", timing_json(c.second)},
                                   {"pair", timing_json(c.pair)},
                                   {"ratio_to_single", c.ratio_to_single()},
                                   {"ratio_to_both_singles", c.ratio_to_both()},
                                   {"target_ratio_to_single", kCompareTarget}});
    if (r.quality) {
        const auto& q = *r.quality;
        nlohmann::json comparisons = nlohmann::json::array();
        for (const auto& c : q.comparisons) {
            nlohmann::json runs = nlohmann::json::array();
            for (const auto& run : c.runs)
                runs.push_back({{"label", run.label},
                                {"optimizer", engine::to_string(run.optimizer)},
                                {"init", engine::to_string(run.init)},
                                {"scales", run.scales},
                                {"iterations", run.iterations},
                                {"reached", run.reached},
                                {"seconds_to_target", run.reached ? nlohmann::json(run.seconds_to_target) : nlohmann::json()},
                                {"fraction_of_baseline",
                                 run.reached ? nlohmann::json(run.seconds_to_target / c.baseline_seconds) : nlohmann::json()},
                                {"iteration_reached", run.iteration_reached},
                                {"total_seconds", run.total_seconds},
                                {"final_loss", run.final_loss},
                                {"curve", run.curve}});
            comparisons.push_back({{"title", c.title},
                                   {"target_loss", c.target_loss},
                                   {"baseline_seconds", c.baseline_seconds},
                                   {"runs", runs}});
        }
        json["quality"] = {{"size", q.size},       {"height", q.height},
                           {"width", q.width},     {"threads", q.threads},
                           {"baseline_iterations", q.baseline_iterations},
                           {"target_fraction", kQualityTarget}, {"comparisons", comparisons}};
    }
    json["memory"] = nlohmann::json::array();
    for (const auto& m : r.memory)
        json["memory"].push_back({{"size", m.size},
                                  {"height", m.height},
                                  {"width", m.width},
                                  {"compare", m.compare},
                                  {"optimizer", engine::to_string(m.optimizer)},
                                  {"iterations", m.iterations},
                                  {"peak_mib", m.peak_mib},
                                  {"vm_hwm_mib", m.vm_hwm_mib},
                                  {"before_run_mib", m.baseline_mib},
                                  {"estimate_mib", m.estimate_mib},
                                  {"target_mib", m.compare ? nlohmann::json(kMemoryTargetMiB) : nlohmann::json()},
                                  {"error", m.error}});
    return json;
}

std::string to_markdown(const Results& r) {
    std::ostringstream md;
    md << "# gramstudio-bench results\n\n" << r.machine.markdown() << "- Weights: `" << r.weights << "`\n\n";
    if (!r.throughput.empty()) {
        md << "## Seconds per iteration (median after warm-up)\n\n"
           << "| size | image | mode | optimizer | threads | s/iteration | min | setup s | status |\n"
           << "|---:|---|---|---|---:|---:|---:|---:|---|\n";
        for (const auto& t : r.throughput)
            md << "| " << t.size << " | " << t.width << "x" << t.height << " | " << engine::to_string(t.mode) << " | "
               << engine::to_string(t.optimizer) << " | " << t.threads << " | " << fixed(t.median, 3) << " | "
               << fixed(t.minimum, 3) << " | " << fixed(t.setup_seconds, 2) << " | " << t.status << " |\n";
        md << "\n";
    }
    if (!r.compare.empty()) {
        md << "## Compare mode (two variants batched) against single runs\n\n"
           << "| size | optimizer | threads | full s/it | diag s/it | full+diag s/it | pair / full | pair / (full + diag) | target |\n"
           << "|---:|---|---:|---:|---:|---:|---:|---:|---|\n";
        for (const auto& c : r.compare)
            md << "| " << c.pair.size << " | " << engine::to_string(c.pair.optimizer) << " | " << c.pair.threads << " | "
               << fixed(c.first.median, 3) << " | " << fixed(c.second.median, 3) << " | " << fixed(c.pair.median, 3)
               << " | " << fixed(c.ratio_to_single(), 2) << " | " << fixed(c.ratio_to_both(), 2) << " | "
               << (c.ratio_to_single() <= kCompareTarget ? "met" : "missed") << " (<= " << kCompareTarget << ") |\n";
        md << "\n";
    }
    if (r.quality) {
        const auto& q = *r.quality;
        md << "## Time to quality at " << q.width << "x" << q.height << " (" << q.threads << " threads)\n\n"
           << "Each baseline runs " << q.baseline_iterations << " iterations; the others stop as soon as their image "
           << "reaches the baseline's final loss (every image evaluated as 8-bit at the final size by one "
           << "engine::Objective). Target: at most " << fixed(kQualityTarget, 2) << " of the plain loop's time.\n\n";
        for (const auto& c : q.comparisons) {
            md << "### " << c.title << "\n\nTarget loss " << fixed(c.target_loss, 3) << " in " << fixed(c.baseline_seconds, 1)
               << " s.\n\n"
               << "| run | budget | reached | seconds | fraction of baseline | at iteration | final loss |\n"
               << "|---|---:|---|---:|---:|---:|---:|\n";
            for (const auto& run : c.runs)
                md << "| " << run.label << " | " << run.iterations << " | " << (run.reached ? "yes" : "no") << " | "
                   << (run.reached ? fixed(run.seconds_to_target, 1) : "-") << " | "
                   << (run.reached ? fixed(run.seconds_to_target / c.baseline_seconds, 2) : "-") << " | "
                   << (run.reached ? std::to_string(run.iteration_reached) : "-") << " | " << fixed(run.final_loss, 3)
                   << " |\n";
            md << "\n";
        }
    }
    if (!r.memory.empty()) {
        md << "## Peak resident memory (child process, ru_maxrss)\n\n"
           << "| size | image | variants | optimizer | iterations | peak MiB | before run MiB | engine estimate MiB | note |\n"
           << "|---:|---|---|---|---:|---:|---:|---:|---|\n";
        for (const auto& m : r.memory)
            md << "| " << m.size << " | " << m.width << "x" << m.height << " | " << (m.compare ? "compare (2)" : "single")
               << " | " << engine::to_string(m.optimizer) << " | " << m.iterations << " | " << fixed(m.peak_mib, 0)
               << " | " << fixed(m.baseline_mib, 0) << " | " << fixed(m.estimate_mib, 0) << " | "
               << (m.error.empty() ? (m.compare ? (m.peak_mib < kMemoryTargetMiB ? "under 4 GB" : "over 4 GB") : "")
                                   : m.error)
               << " |\n";
        md << "\n";
    }
    return md.str();
}

}  // namespace bench
