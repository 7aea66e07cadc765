#include "catch_checks.h"

#include <limits>

#include "engine/errors.h"
#include "engine/params_json.h"

using namespace engine;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

Params unusual_params() {
    Params p;
    p.content_weight = 0.1;
    p.style_weight = 3.141592653589793e5;
    p.tv_weight = 1e-7;
    p.style_layers = {{"conv1_1", 1.0 / 3.0}, {"conv3_1", 0.0}, {"conv5_1", 2.5}};
    p.content_layer = "conv4_2";
    p.style_loss = StyleLossMode::W2;
    p.normalize_losses = false;
    p.learning_rate = 0.02;
    p.pooling = Pooling::Max;
    p.color_control = engine::ColorControl::Match;
    p.style_scale = 0.3;
    p.compare = true;
    p.compare_loss = StyleLossMode::Full;
    p.size = 333;
    p.iterations = 77;
    p.optimizer = OptimizerKind::Adam;
    p.init = InitMode::Noise;
    p.seed = std::numeric_limits<std::uint64_t>::max();
    p.scales = 3;
    p.device = DeviceChoice::Cpu;
    p.threads = 5;
    p.padding = Padding::Zero;
    p.style_blend = {2.0, 0.5};
    p.tv_exponent = 1.25;
    p.lr_decay = 0.9;
    p.lr_decay_steps = 40;
    p.trim_style_frame = false;
    return p;
}

}  // namespace

TEST_CASE("params JSON uses the text forms and every field", "[params_json]") {
    const json j = params_to_json(unusual_params());
    CHECK(j.size() == 27);
    CHECK(j.at("trim_style_frame") == false);
    CHECK(params_to_json(Params{}).at("trim_style_frame") == true);
    CHECK(j.at("style_blend") == json::array({2.0, 0.5}));
    CHECK(j.at("tv_exponent") == 1.25);
    CHECK(j.at("lr_decay") == 0.9);
    CHECK(j.at("lr_decay_steps") == 40);
    CHECK(j.at("style_loss") == "w2");
    CHECK(j.at("color_control") == "match");
    CHECK(j.at("style_scale") == 0.3);
    CHECK(!j.contains("preserve_colors"));  // the old key is read, never written
    CHECK(j.at("compare_loss") == "full");
    CHECK(j.at("pooling") == "max");
    CHECK(j.at("optimizer") == "adam");
    CHECK(j.at("init") == "noise");
    CHECK(j.at("device") == "cpu");
    CHECK(j.at("padding") == "zero");
    CHECK(params_to_json(Params{}).at("padding") == "bleed");
    CHECK(j.at("size") == 333);
    CHECK(j.at("seed") == std::numeric_limits<std::uint64_t>::max());
    CHECK(j.at("style_layers") == json::parse(R"([{"name":"conv1_1","weight":0.3333333333333333},
        {"name":"conv3_1","weight":0.0},{"name":"conv5_1","weight":2.5}])"));
    CHECK(j.at("content_layer") == "conv4_2");
    CHECK(j.at("normalize_losses") == false);
}

TEST_CASE("params JSON round-trips exactly, also through text", "[params_json]") {
    for (const Params& p : {Params{}, unusual_params()}) {
        CHECK(params_from_json(params_to_json(p)) == p);
        CHECK(params_from_json(json::parse(params_to_json(p).dump())) == p);
    }
}

TEST_CASE("missing keys keep their defaults, but a missing padding reads as zero and a missing frame trim as off",
          "[params_json]") {
    // Parameters without "padding" were written before reflection padding existed: their runs
    // were computed with zeros around the image and must replay as they were. The same for
    // "trim_style_frame": before it, the style image was used whole.
    Params legacy;
    legacy.padding = Padding::Zero;
    legacy.trim_style_frame = false;
    CHECK(params_from_json(json::object()) == legacy);
    Params expected = legacy;
    expected.size = 256;
    expected.pooling = Pooling::Max;
    CHECK(params_from_json(json{{"size", 256}, {"pooling", "max"}}) == expected);
    // The same object with the key reads as written.
    CHECK(params_from_json(json{{"padding", "bleed"}, {"trim_style_frame", true}}) == Params{});
    // Runs made before the margin became the default recorded "reflect" and replay with it.
    CHECK(params_from_json(json{{"padding", "reflect"}}).padding == Padding::Reflect);
    CHECK(params_from_json(json{{"padding", "zero"}}) == legacy);
    CHECK(params_from_json(json{{"trim_style_frame", true}}).trim_style_frame);
    // A new default run records the margin and reads back as such.
    CHECK(params_from_json(json::parse(params_to_json(Params{}).dump())).padding == Padding::Bleed);
    CHECK(params_from_json(json::parse(params_to_json(Params{}).dump())).trim_style_frame);
}

TEST_CASE("the old preserve_colors key reads as luminance colour control", "[params_json]") {
    // Written before colour matching existed; "preserve_colors": false is the default, none.
    CHECK(params_from_json(json{{"preserve_colors", true}}).color_control == ColorControl::Luminance);
    CHECK(params_from_json(json{{"preserve_colors", false}}).color_control == ColorControl::None);
    CHECK(params_from_json(json{{"preserve_colors", true}, {"color_control", "luminance"}}).color_control ==
          ColorControl::Luminance);
    CHECK_THROWS_WITH(params_from_json(json{{"preserve_colors", true}, {"color_control", "match"}}),
                      Contains("contradict"));
    CHECK_THROWS_WITH(params_from_json(json{{"color_control", "sepia"}}),
                      Contains("'color_control'") && Contains("allowed: none, luminance, match"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_scale", 5}}), Contains("style_scale must be between 0.25 and 4"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_loss", "w3"}}), Contains("allowed: full, diag, meanstd, w2"));
}

TEST_CASE("style layers may also be given in the CLI's text form", "[params_json]") {
    const Params p = params_from_json(json{{"style_layers", "conv1_1,conv2_1:0.5"}});
    CHECK(p.style_layers == std::vector<StyleLayer>{{"conv1_1", 1.0}, {"conv2_1", 0.5}});
}

TEST_CASE("wrong types and values name the key", "[params_json]") {
    CHECK_THROWS_WITH(params_from_json(json{{"size", "big"}}), Contains("'size'") && Contains("an integer"));
    CHECK_THROWS_WITH(params_from_json(json{{"size", 1.5}}), Contains("'size'"));
    CHECK_THROWS_WITH(params_from_json(json{{"size", 5000000000LL}}), Contains("'size'"));
    CHECK_THROWS_WITH(params_from_json(json{{"compare", 1}}), Contains("'compare'") && Contains("true or false"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_weight", "1e3"}}), Contains("'style_weight'") && Contains("a number"));
    CHECK_THROWS_WITH(params_from_json(json{{"content_layer", 4}}), Contains("'content_layer'"));
    CHECK_THROWS_WITH(params_from_json(json{{"seed", -1}}), Contains("'seed'") && Contains("non-negative"));
    CHECK_THROWS_WITH(params_from_json(json{{"pooling", "median"}}),
                      Contains("'pooling'") && Contains("allowed: avg, max"));
    CHECK_THROWS_WITH(params_from_json(json{{"compare_loss", true}}), Contains("'compare_loss'"));
    CHECK_THROWS_WITH(params_from_json(json{{"padding", "mirror"}}),
                      Contains("'padding'") && Contains("allowed: bleed, reflect, zero"));
    CHECK_THROWS_WITH(params_from_json(json{{"padding", 0}}), Contains("'padding'") && Contains("a string"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_layers", 5}}), Contains("'style_layers'"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_layers", json::array({json{{"weight", 1}}})}}),
                      Contains("style_layers.name"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_layers", "conv1_1:x"}}), Contains("'style_layers'"));
    CHECK_THROWS_AS(params_from_json(json::array()), ParamError);
}

TEST_CASE("values out of range are refused by validation", "[params_json]") {
    CHECK_THROWS_WITH(params_from_json(json{{"size", 8}}), Contains("size must be between 16 and 4096"));
    CHECK_THROWS_WITH(params_from_json(json{{"tv_weight", -1}}), Contains("tv_weight"));
    CHECK_THROWS_WITH(params_from_json(json{{"style_layers", json::array({json{{"name", "conv9_1"}}})}}),
                      Contains("conv9_1"));
}

TEST_CASE("a key that is no parameter is refused with the nearest one suggested", "[params_json]") {
    // Ignored, a misspelt key would leave the style weight at its default without a word.
    CHECK_THROWS_WITH(params_from_json(json{{"style_wieght", 100}}),
                      Contains("unknown parameter 'style_wieght'") && Contains("did you mean 'style_weight'?"));
    CHECK_THROWS_WITH(params_from_json(json{{"iteration", 10}}),
                      Contains("unknown parameter 'iteration'") && Contains("did you mean 'iterations'?"));
    // Nothing near: no guess, but the list of parameters.
    CHECK_THROWS_WITH(params_from_json(json{{"brightness", 2}}),
                      Contains("unknown parameter 'brightness'") && !Contains("did you mean") &&
                          Contains("the parameters are color_control, compare, compare_loss, content_layer"));
    CHECK(param_keys().size() == params_to_json(Params{}).size());
}
