#pragma once
// A message shown inside the window (not a modal dialog), with an optional action button:
// missing weights, a numeric fault with "lower the learning rate", a failed run.
#include <QFrame>
#include <functional>

class QLabel;
class QPushButton;

namespace ui {

class NoticeBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };
    explicit NoticeBar(QWidget* parent = nullptr);

    // actionText empty: no button. The bar stays until dismissed or replaced.
    void showNotice(Kind kind, const QString& text, const QString& actionText = QString(),
                    std::function<void()> action = {});
    void dismiss();
    QString text() const;
    QPushButton* actionButton() const { return action_; }

private:
    QLabel* label_;
    QPushButton* action_;
    QPushButton* close_;
    std::function<void()> callback_;
};

}  // namespace ui
