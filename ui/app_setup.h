#pragma once
// Application-wide setup shared by main() and the UI tests: names (QSettings and cache folders
// derive from them), version, and the studio look (Fusion, dark palette).
class QApplication;

namespace ui {

void setApplicationIdentity();
void applyStudioStyle(QApplication& app);

}  // namespace ui
