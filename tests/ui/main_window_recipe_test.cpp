// The Recipe menu (offscreen): a classic setup into the panels, the layers the weights lack said,
// the user's settings saved as a recipe and listed.
#include "catch_checks.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QSpinBox>
#include <QTemporaryDir>
#include <cstdlib>

#include "ui/live_params_panel.h"
#include "ui/run_settings_panel.h"
#include "window_test_support.h"

using ui_test::readyWindow;
using ui_test::waitUntilIdle;

TEST_CASE("A recipe from the menu sets the panels, says which layers the weights lack, and runs", "[ui][window][recipe]") {
    auto window = readyWindow(10);
    auto* menu = window->findChild<QMenu*>(QStringLiteral("recipeMenu"));
    REQUIRE(menu != nullptr);
    QAction* keras = window->findChild<QAction*>(QStringLiteral("recipe_keras-example"));
    REQUIRE(keras != nullptr);
    keras->trigger();
    const engine::Params params = window->currentParams();
    CHECK(params.optimizer == engine::OptimizerKind::Sgd);
    CHECK(params.tv_exponent == 1.25);
    CHECK(params.lr_decay == Approx(0.96));
    CHECK(params.lr_decay_steps == 100);
    CHECK(params.pooling == engine::Pooling::Max);
    CHECK(window->runSettings()->snapshotEvery() == 100);
    CHECK(window->liveParams()->tvExponentBox()->value() == 1.25);
    // The shared weights end at conv3_4: conv4_1, conv5_1 and the content layer conv5_2 are missing.
    CHECK_THAT(window->statusText().toStdString(),
               Catch::Contains("the weights lack conv4_1, conv5_1 (left out) and conv5_2"));
    CHECK(engine::format_style_layers(params.style_layers) == "conv1_1,conv2_1,conv3_1");

    window->runSettings()->iterationsBox()->setValue(12);
    window->runSettings()->setSnapshotEvery(0);
    window->startRun();
    REQUIRE(waitUntilIdle(*window, 60000));
    CHECK(window->lastIteration() == 12);

    CHECK_FALSE(window->applyRecipe(QStringLiteral("gatys2016")));
    CHECK_THAT(window->statusText().toStdString(), Catch::Contains("unknown recipe 'gatys2016'"));
}

TEST_CASE("Save Current Settings as Recipe lists it in the menu and brings the settings back", "[ui][window][recipe]") {
    QTemporaryDir home;
    const QByteArray old = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", home.path().toUtf8());
    {
        auto window = readyWindow(10);
        window->liveParams()->tvExponentBox()->setValue(1.5);
        window->runSettings()->iterationsBox()->setValue(77);
        REQUIRE(window->saveRecipe(QStringLiteral("my_look")));
        CHECK(window->findChild<QAction*>(QStringLiteral("recipe_my_look")) != nullptr);
        CHECK_FALSE(window->saveRecipe(QStringLiteral("no/slash")));
        CHECK_THAT(window->statusText().toStdString(), Catch::Contains("letters, digits"));

        window->liveParams()->resetToDefaults();
        window->runSettings()->iterationsBox()->setValue(5);
        window->findChild<QAction*>(QStringLiteral("recipe_my_look"))->trigger();
        CHECK(window->liveParams()->tvExponentBox()->value() == 1.5);
        CHECK(window->runSettings()->iterationsBox()->value() == 77);
    }
    if (old.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", old);
}
