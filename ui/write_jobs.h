#pragma once
// The work the BackgroundWriter does for the window, as plain functions of values (no widgets):
// each fills a WriteResult and throws engine::OutputError (naming the file and the reason) on
// failure, leaving nothing half-written behind.
#include <QString>
#include <QStringList>
#include <memory>

#include "engine/params.h"
#include "engine/run.h"
#include "ui/background_writer.h"

namespace ui {

class SessionFolder;

// The parameters that describe variant `variant` of a frame (1: the compare variant).
engine::Params variantParams(engine::Params params, int variant);

// Saves each variant of `frame` into the session folder (PNG + JSON sidecar) and makes a
// thumbnail and a strip label for each.
// `styles`: the paintings the frame was made with (empty: the session's inputs).
void writeSnapshot(SessionFolder& session, const engine::Frame& frame, const engine::Params& params,
                   WriteResult& result, const std::vector<std::string>& styles = {});

// How the variants of a frame are told apart in file names: nothing for one variant; else each
// one's style loss (full, diag, meanstd), or a and b when both use the same.
QStringList variantNames(const engine::Params& params, int variants);

// The files Ctrl+S writes for the chosen `png`: that file for one variant; in compare mode one
// file per variant beside it, named after the style loss (NAME_full.png, NAME_diag.png, ...).
QStringList resultPaths(const QString& png, const engine::Params& params, int variants);
// Writes them, each with its run record (the session's inputs); when one fails, the files already
// written are removed.
void writeResult(SessionFolder& session, const engine::Frame& frame, const engine::Params& params, const QString& png,
                 WriteResult& result, const std::vector<std::string>& styles = {});

// Copies the snapshots and their sidecars into `folder` as `names` (all or nothing).
void writeSnapshotExport(const QStringList& pngs, const QStringList& names, const QString& folder, WriteResult& result);
// A timelapse video of the PNGs.
void writeTimelapse(const QStringList& pngs, const QString& video, WriteResult& result);

}  // namespace ui
