#include "ui/notice_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace ui {

NoticeBar::NoticeBar(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("noticeBar"));
    label_ = new QLabel(this);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    action_ = new QPushButton(this);
    action_->setObjectName(QStringLiteral("noticeAction"));
    close_ = new QPushButton(this);
    close_->setFlat(true);
    close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close_->setToolTip(tr("Dismiss"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(label_, 1);
    layout->addWidget(action_);
    layout->addWidget(close_);
    connect(action_, &QPushButton::clicked, this, [this] {
        auto callback = callback_;
        dismiss();
        if (callback) callback();
    });
    connect(close_, &QPushButton::clicked, this, &NoticeBar::dismiss);
    setVisible(false);
}

void NoticeBar::showNotice(Kind kind, const QString& text, const QString& actionText, std::function<void()> action) {
    struct Colours {
        const char *background, *text, *border;
    };
    const Colours c = kind == Kind::Error     ? Colours{"#4a1f22", "#ffd7d7", "#8e3b40"}
                      : kind == Kind::Warning ? Colours{"#4a3d1a", "#ffeab0", "#8e7534"}
                                              : Colours{"#1d3548", "#d6ecff", "#35607f"};
    setStyleSheet(QStringLiteral("ui--NoticeBar { background:%1; border:1px solid %3; border-radius:4px; }"
                                 " QLabel { color:%2; background:transparent; border:none; }")
                      .arg(QLatin1String(c.background), QLatin1String(c.text), QLatin1String(c.border)));
    label_->setText(text);
    action_->setText(actionText);
    action_->setVisible(!actionText.isEmpty());
    callback_ = std::move(action);
    setVisible(true);
}

void NoticeBar::dismiss() {
    callback_ = {};
    setVisible(false);
}

QString NoticeBar::text() const { return isHidden() ? QString() : label_->text(); }

}  // namespace ui
