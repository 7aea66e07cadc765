#include "ui/field_keys.h"

#include <QAbstractSpinBox>
#include <QKeyEvent>
#include <QVariant>
#include <QWidget>

namespace ui {
namespace {

// The value a field had when it took the focus: what Escape goes back to.
constexpr const char* kValueAtFocus = "gramstudioValueAtFocus";

bool isPlainKey(const QKeyEvent* key, std::initializer_list<int> keys) {
    const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
    if (modifiers != Qt::NoModifier) return false;
    for (int wanted : keys)
        if (key->key() == wanted) return true;
    return false;
}

}  // namespace

FieldKeys::FieldKeys(QWidget* focusAfter, QObject* parent) : QObject(parent), focusAfter_(focusAfter) {}

void FieldKeys::watchFieldsUnder(QWidget* root) {
    for (QAbstractSpinBox* box : root->findChildren<QAbstractSpinBox*>()) box->installEventFilter(this);
}

bool FieldKeys::eventFilter(QObject* watched, QEvent* event) {
    auto* box = qobject_cast<QAbstractSpinBox*>(watched);
    if (box && event->type() == QEvent::FocusIn) box->setProperty(kValueAtFocus, box->property("value"));
    if (!box || (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QObject::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (event->type() == QEvent::ShortcutOverride) {
        // Returning true leaves the override unaccepted: the window's shortcut (Pause) fires.
        if (isPlainKey(key, {Qt::Key_Space})) return true;
        if (isPlainKey(key, {Qt::Key_Escape})) {
            // Back to the value the field had when it took the focus (fields that follow each
            // keystroke have changed it already); setting the value also rewrites the text.
            const QVariant before = box->property(kValueAtFocus);
            if (before.isValid()) box->setProperty("value", before);
            if (focusAfter_) focusAfter_->setFocus(Qt::ShortcutFocusReason);
            return true;  // Stop (Esc) still fires while a run goes on
        }
        return false;
    }
    if (isPlainKey(key, {Qt::Key_Return, Qt::Key_Enter})) {
        box->interpretText();  // commit now: fields that apply on "editing finished" take it
        if (focusAfter_) focusAfter_->setFocus(Qt::OtherFocusReason);
        return true;
    }
    if (isPlainKey(key, {Qt::Key_Escape}) && focusAfter_) {  // no run, so no Stop shortcut: just leave
        focusAfter_->setFocus(Qt::OtherFocusReason);
        return true;
    }
    return false;
}

}  // namespace ui
