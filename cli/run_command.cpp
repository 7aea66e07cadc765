#include "cli/run_command.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "cli/cli_main.h"
#include "cli/compare_image.h"
#include "cli/interrupt.h"
#include "cli/output_paths.h"
#include "cli/progress.h"
#include "cli/run_options.h"
#include "cli/sidecar.h"
#include "engine/border_measure.h"
#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/memory_estimate.h"
#include "engine/recipes.h"
#include "engine/runtime.h"
#include "engine/seam_measure.h"
#include "engine/timelapse.h"
#include "engine/weights_locator.h"
#include "record/background_writer.h"
#include "record/sha256.h"
#include "record/snapshot_names.h"
#include "record/style_masks.h"

namespace cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitInterrupted = 130;
constexpr int kExitDiverged = 2;  // the parameters made the loss diverge or stall

record::InputRecord describe_input(const std::string& path, const std::string& expected_sha256, const char* what) {
    record::InputRecord record = record::describe_file(path);
    if (!expected_sha256.empty() && expected_sha256 != record.sha256)
        throw engine::InputError(path + ": the " + std::string(what) + " changed since the sidecar was written (SHA-256 " +
                                 record.sha256 + ", recorded " + expected_sha256 + "); the run cannot be reproduced");
    return record;
}

// The image a snapshot or the result shows: the one variant, or both side by side in compare mode.
engine::RgbImage shown_image(const engine::Frame& frame, const engine::Params& params) {
    if (frame.images.size() < 2) return frame.images.at(0);
    return side_by_side(frame.images[0], engine::to_string(params.style_loss), frame.images[1],
                        engine::to_string(params.compare_loss));
}

json losses_list(const engine::Frame& frame) {
    json list = json::array();
    for (const auto& l : frame.losses) list.push_back(record::losses_to_json(l));
    return list;
}

json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

// Per side, the outer 3-px band's change from the photo against the 8-px ring inside it
// (engine/border_measure.h); null for an image too small for both, or one interrupted at a
// coarser scale.
json border_json(const engine::RgbImage& photo, const engine::RgbImage& result) {
    constexpr int kBand = 3, kRing = 8;
    if (result.width != photo.width || result.height != photo.height) return nullptr;
    if (2 * (kBand + kRing) > photo.width || 2 * (kBand + kRing) > photo.height) return nullptr;
    const engine::BorderChange change = engine::measure_border_change(photo, result, kBand, kRing);
    json sides = json::object();
    for (engine::Side side : {engine::Side::Left, engine::Side::Top, engine::Side::Right, engine::Side::Bottom})
        sides[engine::to_string(side)] = {{"band", change.side(side).band}, {"ring", change.side(side).ring}};
    return {{"band_px", kBand},
            {"ring_px", kRing},
            {"sides", sides},
            {"worst_side", engine::to_string(change.worst_side())},
            {"worst_excess", change.worst_excess()},
            {"mean_excess", change.mean_excess()}};
}

class StylizeJob {
public:
    StylizeJob(const RunOptions& options, const OutputPaths& paths, const std::string& weights_path)
        : o_(options), paths_(paths), weights_path_(weights_path) {}

    int execute() {
        install_interrupt_handler();  // before the slow loading, so an early Ctrl-C still exits 130
        const std::string& weights_path = weights_path_;
        content_ = engine::load_image(o_.content, o_.params.size);
        const engine::RgbImage& content = content_;
        // At their own resolution: the run resizes them per scale and style scale, never past max_size.
        std::vector<engine::RgbImage> styles;
        for (const auto& path : o_.styles) {
            styles.push_back(engine::load_image(path));
            if (std::max(styles.back().width, styles.back().height) > engine::ParamLimits::max_size)
                styles.back() = engine::resize_to_longest_side(styles.back(), engine::ParamLimits::max_size);
        }
        load_masks();
        record_.arguments = o_.arguments;
        record_.replayed_from = o_.replayed_from;
        record_.content = describe_input(o_.content, o_.expected_content_sha256, "content image");
        for (std::size_t i = 0; i < o_.styles.size(); ++i)
            record_.styles.push_back(describe_input(
                o_.styles[i], i < o_.expected_style_sha256.size() ? o_.expected_style_sha256[i] : std::string(), "style image"));
        record_.weights = describe_input(weights_path, o_.expected_weights_sha256, "weights file");
        engine::RunStart start;
        start.iteration = o_.start_iteration;
        if (!o_.init_image.empty()) {
            start.image = engine::load_image(o_.init_image);  // the run resizes it to its size
            record_.init_image = describe_input(o_.init_image, o_.expected_init_sha256, "start image");
        }
        record_.start_iteration = o_.start_iteration;
        record_.parent = o_.parent;

        const torch::Device device = engine::choose_device(o_.params.device);
        record_.threads = engine::configure_threads(o_.params.threads);
        record_.device = engine::device_name(device);
        engine::Vgg19 model = engine::load_vgg19(weights_path, device);
        engine::Params params = o_.params;
        params.style_masks = masks_;
        if (o_.fit_recipe_layers) recipe_note_ = engine::fit_layers_to_model(params, *model);
        if (!recipe_note_.empty() && !o_.quiet) std::cerr << "Recipe " << o_.recipe << ": " << recipe_note_ << "\n";
        engine::set_memory_limit(o_.max_memory);
        engine::Run run(model, content, styles, params, start);
        record_.params = run.params();
        const engine::Frame initial = run.current(false);
        note_style_frames(initial.style_frames);
        // A tiny size may have raised the longest side (run_image_size).
        std::tie(record_.height, record_.width) = engine::run_image_size(content.height, content.width);
        record_.snapshot_every = o_.snapshot_every;
        // Everything is loaded and fits: only now is an earlier run's record removed (--overwrite).
        remove_earlier_run(paths_.earlier_run);
        if (!paths_.sidecar.empty() && !masks_.empty())  // beside the record, so that it replays as it ran
            record_.style_masks = record::write_style_masks(
                masks_, mask_sources_, std::filesystem::absolute(paths_.sidecar).parent_path().string());
        else if (!masks_.empty())  // no record: the summary still says which masks ran
            record_.style_masks = record::describe_style_masks(masks_, mask_sources_);
        save_sidecar();

        Progress progress(std::cerr, Progress::stderr_is_terminal(), o_.quiet, o_.params.iterations,
                          Progress::terminal_width());
        while (!run.ended()) {
            if (interrupted()) run.cancel();
            const bool snapshot_due = o_.snapshot_every > 0 && (run.iteration() + 1) % o_.snapshot_every == 0;
            const engine::Frame frame = run.step(snapshot_due);
            if (frame.status == engine::RunStatus::Cancelled) break;
            progress.update(frame);
            if (snapshot_due && frame.iteration % o_.snapshot_every == 0) write_snapshot(frame);
            stop_on_write_error();
        }
        const engine::Frame last = run.current(true);
        progress.finish(last);
        writer_.wait();  // every snapshot on disk and in the record before the result (and at Ctrl-C)
        stop_on_write_error();
        write_results(last);
        if (!o_.quiet && last.status != engine::RunStatus::Cancelled) say_what_was_written(last);
        if (o_.json) std::cout << summary(initial, last).dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
        return finish(last);
    }

private:
    // --style-mask files, or a replayed record's masks (its copies, checked against their SHA-256).
    void load_masks() {
        if (!o_.style_masks.empty()) {
            for (const auto& path : o_.style_masks)
                masks_.push_back(std::make_shared<const engine::RegionMask>(record::load_mask_file(path)));
            mask_sources_ = o_.style_masks;
        } else if (!o_.recorded_masks.empty()) {
            masks_ = record::read_style_masks(o_.recorded_masks, o_.recorded_masks_record);
            for (const auto& mask : o_.recorded_masks) mask_sources_.push_back(mask.source);
        }
    }

    void save_sidecar() {
        if (!paths_.sidecar.empty()) record::write_sidecar(record_, paths_.sidecar);
    }

    // On the writer's thread, so the optimization never waits for PNG encoding or the disk. While
    // the run goes on only the writer touches record_ (the loop reads none of it); the loop's end
    // waits for it before writing the result.
    // A compare run's snapshot: one file per variant, named after its style loss, as the window
    // names them (iter_0010_full.png, iter_0010_diag.png).
    void write_snapshot(const engine::Frame& frame) {
        const std::vector<std::string> variants =
            record::variant_names(record_.params, static_cast<int>(frame.images.size()));
        std::vector<std::string> names;
        for (std::size_t v = 0; v < std::max<std::size_t>(1, variants.size()); ++v)
            names.push_back(record::snapshot_file_name(frame.iteration, variants.empty() ? std::string() : variants[v]));
        snapshot_iterations_.push_back(frame.iteration);
        snapshot_paths_.push_back((fs::path(paths_.snapshot_dir) / names.front()).string());
        writer_.submit([this, images = frame.images, iteration = frame.iteration, losses = frame.losses, names, variants] {
            record::SnapshotRecord snapshot{iteration, names.front(), losses, {}, {}};
            for (std::size_t v = 0; v < names.size(); ++v) {
                const std::string path = (fs::path(paths_.snapshot_dir) / names[v]).string();
                engine::save_png(images.at(v), path);
                // Its checksum, so that a branch from it (--branch --at) can tell a changed file.
                const std::string sha256 = record::sha256_file(path);
                if (v == 0) snapshot.sha256 = sha256;
                if (!variants.empty()) snapshot.variants.push_back({variants[v], names[v], sha256});
            }
            record_.snapshots.push_back(snapshot);
            save_sidecar();  // after each snapshot, so an interrupted run is still described
        });
    }

    // The timelapse of the snapshots; a compare run's shows both variants side by side.
    void write_timelapse() {
        if (!record_.params.compare) return engine::write_timelapse_from_files(snapshot_paths_, paths_.timelapse);
        const std::vector<std::string> variants = record::variant_names(record_.params, 2);
        std::vector<engine::RgbImage> frames;
        for (const int iteration : snapshot_iterations_) {
            const auto load = [&](const std::string& variant) {
                return engine::load_image(
                    (fs::path(paths_.snapshot_dir) / record::snapshot_file_name(iteration, variant)).string());
            };
            frames.push_back(side_by_side(load(variants[0]), engine::to_string(record_.params.style_loss), load(variants[1]),
                                          engine::to_string(record_.params.compare_loss)));
        }
        engine::write_timelapse(frames, paths_.timelapse);
    }

    // A snapshot that could not be written ends the run as any output error does.
    void stop_on_write_error() const {
        if (writer_.failures() > 0) throw engine::OutputError(writer_.first_error());
    }

    void write_results(const engine::Frame& last) {
        engine::save_png(shown_image(last, record_.params), paths_.out);
        outputs_.push_back(paths_.out);
        json result = {{"iterations", last.iteration}, {"seconds", last.elapsed_seconds}, {"losses", losses_list(last)}};
        border_ = border_json(content_, last.images.at(0));
        result["border"] = border_;
        result["scale_tiles"] = last.scale_tiles;  // 1: whole; more: computed in tiles (memory limit)
        if (!last.tiles.empty()) {
            // At the last evaluation's tile boundaries (each evaluation moves them); the photo's own
            // ratio at the same lines is the yardstick (edges of the subject may happen to lie on them).
            const engine::SeamMeasure seams = engine::measure_seams(last.images.at(0), last.tiles);
            seams_ = {{"ratio", seams.ratio()}, {"photo_ratio", engine::measure_seams(content_, last.tiles).ratio()},
                      {"at_boundaries", seams.at_boundaries}, {"elsewhere", seams.elsewhere},
                      {"boundaries", seams.boundaries}};
            result["seams"] = seams_;
        }
        if (last.images.size() >= 2) {
            engine::save_png(last.images[0], paths_.out_main);
            engine::save_png(last.images[1], paths_.out_compare);
            outputs_.push_back(paths_.out_main);
            outputs_.push_back(paths_.out_compare);
            compare_ = compare_json(last);
            result["compare"] = compare_;
        }
        if (!paths_.timelapse.empty() && !snapshot_paths_.empty()) {
            write_timelapse();
            outputs_.push_back(paths_.timelapse);
        }
        if (!paths_.sidecar.empty()) outputs_.push_back(paths_.sidecar);
        result["outputs"] = outputs_;
        record_.result = result;
        record_.status = engine::to_string(last.status);
        save_sidecar();
    }

    json compare_json(const engine::Frame& last) const {
        const ImageDifference difference = image_difference(last.images[0], last.images[1]);
        return {{"modes", {engine::to_string(record_.params.style_loss), engine::to_string(record_.params.compare_loss)}},
                {"files", {paths_.out_main, paths_.out_compare}},
                {"losses", losses_list(last)},
                {"mean_abs_diff", difference.mean_abs},
                {"psnr_db", number_or_null(difference.psnr)}};
    }

    json summary(const engine::Frame& initial, const engine::Frame& last) const {
        json out = {
            {"status", engine::to_string(last.status)},
            {"iterations", last.iteration},
            {"seconds", last.elapsed_seconds},
            {"sec_per_iter", last.iteration > 0 ? last.elapsed_seconds / last.iteration : 0.0},
            {"size", {record_.height, record_.width}},
            {"device", record_.device},
            {"threads", record_.threads},
            {"initial_loss", record::losses_to_json(initial.losses.at(0))},
            {"loss", record::losses_to_json(last.losses.at(0))},
            {"outputs", outputs_},
            {"border", border_},
            {"styles", record::styles_to_json(record_)},
            {"style_scale", record_.params.style_scale},
            {"style_size", {last.style_height, last.style_width}},
            {"style_upscaled", last.style_upscaled},
            {"style_frames", style_frames_},
            {"scale_tiles", last.scale_tiles},
        };
        if (!seams_.is_null()) out["seams"] = seams_;
        if (o_.max_memory > 0) out["max_memory"] = engine::format_memory_size(o_.max_memory);
        if (!compare_.is_null()) out["compare"] = compare_;
        if (record_.start_iteration > 0) out["start_iteration"] = record_.start_iteration;
        if (!o_.recipe.empty()) out["recipe"] = {{"name", o_.recipe}, {"layers_note", recipe_note_}};
        return out;
    }

    // What the run cut off each style image (engine/style_frame.h), for the summary and, when
    // something was cut, for the reader of stderr.
    void note_style_frames(const std::vector<engine::StyleFrame>& frames) {
        style_frames_ = json::array();
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const engine::StyleFrame& f = frames[i];
            style_frames_.push_back({{"left", f.left}, {"top", f.top}, {"right", f.right}, {"bottom", f.bottom}});
            if (f.any() && !o_.quiet)
                std::cerr << "Cut a scanned frame off " << o_.styles.at(i) << " (" << engine::describe(f)
                          << "): its edges would paint a line around the result. --keep-style-frame keeps it.\n";
        }
    }

    // The final line on stderr: where the result and everything else went.
    void say_what_was_written(const engine::Frame& last) const {
        if (!last.message.empty() && last.status == engine::RunStatus::Finished) std::cerr << last.message << "\n";
        if (last.style_upscaled)
            std::cerr << "Note: --style-scale " << record_.params.style_scale << " enlarged the style image past its own "
                      << "resolution, to " << last.style_width << "x" << last.style_height
                      << ": its strokes are interpolated, softer than the painting's.\n";
        std::cerr << "Wrote " << paths_.out << " (" << record_.width << "x" << record_.height << ")";
        for (std::size_t i = 1; i < outputs_.size(); ++i) std::cerr << (i + 1 == outputs_.size() ? " and " : ", ") << outputs_[i];
        if (!snapshot_paths_.empty()) std::cerr << "; " << snapshot_paths_.size() << " snapshots in " << paths_.snapshot_dir;
        std::cerr << "\n";
    }

    int finish(const engine::Frame& last) const {
        switch (last.status) {
            case engine::RunStatus::Cancelled:
                std::cerr << "gramstudio-cli: interrupted at iteration " << last.iteration << ": the result so far is in "
                          << paths_.out << "\n";
                return kExitInterrupted;
            case engine::RunStatus::NumericFault:  // NaN, divergence or a stall: the message says which
                std::cerr << "gramstudio-cli: error: " << last.message << "\n";
                return kExitDiverged;
            default:
                return 0;
        }
    }

    const RunOptions& o_;
    const OutputPaths& paths_;
    const std::string weights_path_;
    record::RunRecord record_;
    engine::RgbImage content_;  // the photo at the result's size
    json border_;
    json seams_;  // measured on a result computed in tiles
    json style_frames_ = json::array();
    std::vector<engine::SharedMask> masks_;  // Params::style_masks of the run
    std::vector<std::string> mask_sources_;  // per style: the pixels cut off each side
    record::BackgroundWriter writer_;     // last: destroyed (every write finished) first
    std::vector<std::string> snapshot_paths_;  // the main variant's
    std::vector<int> snapshot_iterations_;
    std::vector<std::string> outputs_;
    json compare_;
    std::string recipe_note_;  // the layers a recipe named that the weights lack
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
    const RunOptions options = parse_run_options(args);
    if (options.help) {
        // Asked for: the help on stdout. No arguments at all: the same on stderr, and a usage error.
        (args.empty() ? std::cerr : std::cout) << run_help();
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::string weights = engine::find_weights(options.weights);
    std::vector<NamedInput> inputs{{"the content image", options.content}, {"the weights file", weights}};
    for (std::size_t i = 0; i < options.styles.size(); ++i)
        inputs.push_back({options.styles.size() == 1 ? "the style image" : "style image " + std::to_string(i + 1),
                          options.styles[i]});
    for (std::size_t i = 0; i < options.style_masks.size(); ++i)
        inputs.push_back({"the mask of style " + std::to_string(i + 1), options.style_masks[i]});
    if (!options.init_image.empty()) inputs.push_back({"the start image", options.init_image});
    const OutputPaths paths = plan_outputs(options, inputs);
    return StylizeJob(options, paths, weights).execute();
}

}  // namespace cli
