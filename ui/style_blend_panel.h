#pragma once
// Several styles blended: the list under the Style slot. The slot holds the first painting; this
// panel holds up to three more, and when there are several, one row per painting (the slot's
// first) with its thumbnail, a blend slider and a remove button. "+ Blend another style…" opens
// files; dropping image files on the panel adds them. The blend is live (Params::style_blend).
#include <QFrame>
#include <QString>
#include <QStringList>
#include <vector>

#include "engine/rgb_image.h"

class QLabel;
class QPushButton;
class QSlider;
class QVBoxLayout;

namespace ui {

class StyleBlendPanel : public QFrame {
    Q_OBJECT
public:
    static constexpr int kMaxStyles = 4;  // engine::ParamLimits::max_styles, the slot's included
    static constexpr int kDefaultBlend = 50;

    explicit StyleBlendPanel(QWidget* parent = nullptr);

    // The first painting (the Style slot's), shown as the first row when there are several.
    void setMainStyle(const engine::RgbImage& image, const QString& label);

    struct Extra {
        engine::RgbImage image;
        QString label, path;
    };
    const std::vector<Extra>& extras() const { return extras_; }
    int styleCount() const;  // the slot's painting (when it has one) and the extras

    // Each returns false (and emits loadFailed with the reason) when nothing was added.
    bool addFile(const QString& path);
    void addImage(const engine::RgbImage& image, const QString& label, const QString& path, int blend = kDefaultBlend);
    void removeExtra(int index);
    // Takes the first extra out, its blend becoming the first row's (it moves into the slot next);
    // emits nothing: the slot's change that follows says what happened.
    Extra takeFirstExtra();
    void clearExtras();

    // One weight per painting, the slot's first (the sliders, 0..100); empty with one painting.
    std::vector<double> blend() const;
    bool allSharesZero() const;  // several paintings, every slider at 0: no blend to run with
    void setBlend(const std::vector<double>& blend);  // as a record gave it (any positive scale)
    QSlider* blendSlider(int row) const;              // for tests: row 0 is the slot's painting
    QPushButton* addButton() const { return addButton_; }
    void setDialogFolder(const QString& folder) { dialogFolder_ = folder; }
    // Painted regions give each painting its own place: the shares are not used, so their sliders
    // are off (and say why) while regions are painted.
    void setSharesUsed(bool used);
    bool sharesUsed() const { return sharesUsed_; }

public Q_SLOTS:
    void openFileDialog();

Q_SIGNALS:
    void stylesChanged();  // a painting added or removed
    void blendChanged();   // a slider moved
    void mainRemoveRequested();  // the first row's remove button: the next painting moves into the slot
    void loadFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void rebuildRows();
    bool sharesUsed_ = true;
    void updateShares();

    engine::RgbImage mainImage_;
    QString mainLabel_, dialogFolder_;
    std::vector<Extra> extras_;
    std::vector<int> blend_;  // one per row: the slot's painting, then the extras
    QVBoxLayout* rows_;
    std::vector<QSlider*> sliders_;
    std::vector<QLabel*> shares_;
    QPushButton* addButton_;
};

}  // namespace ui
