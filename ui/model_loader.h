#pragma once
// Finds and loads the VGG-19 weights once, off the UI thread; the model is then shared by every
// run (frozen, read-only).
#include <QObject>
#include <QStringList>

#include "engine/vgg19.h"

class QThread;

namespace ui {

class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;  // waits for a load in progress

    // Loads engine::find_weights(explicitPath) on a helper thread; emits loaded or failed.
    void load(const QString& explicitPath = QString());

    bool isLoaded() const { return static_cast<bool>(model_); }
    bool isLoading() const { return thread_ != nullptr; }
    engine::Vgg19 model() const { return model_; }
    QString weightsPath() const { return path_; }
    QStringList availableLayers() const;

Q_SIGNALS:
    void loaded(const QString& weightsPath);
    void failed(const QString& message);

private:
    void finish(engine::Vgg19 model, const QString& path, const QString& error);

    engine::Vgg19 model_{nullptr};
    QString path_;
    QThread* thread_ = nullptr;
};

}  // namespace ui
