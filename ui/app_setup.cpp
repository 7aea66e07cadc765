#include "ui/app_setup.h"

#include <QApplication>
#include <QIcon>
#include <QPalette>
#include <QStyleFactory>

namespace ui {

void setApplicationIdentity() {
    QApplication::setOrganizationName(QStringLiteral("GramStudio"));
    QApplication::setApplicationName(QStringLiteral("gramstudio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gram Studio"));
    QApplication::setApplicationVersion(QStringLiteral(GRAMSTUDIO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("gramstudio"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("gramstudio")));
}

void applyStudioStyle(QApplication& app) {
    // Images are judged best on a neutral dark surround, as in photo editors.
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette palette;
    const QColor window(0x32, 0x33, 0x37), base(0x26, 0x27, 0x2b), text(0xe6, 0xe6, 0xe8);
    const QColor highlight(0x3d, 0x8e, 0xd8), disabled(0x80, 0x80, 0x86);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, highlight);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Mid, QColor(0x55, 0x56, 0x5c));
    palette.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabled);
    app.setPalette(palette);
}

}  // namespace ui
