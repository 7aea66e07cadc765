#pragma once
// Help ▸ Guide: what each control does to the picture, in plain words, shown with small example
// images the program made itself (resources/guide/, made by scripts/make_guide_images.sh and
// compiled in as the Qt resource ":/guide").
#include <QDialog>

class QTextBrowser;

namespace ui {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);

    QTextBrowser* browser() const { return browser_; }
    // The guide's example images (resource paths), in the order the guide shows them.
    static QStringList imagePaths();

private:
    QTextBrowser* browser_;
};

}  // namespace ui
