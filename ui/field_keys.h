#pragma once
// Keys in the window's number fields (spin boxes), so that the run's shortcuts work whatever has
// focus: Space pauses instead of typing a space (a number never holds one), Enter commits the
// value and leaves the field, Escape restores the value the field had when it took the focus and leaves (and still stops
// a run: the shortcut sees it too). "Leaving" gives the focus to `focusAfter` (the canvas).
#include <QObject>
#include <QPointer>

class QWidget;

namespace ui {

class FieldKeys : public QObject {
    Q_OBJECT
public:
    FieldKeys(QWidget* focusAfter, QObject* parent);
    // Watches every spin box under `root` (call once the panels are built).
    void watchFieldsUnder(QWidget* root);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QWidget> focusAfter_;
};

}  // namespace ui
