#pragma once
// Where a window session keeps its snapshots on disk (not only in memory), and exports from it.
// Layout: <cache>/sessions/<timestamp>/iter_0010.png + iter_0010.json, the run record
// (record/run_record.h: inputs with SHA-256, parameters, weights, the iteration and its losses), the
// same format as the CLI's run.json, so `gramstudio-cli --replay iter_0010.json` repeats the run.
// Every write is atomic (engine::save_png / write_file_atomic); errors throw engine::OutputError.
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "record/run_record.h"

#include "engine/params.h"
#include "engine/rgb_image.h"
#include "engine/run.h"

namespace ui {

class SessionFolder {
public:
    // root: the folder holding sessions; empty: QStandardPaths::CacheLocation + "/sessions".
    explicit SessionFolder(const QString& root = QString());

    // A branch's session: its folder is `folder` (made on first use), inside the session it
    // branched from (MainWindow keeps the branches, record/branch_tree.h).
    static std::shared_ptr<SessionFolder> inFolder(const QString& folder);

    // Creates the session's folder on first use; throws OutputError naming it when impossible.
    QString path();
    // Where path() makes it (<root>/<timestamp> or inFolder's), known before anything is written.
    QString plannedPath() const { return planned_; }

    // The files the run read (empty path: pasted image data) and the device it ran on; set at
    // Start, before any write. Their SHA-256 are computed once, by the first write (off the UI thread).
    struct Inputs {
        std::string content;
        std::vector<std::string> styles;  // the paintings, in blend order
        std::string weights, device;
        // "Continue from here": the snapshot the run started from (empty: none), its iteration,
        // and the record that lists it (empty: none).
        std::string start_image;
        // ... or an iteration kept only in memory (the timeline's): written into the session
        // folder as start_NNNN.png by the first write, and recorded like a start snapshot.
        engine::RgbImage start_pixels;
        int start_iteration = 0;
        std::string parent_record;
    };
    void setInputs(const Inputs& inputs) { inputs_ = inputs; }
    // The record written beside `file`: this run's inputs, `params` and one snapshot. `styles`:
    // the paintings the image was made with, when they changed during the run (empty: the inputs').
    record::RunRecord recordOf(const engine::Params& params, const engine::RgbImage& image, int iteration,
                               const std::string& file, const engine::LossBreakdown& losses,
                               const std::vector<std::string>& styles = {});

    struct Snapshot {
        QString png, json;
        int iteration = 0;
    };
    // `variant`: empty for a single run, else the compare variant's name (record::variant_names:
    // "full", "diag", ...), which the file name carries (record::snapshot_file_name).
    Snapshot saveSnapshot(const engine::RgbImage& image, int iteration, const std::string& variant, const engine::Params& params,
                          const engine::LossBreakdown& losses, const std::vector<std::string>& styles = {});

    // Sidecar path for a PNG path (same name, .json).
    static QString sidecarPathFor(const QString& png);

    // Copies PNGs and their sidecars into `folder`, each PNG named as in `names` (empty: its own
    // name; the sidecar follows it, its record naming the new file). On any error the files this call already wrote are removed
    // and OutputError is thrown: no partial export. Returns the written PNGs.
    static QStringList exportSnapshots(const QStringList& pngs, const QString& folder,
                                       const QStringList& names = QStringList());
    // Writes `image` to `png` and its run record beside it; nothing is left behind on error.
    void exportImage(const engine::RgbImage& image, const QString& png, const engine::Params& params, int iteration,
                     const engine::LossBreakdown& losses, const std::vector<std::string>& styles = {});
    // A timelapse video (.avi or .mp4) of the PNGs, in the given order.
    static void exportTimelapse(const QStringList& pngs, const QString& video, double fps = 10.0);

private:
    static void copyStyleMasks(const std::string& record, const QString& sidecar, const QString& folder,
                               QStringList& written);

    QString root_, planned_, path_;
    Inputs inputs_;
    std::mutex describedMutex_;  // the writer thread describes the inputs; guarded for safety
    struct Described {
        record::InputRecord content, weights, start_image;
        record::ParentLink parent;  // the start snapshot's own record, when it has one
    };
    std::optional<Described> described_;
    std::map<std::string, record::InputRecord> describedStyles_;  // by path: each file hashed once
};

}  // namespace ui
