#include "ui/ask_user.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>

namespace ui {
namespace {

QString whatIsUnsaved(bool running, int iteration) {
    return running ? QObject::tr("A run is going (iteration %1); what it has painted is not saved.").arg(iteration)
                   : QObject::tr("The result (iteration %1) is not saved.").arg(iteration);
}

void prepare(QMessageBox& box) {
    box.setObjectName(QStringLiteral("askUser"));
    box.setIcon(QMessageBox::Warning);
}

}  // namespace

UnsavedAnswer askBeforeClosing(QWidget* parent, bool running, int iteration) {
    QMessageBox box(parent);
    prepare(box);
    box.setWindowTitle(QObject::tr("Close Gram Studio"));
    box.setText(whatIsUnsaved(running, iteration));
    box.setInformativeText(QObject::tr("Save the result before closing?"));
    box.setStandardButtons(QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
        case QMessageBox::Save: return UnsavedAnswer::Save;
        case QMessageBox::Discard: return UnsavedAnswer::Discard;
        default: return UnsavedAnswer::Cancel;
    }
}

UnsavedAnswer askBeforeReplacing(QWidget* parent, int iteration) {
    QMessageBox box(parent);
    prepare(box);
    box.setWindowTitle(QObject::tr("Start a New Run"));
    box.setText(whatIsUnsaved(false, iteration));
    box.setInformativeText(QObject::tr("A new run replaces the picture, the loss plot and the snapshot strip "
                                       "(the snapshot files stay in the session folder). Save the result first?"));
    box.setStandardButtons(QMessageBox::Save | QMessageBox::Cancel);
    QPushButton* replace = box.addButton(QObject::tr("Replace"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    const int answer = box.exec();
    if (box.clickedButton() == replace) return UnsavedAnswer::Discard;
    return answer == QMessageBox::Save ? UnsavedAnswer::Save : UnsavedAnswer::Cancel;
}

bool askBeforeClearing(QWidget* parent, bool running, int iteration) {
    QMessageBox box(parent);
    prepare(box);
    box.setWindowTitle(QObject::tr("Clear Result"));
    box.setText(whatIsUnsaved(running, iteration));
    box.setInformativeText(QObject::tr("Clear Result %1removes the picture, the loss plot and the snapshot strip "
                                       "(the snapshot files stay in the session folder). Parameters are kept.")
                               .arg(running ? QObject::tr("stops the run and ") : QString()));
    QPushButton* clear = box.addButton(QObject::tr("Clear Result"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == clear;
}

bool askBeforeOverwriting(QWidget* parent, const QStringList& existing) {
    QMessageBox box(parent);
    prepare(box);
    box.setWindowTitle(QObject::tr("Replace Files"));
    box.setText(QObject::tr("%n file(s) exist already and would be replaced:", nullptr, existing.size()));
    QStringList shown;
    for (const QString& path : existing.mid(0, 8)) shown << QDir::toNativeSeparators(path);
    if (existing.size() > 8) shown << QObject::tr("… and %n more (see Show Details)", nullptr, existing.size() - 8);
    box.setInformativeText(shown.join(QLatin1Char('\n')));
    box.setDetailedText(existing.join(QLatin1Char('\n')));
    QPushButton* replace = box.addButton(QObject::tr("Replace"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == replace;
}

}  // namespace ui
