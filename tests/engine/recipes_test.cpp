// Recipes and what they need: SGD with a decaying rate, the TV exponent, built-in and saved recipes,
// and layers a recipe names that the weights lack.
#include "catch_checks.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/image_io.h"
#include "engine/lbfgs.h"
#include "engine/losses.h"
#include "engine/recipes.h"
#include "engine/run.h"
#include "test_paths.h"

using engine::Params;

namespace {

engine::Vgg19 shared_model() {
    static engine::Vgg19 model = engine::load_vgg19(test_paths::weights_file());
    return model;
}

// $XDG_DATA_HOME pointed at a fresh folder while it lives.
class TempDataHome {
public:
    TempDataHome() : dir_(std::filesystem::temp_directory_path() / ("gs_recipes_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        const char* old = std::getenv("XDG_DATA_HOME");
        had_ = old != nullptr;
        if (had_) old_ = old;
        ::setenv("XDG_DATA_HOME", dir_.c_str(), 1);
    }
    ~TempDataHome() {
        if (had_)
            ::setenv("XDG_DATA_HOME", old_.c_str(), 1);
        else
            ::unsetenv("XDG_DATA_HOME");
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path path() const { return dir_; }

private:
    std::filesystem::path dir_;
    bool had_ = false;
    std::string old_;
};

}  // namespace

TEST_CASE("A rejected SGD step is retried at half the rate, per image, until the function changes", "[recipes][sgd]") {
    engine::Sgd sgd;
    CHECK_FALSE(sgd.retry_shorter(torch::tensor({true})));  // no step yet: nothing to shorten
    const auto gradient = torch::full({2, 1, 2, 2}, 1.0);   // 4 pixels an image
    auto x = torch::zeros({2, 1, 2, 2});
    sgd.step(x, gradient, 0.1);  // each element: 0 - 0.1 * 4 * 1
    CHECK(x[0][0][0][0].item<double>() == Approx(-0.4));
    // Image 1's step made its loss jump: the run puts it back, the optimizer halves its rate.
    REQUIRE(sgd.retry_shorter(torch::tensor({false, true})));
    x.zero_();
    sgd.step(x, gradient, 0.1);
    CHECK(x[0][0][0][0].item<double>() == Approx(-0.4));  // image 0 keeps its rate
    CHECK(x[1][0][0][0].item<double>() == Approx(-0.2));  // image 1 steps half as far, and stays so
    x.zero_();
    sgd.step(x, gradient, 0.1);
    CHECK(x[1][0][0][0].item<double>() == Approx(-0.2));
    sgd.reset();  // a new function: the full rate again
    x.zero_();
    sgd.step(x, gradient, 0.1);
    CHECK(x[1][0][0][0].item<double>() == Approx(-0.4));
}

TEST_CASE("SGD steps by rate x pixels x gradient, its rate decays exponentially, L-BFGS keeps its own", "[recipes][sgd]") {
    engine::Sgd sgd;
    auto x = torch::ones({1, 3, 2, 5});
    const auto gradient = torch::full({1, 3, 2, 5}, 0.5);
    sgd.step(x, gradient, 0.01);  // 10 pixels: 1 - 0.01 * 10 * 0.5
    CHECK(x[0][1][1][4].item<double>() == Approx(0.95));

    Params params;
    params.optimizer = engine::OptimizerKind::Sgd;
    CHECK(engine::effective_learning_rate(params) == 5e-5);
    params.learning_rate = 2.0;
    params.lr_decay = 0.96;
    params.lr_decay_steps = 100;
    CHECK(engine::scheduled_learning_rate(params, 0) == 2.0);
    CHECK(engine::scheduled_learning_rate(params, 100) == Approx(2.0 * 0.96));
    CHECK(engine::scheduled_learning_rate(params, 250) == Approx(2.0 * std::pow(0.96, 2.5)));
    params.optimizer = engine::OptimizerKind::Lbfgs;
    CHECK(engine::scheduled_learning_rate(params, 250) == 2.0);

    params.lr_decay = 0.0;
    CHECK_THROWS_WITH(engine::validate(params), Catch::Contains("lr_decay"));
    params.lr_decay = 1.0;
    params.tv_exponent = 0.5;
    CHECK_THROWS_WITH(engine::validate(params), Catch::Contains("tv_exponent must be between 1 and 3"));
}

TEST_CASE("The TV exponent: (dx^2 + dy^2)^e per pixel, computed by hand, with its gradient", "[recipes][losses]") {
    // One channel 2x2: [[0, 1], [2, 4]] -> at the one pixel (0,0): dx = 1, dy = 2; summed over 3
    // equal channels dx^2 + dy^2 = 15; e = 1.25: 15^1.25.
    const auto image = torch::tensor({0.0, 1.0, 2.0, 4.0}, torch::kFloat64).reshape({1, 1, 2, 2}).expand({1, 3, 2, 2});
    CHECK(engine::tv_loss(image, 1.25).item<double>() == Approx(std::pow(15.0, 1.25)));
    // Exponent 1 stays the mean squared difference per direction (as before the exponent existed).
    CHECK(engine::tv_loss(image, 1.0).item<double>() == Approx((4.0 + 9.0) / 2 + (1.0 + 4.0) / 2));

    torch::manual_seed(5);
    const auto x = torch::rand({2, 3, 4, 5}, torch::kFloat64).requires_grad_(true);
    engine::tv_loss(x, 1.25).sum().backward();
    const auto analytic = x.grad().clone();
    torch::NoGradGuard no_grad;
    auto flat = x.detach().clone().reshape({-1});
    for (std::int64_t i = 0; i < flat.numel(); i += 7) {
        auto plus = flat.clone(), minus = flat.clone();
        plus[i] += 1e-6;
        minus[i] -= 1e-6;
        const double numeric = (engine::tv_loss(plus.reshape(x.sizes()), 1.25).sum().item<double>() -
                                engine::tv_loss(minus.reshape(x.sizes()), 1.25).sum().item<double>()) / 2e-6;
        INFO("element " << i);
        CHECK(analytic.reshape({-1})[i].item<double>() == Approx(numeric).epsilon(1e-5).margin(1e-9));
    }
}

TEST_CASE("The built-in recipes set what they name and keep the rest", "[recipes]") {
    Params base;
    base.size = 300;
    base.style_blend = {1.0, 2.0};
    const auto keras = engine::apply_recipe(base, engine::find_recipe("keras-example"));
    CHECK(keras.optimizer == engine::OptimizerKind::Sgd);
    CHECK(keras.lr_decay == 0.96);
    CHECK(keras.lr_decay_steps == 100);
    CHECK(keras.tv_exponent == 1.25);
    CHECK(keras.content_layer == "conv5_2");
    CHECK(engine::format_style_layers(keras.style_layers) == "conv1_1,conv2_1,conv3_1,conv4_1,conv5_1");
    CHECK(keras.pooling == engine::Pooling::Max);
    CHECK(keras.size == 300);  // not named by the recipe: kept
    CHECK(keras.style_blend == base.style_blend);
    CHECK(engine::find_recipe("keras-example").snapshot_every == 100);

    const auto gatys = engine::apply_recipe(base, engine::find_recipe("gatys2015"));
    CHECK(gatys.init == engine::InitMode::Noise);
    CHECK(gatys.pooling == engine::Pooling::Average);
    CHECK(gatys.optimizer == engine::OptimizerKind::Lbfgs);
    CHECK(gatys.tv_weight == 0.0);
    CHECK(gatys.style_weight / gatys.content_weight == 1000.0);
    for (const auto& recipe : engine::builtin_recipes()) {
        INFO(recipe.name);
        CHECK_FALSE(recipe.description.empty());
        CHECK_NOTHROW(engine::validate(engine::apply_recipe(Params{}, recipe)));
    }
    CHECK_THROWS_WITH(engine::find_recipe("gatys2016"), Catch::Contains("unknown recipe 'gatys2016'") &&
                                                            Catch::Contains("gatys2015, keras-example"));
}

TEST_CASE("A recipe's layers the weights lack are left out and said, and the run then goes", "[recipes][run]") {
    Params params = engine::apply_recipe(Params{}, engine::find_recipe("gatys2015"));
    const std::string note = engine::fit_layers_to_model(params, *shared_model());
    // The shared weights hold conv1_1 ... conv3_4.
    CHECK(note == "the weights lack conv4_1, conv5_1 (left out) and conv4_2 (content layer " +
                      shared_model()->default_content_layer() + " instead)");
    CHECK(engine::format_style_layers(params.style_layers) == "conv1_1,conv2_1,conv3_1");
    CHECK(engine::fit_layers_to_model(params, *shared_model()).empty());  // nothing left to drop

    params.size = 48;
    params.iterations = 6;
    params.threads = 2;
    engine::Run run(shared_model(), engine::load_image(test_paths::image("building.jpg"), 48),
                    engine::load_image(test_paths::image("starry_night.jpg"), 48), params);
    const double first = run.current(false).losses.at(0).total;
    engine::Frame frame;
    while (!run.ended()) frame = run.step(false);
    CHECK(frame.status == engine::RunStatus::Finished);
    CHECK(frame.losses.at(0).total < first);
}

TEST_CASE("An SGD run with the keras-example recipe lowers the loss at two sizes with the default rate", "[recipes][run][sgd]") {
    for (int size : {48, 128}) {
        INFO(size << " px");
        Params params = engine::apply_recipe(Params{}, engine::find_recipe("keras-example"));
        engine::fit_layers_to_model(params, *shared_model());
        params.size = size;
        params.iterations = 30;
        params.threads = 2;
        engine::Run run(shared_model(), engine::load_image(test_paths::image("building.jpg"), size),
                        engine::load_image(test_paths::image("starry_night.jpg"), size), params);
        const double first = run.current(false).losses.at(0).total;
        engine::Frame frame;
        while (!run.ended()) frame = run.step(false);
        CHECK(frame.status == engine::RunStatus::Finished);
        CHECK(frame.losses.at(0).total < 0.5 * first);  // the per-pixel rate suits both sizes
    }
}

TEST_CASE("Saved recipes: written with every parameter, read back by name, bad names and files refused", "[recipes]") {
    TempDataHome home;
    Params mine;
    mine.style_weight = 321;
    mine.tv_exponent = 1.5;
    const std::string path = engine::save_user_recipe("my-look_2", mine, 25);
    CHECK(path == (home.path() / "gramstudio" / "recipes" / "my-look_2.json").string());
    const engine::Recipe found = engine::find_recipe("my-look_2");
    CHECK(found.snapshot_every == 25);
    CHECK(engine::apply_recipe(Params{}, found) == mine);
    REQUIRE(engine::user_recipes().size() == 1);

    CHECK_THROWS_WITH(engine::save_user_recipe("../escape", mine), Catch::Contains("letters, digits"));
    CHECK_THROWS_WITH(engine::save_user_recipe("gatys2015", mine), Catch::Contains("built-in"));

    std::ofstream(home.path() / "gramstudio" / "recipes" / "broken.json") << "{not json";
    CHECK(engine::user_recipes().size() == 1);  // a broken file is not offered
    CHECK_THROWS_WITH(engine::find_recipe((home.path() / "gramstudio" / "recipes" / "broken.json").string()),
                      Catch::Contains("broken.json") && Catch::Contains("not valid JSON"));
    std::ofstream(home.path() / "typo.json") << R"({"style_wieght": 3})";
    CHECK_THROWS_WITH(engine::find_recipe((home.path() / "typo.json").string()),
                      Catch::Contains("typo.json") && Catch::Contains("style_weight"));
}
