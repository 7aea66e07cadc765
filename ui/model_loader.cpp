#include "ui/model_loader.h"

#include <QMetaObject>
#include <QThread>

#include "engine/errors.h"
#include "engine/runtime.h"
#include "engine/weights_locator.h"

namespace ui {

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

ModelLoader::~ModelLoader() {
    if (thread_) thread_->wait();
}

void ModelLoader::load(const QString& explicitPath) {
    if (thread_) return;
    const std::string given = explicitPath.toStdString();
    thread_ = QThread::create([given, this] {
        engine::Vgg19 model{nullptr};
        QString path, error;
        try {
            const std::string found = engine::find_weights(given);
            path = QString::fromStdString(found);
            model = engine::load_vgg19(found, engine::choose_device(engine::DeviceChoice::Auto));  // the GPU when there is one
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        // Hand the result to the UI thread; the destructor waits for this thread, so `this` lives.
        QMetaObject::invokeMethod(this, [this, model, path, error] { finish(model, path, error); },
                                  Qt::QueuedConnection);
    });
    connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
    thread_->start();
}

void ModelLoader::finish(engine::Vgg19 model, const QString& path, const QString& error) {
    thread_ = nullptr;
    if (!error.isEmpty()) {
        Q_EMIT failed(error);
        return;
    }
    model_ = model;
    path_ = path;
    Q_EMIT loaded(path_);
}

QStringList ModelLoader::availableLayers() const {
    QStringList layers;
    if (model_)
        for (const auto& name : model_->available_layers()) layers << QString::fromStdString(name);
    return layers;
}

}  // namespace ui
