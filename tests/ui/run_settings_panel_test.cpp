// RunSettingsPanel: the scales box is Auto by default and follows the size; a chosen number stays.
#include "catch_checks.h"

#include <QSpinBox>

#include "engine/params.h"
#include "ui/run_settings_panel.h"

namespace {

int scalesAt(ui::RunSettingsPanel& panel, int size, int iterations = 300) {
    panel.sizeBox()->setValue(size);
    panel.iterationsBox()->setValue(iterations);
    engine::Params params;
    panel.writeTo(params);
    return params.scales;
}

}  // namespace

TEST_CASE("Scales are Auto by default: one up to 768 px, from near 512 px above", "[ui][settings][scales]") {
    ui::RunSettingsPanel panel;
    CHECK(panel.scalesAuto());
    CHECK(scalesAt(panel, 512) == 1);
    CHECK(scalesAt(panel, 768) == 1);
    CHECK(scalesAt(panel, 800) == 2);   // first scale 400 px: 112 from 512, against 288
    CHECK(scalesAt(panel, 1024) == 2);  // 512, 1024
    CHECK(scalesAt(panel, 2048) == 3);  // 512, 1024, 2048
    CHECK(panel.scalesBox()->text() == "Auto (3)");
    CHECK(scalesAt(panel, 4096) == 4);  // 512 ... 4096
    CHECK(scalesAt(panel, 2048, 2) == 2);  // every scale needs an iteration
    CHECK(panel.scalesBox()->text() == "Auto (2)");
}

TEST_CASE("A chosen number of scales stays at any size and a run's own number shows as it ran",
          "[ui][settings][scales]") {
    ui::RunSettingsPanel panel;
    panel.scalesBox()->setValue(1);
    CHECK_FALSE(panel.scalesAuto());
    CHECK(scalesAt(panel, 2048) == 1);
    panel.setScalesAuto(true);
    CHECK(scalesAt(panel, 2048) == 3);

    engine::Params run;
    run.size = 2048;
    run.scales = 2;
    panel.readFrom(run);
    CHECK_FALSE(panel.scalesAuto());
    CHECK(scalesAt(panel, 2048) == 2);
}
