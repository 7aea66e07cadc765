// MainWindow: the Recipe menu — the classic setups (engine/recipes.h) and the user's saved
// settings, applied to the panels; "Save Current Settings as Recipe…" adds one.
#include <QAction>
#include <QInputDialog>
#include <QMenu>

#include "engine/errors.h"
#include "engine/recipes.h"
#include "engine/run.h"
#include "ui/live_params_panel.h"
#include "ui/main_window.h"
#include "ui/model_loader.h"
#include "ui/run_settings_panel.h"

namespace ui {

void MainWindow::rebuildRecipeMenu() {
    recipeMenu_->clear();
    const auto addRecipe = [this](const engine::Recipe& recipe) {
        QAction* action = recipeMenu_->addAction(QString::fromStdString(recipe.name));
        action->setObjectName(QStringLiteral("recipe_") + QString::fromStdString(recipe.name));
        action->setToolTip(QString::fromStdString(recipe.description));
        action->setStatusTip(QString::fromStdString(recipe.description));
        const QString name = QString::fromStdString(recipe.name);
        connect(action, &QAction::triggered, this, [this, name] { applyRecipe(name); });
    };
    for (const auto& recipe : engine::builtin_recipes()) addRecipe(recipe);
    const auto saved = engine::user_recipes();
    if (!saved.empty()) recipeMenu_->addSection(tr("Saved"));
    for (const auto& recipe : saved) addRecipe(recipe);
    recipeMenu_->setToolTipsVisible(true);
    recipeMenu_->addSeparator();
    QAction* save = recipeMenu_->addAction(tr("Save Current Settings as Recipe…"));
    save->setObjectName(QStringLiteral("saveRecipeAction"));
    connect(save, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save Recipe"), tr("Name (letters, digits, - and _):"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok && !name.isEmpty()) saveRecipe(name);
    });
}

bool MainWindow::applyRecipe(const QString& name) {
    try {
        const engine::Recipe recipe = engine::find_recipe(name.toStdString());
        engine::Params params = engine::apply_recipe(currentParams(), recipe);
        std::string note;
        if (loader_->isLoaded()) note = engine::fit_layers_to_model(params, *loader_->model());
        liveParams_->readFrom(params);  // a running run takes the live ones at its next iteration
        runSettings_->readFrom(params);
        if (recipe.snapshot_every > 0) runSettings_->setSnapshotEvery(recipe.snapshot_every);
        QString said = tr("Recipe %1").arg(name);
        if (!note.empty()) said += tr(": %1").arg(QString::fromStdString(note));
        if (isRunning()) said += tr(" — the run takes the live settings now; optimizer, size and start at the next Start");
        showStatus(said);
        return true;
    } catch (const engine::Error& error) {
        showError(tr("Recipe not applied: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
}

bool MainWindow::saveRecipe(const QString& name) {
    try {
        const std::string path = engine::save_user_recipe(name.toStdString(), currentParams(), runSettings_->snapshotEvery());
        rebuildRecipeMenu();
        showStatus(tr("Saved the settings as recipe %1 (%2)").arg(name, QString::fromStdString(path)), 5000);
        return true;
    } catch (const engine::Error& error) {
        showError(tr("Recipe not saved: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
}

}  // namespace ui
