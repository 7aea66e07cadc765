#pragma once
// How the window names what it writes for the artist (Save Result, Export Snapshots): after the
// run, "<photo>_<painting>_<iteration>[_<variant>].png", never a bare "iter_0150.png" that the
// next export would overwrite; and which of the files a write would make exist already.
#include <QString>
#include <QStringList>

namespace ui {

// "building_starry_night" from the inputs' labels (file names: the extension goes; characters a
// file name should not hold become '_'; "pasted image" gives "pasted_image").
QString runBaseName(const QString& contentLabel, const QString& styleLabel);
// "building_starry_night_0150.png", or with a variant (a style loss: full, diag, meanstd)
// "building_starry_night_0150_diag.png".
QString runFileName(const QString& base, int iteration, const QString& variant = QString());
// The files among `pngs` and their JSON sidecars that exist already: what a write would replace.
QStringList existingOutputs(const QStringList& pngs);

}  // namespace ui
