#pragma once
// engine value types that travel through queued signals.
#include <QMetaType>

#include "engine/params.h"
#include "engine/run.h"

Q_DECLARE_METATYPE(engine::Frame)
Q_DECLARE_METATYPE(engine::Params)

namespace ui {
// Registers the types above with Qt's meta-type system (idempotent).
void registerFrameTypes();
}  // namespace ui
