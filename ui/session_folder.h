#pragma once
// Where a window session keeps its snapshots on disk (not only in memory), and exports from it.
// Layout: <cache>/sessions/<timestamp>/iter_0010.png + iter_0010.json (parameters and losses).
// Every write is atomic (engine::save_png / write_file_atomic); errors throw engine::OutputError.
#include <QString>
#include <QStringList>
#include <string>

#include "engine/params.h"
#include "engine/rgb_image.h"
#include "engine/run.h"

namespace ui {

class SessionFolder {
public:
    // root: the folder holding sessions; empty: QStandardPaths::CacheLocation + "/sessions".
    explicit SessionFolder(const QString& root = QString());

    // Creates the session's folder on first use; throws OutputError naming it when impossible.
    QString path();

    struct Snapshot {
        QString png, json;
        int iteration = 0;
    };
    // variant 0 is the main image, 1 the compare variant (file name suffix "_b").
    Snapshot saveSnapshot(const engine::RgbImage& image, int iteration, int variant, const engine::Params& params,
                          const engine::LossBreakdown& losses);

    // The JSON written beside each PNG.
    static std::string sidecarJson(const engine::Params& params, int iteration, const engine::LossBreakdown& losses);
    // Sidecar path for a PNG path (same name, .json).
    static QString sidecarPathFor(const QString& png);

    // Copies PNGs and their sidecars into `folder`, each PNG named as in `names` (empty: its own
    // name; the sidecar follows it). On any error the files this call already wrote are removed
    // and OutputError is thrown: no partial export. Returns the written PNGs.
    static QStringList exportSnapshots(const QStringList& pngs, const QString& folder,
                                       const QStringList& names = QStringList());
    // Writes `image` to `png` and its sidecar beside it; nothing is left behind on error.
    static void exportImage(const engine::RgbImage& image, const QString& png, const engine::Params& params,
                            int iteration, const engine::LossBreakdown& losses);
    // A timelapse video (.avi or .mp4) of the PNGs, in the given order.
    static void exportTimelapse(const QStringList& pngs, const QString& video, double fps = 10.0);

private:
    QString root_, path_;
};

}  // namespace ui
