#include "ui/session_folder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <nlohmann/json.hpp>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/timelapse.h"
#include "record/snapshot_names.h"

namespace ui {
namespace {

// An input as recorded; a file that can no longer be read (moved since it was loaded) keeps its
// path without a checksum rather than failing the save.
record::InputRecord describeInput(const std::string& path) {
    if (path.empty()) return {};
    try {
        return record::describe_file(path);
    } catch (const engine::InputError&) {
        return {path, std::string()};
    }
}

// A copied record names its new file.
std::string renamedRecord(const std::string& text, const QString& newName) {
    nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (!document.is_object() || !document.contains("snapshots") || !document["snapshots"].is_array()) return text;
    for (auto& snapshot : document["snapshots"]) snapshot["file"] = newName.toStdString();
    return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw engine::OutputError("cannot read snapshot " + path.toStdString() + ": " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

void removeAll(const QStringList& paths) {
    for (const QString& path : paths) QFile::remove(path);
}

}  // namespace

SessionFolder::SessionFolder(const QString& root) : root_(root) {
    if (root_.isEmpty()) root_ = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/sessions";
    planned_ = root_ + "/" + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"));
}

std::shared_ptr<SessionFolder> SessionFolder::inFolder(const QString& folder) {
    auto session = std::make_shared<SessionFolder>(QFileInfo(folder).absolutePath());
    session->planned_ = QFileInfo(folder).absoluteFilePath();
    return session;
}

QString SessionFolder::path() {
    if (!path_.isEmpty()) return path_;
    if (!QDir().mkpath(planned_))
        throw engine::OutputError("cannot create the session folder " + planned_.toStdString() +
                                  " (check that its parent is writable)");
    path_ = planned_;
    return path_;
}

record::RunRecord SessionFolder::recordOf(const engine::Params& params, const engine::RgbImage& image, int iteration,
                                          const std::string& file, const engine::LossBreakdown& losses,
                                          const std::vector<std::string>& styles) {
    record::RunRecord run;
    {
        std::lock_guard<std::mutex> lock(describedMutex_);
        if (!described_) {
            if (inputs_.start_image.empty() && !inputs_.start_pixels.empty()) {
                const QString start = QDir(path()).filePath(
                    QStringLiteral("start_%1.png").arg(inputs_.start_iteration, 4, 10, QChar('0')));
                engine::save_png(inputs_.start_pixels, start.toStdString());
                inputs_.start_image = start.toStdString();
                inputs_.start_pixels = {};
            }
            Described d{describeInput(inputs_.content), describeInput(inputs_.weights), describeInput(inputs_.start_image), {}};
            if (!inputs_.parent_record.empty()) {
                const record::InputRecord parent = describeInput(inputs_.parent_record);
                d.parent = {parent.path, parent.sha256, inputs_.start_iteration};
            }
            described_ = d;
        }
        run.content = described_->content;
        for (const std::string& path : styles.empty() ? inputs_.styles : styles) {
            auto it = describedStyles_.find(path);
            if (it == describedStyles_.end()) it = describedStyles_.emplace(path, describeInput(path)).first;
            run.styles.push_back(it->second);
        }
        run.weights = described_->weights;
        run.init_image = described_->start_image;
        run.parent = described_->parent;
    }
    run.start_iteration = inputs_.start_iteration;
    run.params = params;
    run.device = inputs_.device;
    run.height = image.height;
    run.width = image.width;
    run.snapshots.push_back({iteration, file, {losses}});
    run.status = "snapshot";  // an image of a window run, saved or exported while or after it ran
    return run;
}

QString SessionFolder::sidecarPathFor(const QString& png) {
    const QFileInfo info(png);
    return info.dir().filePath(info.completeBaseName() + ".json");
}

SessionFolder::Snapshot SessionFolder::saveSnapshot(const engine::RgbImage& image, int iteration,
                                                    const std::string& variant, const engine::Params& params,
                                                    const engine::LossBreakdown& losses,
                                                    const std::vector<std::string>& styles) {
    Snapshot snapshot;
    snapshot.iteration = iteration;
    snapshot.png = QDir(path()).filePath(QString::fromStdString(record::snapshot_file_name(iteration, variant)));
    snapshot.json = sidecarPathFor(snapshot.png);
    exportImage(image, snapshot.png, params, iteration, losses, styles);
    return snapshot;
}

void SessionFolder::exportImage(const engine::RgbImage& image, const QString& png, const engine::Params& params,
                                int iteration, const engine::LossBreakdown& losses, const std::vector<std::string>& styles) {
    const QString json = sidecarPathFor(png);
    engine::save_png(image, png.toStdString());
    try {
        const std::string file = QFileInfo(png).fileName().toStdString();
        record::RunRecord run = recordOf(params, image, iteration, file, losses, styles);
        if (!params.style_masks.empty())  // the painted regions, beside the record, so that it replays as it ran
            run.style_masks = record::write_style_masks(params.style_masks, {}, QFileInfo(png).absolutePath().toStdString());
        record::write_sidecar(run, json.toStdString());
    } catch (...) {
        QFile::remove(png);  // an image without its parameters is a partial export
        throw;
    }
}

// The style masks a record names, copied beside its exported copy (named after their content:
// one already there is the same mask and stays).
void SessionFolder::copyStyleMasks(const std::string& record, const QString& sidecar, const QString& folder,
                                   QStringList& written) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(record);
    } catch (const nlohmann::json::exception&) {
        return;  // not a record this can read: copied as it is, like before
    }
    for (const auto& mask : record::style_masks_from_json(document, sidecar.toStdString())) {
        const QString name = QString::fromStdString(mask.copy);
        const QString target = QDir(folder).filePath(name);
        if (QFileInfo::exists(target)) continue;
        engine::write_file_atomic(target.toStdString(), readAll(QFileInfo(sidecar).dir().filePath(name)));
        written << target;
    }
}

QStringList SessionFolder::exportSnapshots(const QStringList& pngs, const QString& folder, const QStringList& names) {
    if (!QDir().mkpath(folder))
        throw engine::OutputError("cannot create the export folder " + folder.toStdString());
    QStringList written, writtenPngs;
    try {
        for (qsizetype i = 0; i < pngs.size(); ++i) {
            const QString& png = pngs[i];
            const QString target = QDir(folder).filePath(i < names.size() ? names[i] : QFileInfo(png).fileName());
            engine::write_file_atomic(target.toStdString(), readAll(png));
            written << target;
            writtenPngs << target;
            const QString sidecar = sidecarPathFor(png);
            if (QFileInfo::exists(sidecar)) {
                const QString sidecarTarget = sidecarPathFor(target);
                const std::string record = readAll(sidecar);
                engine::write_file_atomic(sidecarTarget.toStdString(), renamedRecord(record, QFileInfo(target).fileName()));
                written << sidecarTarget;
                copyStyleMasks(record, sidecar, folder, written);
            }
        }
    } catch (...) {
        removeAll(written);
        throw;
    }
    return writtenPngs;
}

void SessionFolder::exportTimelapse(const QStringList& pngs, const QString& video, double fps) {
    std::vector<std::string> paths;
    for (const QString& png : pngs) paths.push_back(png.toStdString());
    if (paths.empty()) throw engine::OutputError("no snapshots to put in " + video.toStdString());
    engine::write_timelapse_from_files(paths, video.toStdString(), fps);
}

}  // namespace ui
