#include "ui/export_names.h"

#include <QFileInfo>
#include <QRegularExpression>

#include "ui/session_folder.h"

namespace ui {
namespace {

QString namePart(const QString& label) {
    static const QRegularExpression unsafe(QStringLiteral("[^\\w.-]+"));
    QString part = QFileInfo(label).completeBaseName();
    if (part.isEmpty()) part = label;
    part.replace(unsafe, QStringLiteral("_"));
    return part.isEmpty() ? QStringLiteral("image") : part;
}

}  // namespace

QString runBaseName(const QString& contentLabel, const QString& styleLabel) {
    return namePart(contentLabel) + QLatin1Char('_') + namePart(styleLabel);
}

QString runFileName(const QString& base, int iteration, const QString& variant) {
    const QString number = QStringLiteral("%1").arg(iteration, 4, 10, QLatin1Char('0'));
    return variant.isEmpty() ? QStringLiteral("%1_%2.png").arg(base, number)
                             : QStringLiteral("%1_%2_%3.png").arg(base, number, variant);
}

QStringList existingOutputs(const QStringList& pngs) {
    QStringList existing;
    for (const QString& png : pngs)
        for (const QString& path : {png, SessionFolder::sidecarPathFor(png)})
            if (QFileInfo::exists(path)) existing << path;
    return existing;
}

}  // namespace ui
