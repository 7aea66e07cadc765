#pragma once
// Helpers shared by the window tests: a window with weights and both images, ready to run.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSpinBox>
#include <QPointer>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "record/run_history.h"
#include "ui/background_writer.h"
#include "ui/canvas.h"
#include "ui/compare_view.h"
#include "ui/image_convert.h"
#include "ui/image_slot.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/run_settings_panel.h"
#include "ui/run_worker.h"
#include "ui/snapshot_strip.h"
#include "widget_test_support.h"

namespace ui_test {

inline QString imagePath(const char* name) { return QString::fromStdString(test_paths::image(name)); }

// A shown window with building.jpg and starry_night.jpg, `size` px, default live parameters,
// compare off, weights loaded.
inline std::unique_ptr<ui::MainWindow> readyWindow(int iterations, int snapshotEvery = 0, int size = 64) {
    auto window = std::make_unique<ui::MainWindow>(QString::fromStdString(test_paths::weights_file()));
    window->show();
    REQUIRE(waitUntil([&] { return window->modelLoader()->isLoaded(); }, 60000));
    REQUIRE(window->contentSlot()->loadFile(imagePath("building.jpg")));
    REQUIRE(window->styleSlot()->loadFile(imagePath("starry_night.jpg")));
    window->runSettings()->sizeBox()->setValue(size);
    window->runSettings()->iterationsBox()->setValue(iterations);
    window->runSettings()->setSnapshotEvery(snapshotEvery);
    window->liveParams()->compareCheck()->setChecked(false);
    window->liveParams()->resetToDefaults();
    return window;
}

// Until the run has ended and every write it caused has been shown.
inline bool waitUntilIdle(ui::MainWindow& window, int timeoutMs) {
    return waitUntil([&] { return !window.isRunning() && window.backgroundWriter()->pending() == 0; }, timeoutMs);
}

// What canvas `index` of the compare view shows now (0: the left or only one).
inline QImage canvasImage(const ui::MainWindow& window, int index = 0) {
    return window.compareView()->canvas(index)->pixmap().toImage().convertToFormat(QImage::Format_RGB888);
}

// The shown branch's kept iteration, as the canvas would show it.
inline QImage keptImage(const ui::MainWindow& window, int iteration) {
    const auto& history = window.history();
    const int index = history.nearest(iteration);
    REQUIRE(index >= 0);
    REQUIRE(history.entries()[index].iteration == iteration);
    return ui::toQImage(history.entries()[index].images().at(0)).convertToFormat(QImage::Format_RGB888);
}

// Every frame the worker sends: its iteration, the parameters' generation and the main style loss.
class FrameLog {
public:
    struct Seen {
        int iteration;
        quint64 generation;
        double style;
    };
    explicit FrameLog(ui::MainWindow& window) {
        QObject::connect(window.worker(), &ui::RunWorker::frameReady, &receiver_,
                         [this](const engine::Frame& frame, quint64) {
                             seen_.push_back({frame.iteration, frame.generation, frame.losses.at(0).style});
                         });
    }
    std::size_t size() const { return seen_.size(); }
    quint64 lastGeneration() const { return seen_.back().generation; }

    // The frames just before and after the parameters left `generation`, and the largest relative
    // change of the style loss in one step over the kRecentSteps steps before it (to tell a step's
    // own change at that point of the run from the new parameters'; the first steps, which fall
    // fast, and the jump of a new scale say nothing about it). Needs a frame of a later generation,
    // and kRecentSteps + 1 of this one before it.
    static constexpr int kRecentSteps = 10;
    struct Change {
        Seen before, after;
        double largestStepChange = 0;
    };
    Change changeAfter(quint64 generation) const {
        const auto first = std::find_if(seen_.begin(), seen_.end(), [&](const Seen& s) { return s.generation > generation; });
        REQUIRE(first != seen_.end());
        REQUIRE(first - seen_.begin() >= kRecentSteps + 1);
        Change change{*(first - 1), *first, 0};
        for (auto it = first - kRecentSteps; it < first; ++it)
            change.largestStepChange = std::max(change.largestStepChange, std::abs(it->style - (it - 1)->style) / (it - 1)->style);
        return change;
    }

private:
    QObject receiver_;
    std::vector<Seen> seen_;
};

// The strip's snapshot of `iteration` (empty when it has none).
inline QString snapshotAt(const ui::SnapshotStrip& strip, int iteration) {
    for (const QString& png : strip.allPngs())
        if (strip.entry(png).iteration == iteration) return png;
    return QString();
}

// Answers the message boxes the code under test opens with exec() (which would block a test):
// while it lives, a timer finds the active modal dialog, records what a message box says and
// clicks its button labelled `button`; a file dialog gets `fileToChoose` (when given) and is
// accepted; any other dialog is recorded and rejected.
class DialogAnswerer {
public:
    explicit DialogAnswerer(const QString& button, const QString& fileToChoose = QString())
        : button_(button), file_(fileToChoose) {
        QObject::connect(&timer_, &QTimer::timeout, [this] { answer(); });
        timer_.start(10);
    }
    int boxes() const { return static_cast<int>(texts_.size()); }
    QStringList texts() const { return texts_; }              // each box: text, informative text, details
    QStringList otherDialogs() const { return otherDialogs_; }  // class names of the other dialogs
    QStringList missingButtons() const { return missing_; }     // boxes without the wanted button

private:
    void answer() {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || modal == answered_) return;
        answered_ = modal;
        if (auto* box = qobject_cast<QMessageBox*>(modal)) {
            texts_ << box->text() + "\n" + box->informativeText() + "\n" + box->detailedText();
            for (QAbstractButton* button : box->buttons())
                if (button->text().remove('&') == button_) return button->click();
            missing_ << box->text();
            box->reject();
        } else if (auto* files = qobject_cast<QFileDialog*>(modal); files && !file_.isEmpty()) {
            otherDialogs_ << modal->metaObject()->className();
            files->selectFile(file_);
            // selectFile leaves the name field alone while it has focus (as it does once the
            // dialog is active, e.g. on a loaded machine): set the name there too.
            if (auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))) name->setText(file_);
            static_cast<QDialog*>(files)->accept();  // QFileDialog::accept, reached through the public base
        } else if (auto* dialog = qobject_cast<QDialog*>(modal)) {
            otherDialogs_ << modal->metaObject()->className();
            dialog->reject();
        }
    }

    QString button_, file_;
    QTimer timer_;
    QPointer<QWidget> answered_;
    QStringList texts_, otherDialogs_, missing_;
};

}  // namespace ui_test
