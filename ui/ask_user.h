#pragma once
// The window's questions before anything the artist made is lost or replaced. Each is a
// QMessageBox run with exec() (object name "askUser"), so tests answer it from a timer.
#include <QStringList>

class QWidget;

namespace ui {

enum class UnsavedAnswer { Save, Discard, Cancel };

// Closing with a run going or a result not saved: Save / Discard / Cancel.
UnsavedAnswer askBeforeClosing(QWidget* parent, bool running, int iteration);
// Start while the last run's result is not saved (the new run replaces it on the canvas, the
// loss plot and the strip): Save / Replace (Discard) / Cancel.
UnsavedAnswer askBeforeReplacing(QWidget* parent, int iteration);
// Clear Result with a run going or a result not saved: true to clear.
bool askBeforeClearing(QWidget* parent, bool running, int iteration);
// Writing over existing files (all listed): true to replace them.
bool askBeforeOverwriting(QWidget* parent, const QStringList& existing);

}  // namespace ui
