#include "ui/write_jobs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>

#include "engine/errors.h"
#include "record/snapshot_names.h"
#include "ui/image_convert.h"
#include "ui/session_folder.h"
#include "ui/snapshot_strip.h"

namespace ui {
namespace {

engine::LossBreakdown lossesOf(const engine::Frame& frame, std::size_t variant) {
    return variant < frame.losses.size() ? frame.losses[variant] : engine::LossBreakdown{};
}

void removeWithSidecars(const QStringList& pngs) {
    for (const QString& png : pngs) {
        QFile::remove(png);
        QFile::remove(SessionFolder::sidecarPathFor(png));
    }
}

}  // namespace

engine::Params variantParams(engine::Params params, int variant) {
    if (variant == 1) params.style_loss = params.compare_loss;  // the sidecar describes this variant
    return params;
}

void writeSnapshot(SessionFolder& session, const engine::Frame& frame, const engine::Params& params,
                   WriteResult& result, const std::vector<std::string>& styles) {
    result.iteration = frame.iteration;
    const bool compare = frame.images.size() > 1;
    const QStringList names = variantNames(params, static_cast<int>(frame.images.size()));
    for (std::size_t v = 0; v < frame.images.size(); ++v) {
        const int variant = static_cast<int>(v);
        const auto saved = session.saveSnapshot(frame.images[v], frame.iteration, names.value(variant).toStdString(),
                                                variantParams(params, variant), lossesOf(frame, v), styles);
        result.written << saved.png;
        result.variants << names.value(variant);
        result.labels << (compare ? QStringLiteral("iter %1 %2").arg(frame.iteration).arg(v == 0 ? "A" : "B")
                                  : QStringLiteral("iter %1").arg(frame.iteration));
        result.thumbnails << toQImage(frame.images[v]).scaled(kSnapshotThumbnailSide, kSnapshotThumbnailSide,
                                                              Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
}

QStringList variantNames(const engine::Params& params, int variants) {
    QStringList names;
    for (const std::string& name : record::variant_names(params, variants)) names << QString::fromStdString(name);
    return names;
}

QStringList resultPaths(const QString& png, const engine::Params& params, int variants) {
    if (variants < 2) return {png};
    const QFileInfo info(png);
    const QDir dir = info.dir();
    const QString base = info.completeBaseName(), ext = info.suffix().isEmpty() ? QStringLiteral("png") : info.suffix();
    QStringList paths;
    for (const std::string& name : record::variant_names(params, variants))
        paths << QString::fromStdString(record::variant_path(dir.filePath(base + "." + ext).toStdString(), name));
    return paths;
}

void writeResult(SessionFolder& session, const engine::Frame& frame, const engine::Params& params, const QString& png,
                 WriteResult& result, const std::vector<std::string>& styles) {
    result.iteration = frame.iteration;
    const int variants = static_cast<int>(std::min<std::size_t>(frame.images.size(), 2));
    if (variants == 0) throw engine::OutputError(png.toStdString() + ": there is no image to save yet");
    const QStringList paths = resultPaths(png, params, variants);
    QStringList written;
    try {
        for (int v = 0; v < variants; ++v) {
            session.exportImage(frame.images[v], paths[v], variantParams(params, v), frame.iteration,
                                       lossesOf(frame, static_cast<std::size_t>(v)), styles);
            written << paths[v];
        }
    } catch (...) {
        removeWithSidecars(written);  // both variants or neither
        throw;
    }
    for (const QString& path : written) result.written << path << SessionFolder::sidecarPathFor(path);
}

void writeSnapshotExport(const QStringList& pngs, const QStringList& names, const QString& folder, WriteResult& result) {
    result.written = SessionFolder::exportSnapshots(pngs, folder, names);
}

void writeTimelapse(const QStringList& pngs, const QString& video, WriteResult& result) {
    SessionFolder::exportTimelapse(pngs, video);
    result.written << video;
}

}  // namespace ui
