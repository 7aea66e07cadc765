#include "catch_checks.h"

#include <cmath>
#include <limits>

#include "engine/errors.h"
#include "engine/params.h"

using namespace engine;
using Catch::Matchers::Contains;

namespace {

// validate() must refuse `p` with a message containing every fragment.
void require_refused(const Params& p, std::initializer_list<const char*> fragments) {
    try {
        validate(p);
        FAIL("validate accepted an invalid value");
    } catch (const ParamError& e) {
        for (const char* fragment : fragments) CHECK_THAT(e.what(), Contains(fragment));
    }
}

}  // namespace

TEST_CASE("default params are valid", "[params]") {
    REQUIRE_NOTHROW(validate(Params{}));
}

TEST_CASE("validate accepts the limits themselves", "[params]") {
    Params p;
    p.size = ParamLimits::min_size;
    p.iterations = ParamLimits::max_scales;  // every scale needs an iteration
    p.scales = ParamLimits::max_scales;
    p.threads = ParamLimits::max_threads;
    p.style_weight = ParamLimits::max_weight;
    p.content_weight = 0.0;
    p.tv_weight = 0.0;
    p.style_layers = {{"conv1_1", 0.0}, {"conv5_4", 0.0}};  // all-zero style weights are allowed
    p.content_layer = "conv4_2";
    REQUIRE_NOTHROW(validate(p));
    p.size = ParamLimits::max_size;
    p.threads = 0;
    REQUIRE_NOTHROW(validate(p));
}

TEST_CASE("validate names the parameter and its allowed range", "[params]") {
    Params p;
    SECTION("size") {
        p.size = 15;
        require_refused(p, {"size", "16", "4096", "15"});
        p.size = 4097;
        require_refused(p, {"size", "4097"});
    }
    SECTION("iterations") {
        p.iterations = 0;
        require_refused(p, {"iterations", "1", "1000000"});
    }
    SECTION("scales") {
        p.scales = 5;
        require_refused(p, {"scales", "between 1 and 4"});
        p.scales = 0;
        require_refused(p, {"scales"});
    }
    SECTION("fewer iterations than scales") {
        // The coarse scales would get no iteration and the run would start at a finer one.
        p.scales = 3;
        p.iterations = 2;
        require_refused(p, {"iterations (2) must be at least scales (3)", "the first one included"});
    }
    SECTION("threads") {
        p.threads = -1;
        require_refused(p, {"threads", "between 0 and 1024"});
        p.threads = 1025;
        require_refused(p, {"threads", "1025"});
    }
    SECTION("weights") {
        p.content_weight = -1.0;
        require_refused(p, {"content_weight", "between 0 and 1e+12"});
        p = Params{};
        p.style_weight = std::nan("");
        require_refused(p, {"style_weight", "finite"});
        p = Params{};
        p.tv_weight = std::numeric_limits<double>::infinity();
        require_refused(p, {"tv_weight"});
        p = Params{};
        p.style_weight = 2e12;
        require_refused(p, {"style_weight", "2e+12"});
    }
    SECTION("learning rate") {
        p.learning_rate = -0.1;
        require_refused(p, {"learning_rate", "> 0, or 0 for the optimizer's default", "-0.1"});
        p.learning_rate = std::numeric_limits<double>::infinity();
        require_refused(p, {"learning_rate"});
        p.learning_rate = ParamLimits::max_learning_rate;
        CHECK_NOTHROW(validate(p));
        p.learning_rate = 2 * ParamLimits::max_learning_rate;
        require_refused(p, {"learning_rate", "at most 1e+06", "2e+06"});
    }
    SECTION("style layers") {
        p.style_layers = {{"conv9_9", 1.0}};
        require_refused(p, {"style layer 'conv9_9'", "conv1_1", "conv5_4"});
        p.style_layers = {{"conv2_1", -0.5}};
        require_refused(p, {"style layer conv2_1 weight", "-0.5"});
    }
    SECTION("content layer") {
        p.content_layer = "pool4";
        require_refused(p, {"content_layer 'pool4'", "conv4_2"});
    }
}

TEST_CASE("effective learning rate fills in the optimizer's default", "[params]") {
    Params p;
    p.optimizer = OptimizerKind::Lbfgs;
    CHECK(effective_learning_rate(p) == 1.0);
    p.optimizer = OptimizerKind::Adam;
    CHECK(effective_learning_rate(p) == 0.02);
    p.learning_rate = 0.5;
    CHECK(effective_learning_rate(p) == 0.5);
    p.optimizer = OptimizerKind::Lbfgs;
    CHECK(effective_learning_rate(p) == 0.5);
}

TEST_CASE("enum text forms round-trip", "[params]") {
    CHECK(to_string(StyleLossMode::Full) == "full");
    CHECK(to_string(StyleLossMode::Diagonal) == "diag");
    CHECK(to_string(StyleLossMode::MeanStd) == "meanstd");
    CHECK(to_string(OptimizerKind::Lbfgs) == "lbfgs");
    CHECK(to_string(OptimizerKind::Adam) == "adam");
    CHECK(to_string(InitMode::Content) == "content");
    CHECK(to_string(InitMode::Style) == "style");
    CHECK(to_string(InitMode::Noise) == "noise");
    CHECK(to_string(Pooling::Average) == "avg");
    CHECK(to_string(Pooling::Max) == "max");
    CHECK(to_string(DeviceChoice::Auto) == "auto");
    CHECK(to_string(DeviceChoice::Cpu) == "cpu");
    CHECK(to_string(DeviceChoice::Cuda) == "cuda");
    CHECK(to_string(Padding::Bleed) == "bleed");
    CHECK(to_string(Padding::Reflect) == "reflect");
    CHECK(to_string(Padding::Zero) == "zero");
    for (auto m : {StyleLossMode::Full, StyleLossMode::Diagonal, StyleLossMode::MeanStd})
        CHECK(parse_style_loss_mode(to_string(m)) == m);
    for (auto k : {OptimizerKind::Lbfgs, OptimizerKind::Adam, OptimizerKind::Sgd}) CHECK(parse_optimizer(to_string(k)) == k);
    for (auto m : {InitMode::Content, InitMode::Style, InitMode::Noise}) CHECK(parse_init_mode(to_string(m)) == m);
    for (auto p : {Pooling::Average, Pooling::Max}) CHECK(parse_pooling(to_string(p)) == p);
    for (auto d : {DeviceChoice::Auto, DeviceChoice::Cpu, DeviceChoice::Cuda}) CHECK(parse_device(to_string(d)) == d);
    for (auto p : {Padding::Bleed, Padding::Reflect, Padding::Zero}) CHECK(parse_padding(to_string(p)) == p);
}

TEST_CASE("parse errors list the allowed values", "[params]") {
    CHECK_THROWS_WITH(parse_style_loss_mode("foo"), "unknown style loss 'foo' (allowed: full, diag, meanstd, w2)");
    CHECK_THROWS_WITH(parse_optimizer("bfgs"), "unknown optimizer 'bfgs' (allowed: lbfgs, adam, sgd)");
    CHECK_THROWS_WITH(parse_init_mode(""), "unknown init mode '' (allowed: content, style, noise)");
    CHECK_THROWS_WITH(parse_pooling("Max"), "unknown pooling 'Max' (allowed: avg, max)");
    CHECK_THROWS_WITH(parse_device("gpu"), "unknown device 'gpu' (allowed: auto, cpu, cuda)");
    CHECK_THROWS_WITH(parse_padding("mirror"), "unknown padding 'mirror' (allowed: bleed, reflect, zero)");
    CHECK_THROWS_AS(parse_device("gpu"), ParamError);
}

TEST_CASE("style layers parse with optional weights", "[params]") {
    const auto layers = parse_style_layers("conv1_1,conv2_1:0.5");
    REQUIRE(layers.size() == 2);
    CHECK(layers[0] == StyleLayer{"conv1_1", 1.0});
    CHECK(layers[1] == StyleLayer{"conv2_1", 0.5});
    CHECK(parse_style_layers(" conv3_1 : 2 , conv4_1:1e-3 ") ==
          std::vector<StyleLayer>{{"conv3_1", 2.0}, {"conv4_1", 0.001}});
    CHECK(parse_style_layers("").empty());
    CHECK(parse_style_layers("conv5_1:0") == std::vector<StyleLayer>{{"conv5_1", 0.0}});
}

TEST_CASE("style layer parse errors name the entry", "[params]") {
    CHECK_THROWS_WITH(parse_style_layers("conv1_1:abc"), Contains("conv1_1") && Contains("'abc' is not a number"));
    CHECK_THROWS_WITH(parse_style_layers("conv1_1:0.5x"), Contains("'0.5x' is not a number"));
    CHECK_THROWS_WITH(parse_style_layers("conv1_1,,conv2_1"), Contains("empty entry"));
    CHECK_THROWS_WITH(parse_style_layers("conv1_1,"), Contains("empty entry"));
    CHECK_THROWS_WITH(parse_style_layers("relu1_1"), Contains("'relu1_1' is not a VGG-19 layer"));
    CHECK_THROWS_WITH(parse_style_layers("conv1_1:-1"), Contains("conv1_1") && Contains("-1"));
    CHECK_THROWS_AS(parse_style_layers("conv1_1:nan"), ParamError);
}

TEST_CASE("style layers format back to the parsed text", "[params]") {
    CHECK(format_style_layers({{"conv1_1", 1.0}, {"conv2_1", 0.5}}) == "conv1_1,conv2_1:0.5");
    CHECK(format_style_layers({{"conv3_1", 0.1}}) == "conv3_1:0.1");
    CHECK(format_style_layers({}).empty());
    const std::vector<StyleLayer> awkward = {{"conv1_1", 1.0 / 3.0}, {"conv4_1", 1e-7}, {"conv5_1", 250.0}};
    CHECK(parse_style_layers(format_style_layers(awkward)) == awkward);
}

TEST_CASE("params equality looks at every field", "[params]") {
    const Params base;
    CHECK(base == Params{});
    std::vector<Params> changed(27, base);
    changed[0].content_weight = 2;
    changed[1].style_weight = 2;
    changed[2].tv_weight = 2;
    changed[3].style_layers = {{"conv1_1", 1.0}};
    changed[4].content_layer = "conv4_2";
    changed[5].style_loss = StyleLossMode::MeanStd;
    changed[6].normalize_losses = false;
    changed[7].learning_rate = 0.1;
    changed[8].pooling = Pooling::Max;
    changed[9].color_control = engine::ColorControl::Match;
    changed[10].compare = true;
    changed[11].compare_loss = StyleLossMode::Full;
    changed[12].size = 256;
    changed[13].iterations = 10;
    changed[14].optimizer = OptimizerKind::Adam;
    changed[15].init = InitMode::Noise;
    changed[16].seed = 7;
    changed[17].scales = 2;
    changed[18].device = DeviceChoice::Cpu;
    changed[19].threads = 3;
    changed[20].padding = Padding::Zero;
    changed[21].style_scale = 2;
    changed[22].style_blend = {1.0, 2.0};
    changed[23].tv_exponent = 1.5;
    changed[24].lr_decay = 0.5;
    changed[25].lr_decay_steps = 7;
    changed[26].trim_style_frame = false;
    for (std::size_t i = 0; i < changed.size(); ++i) {
        INFO("field " << i);
        CHECK(changed[i] != base);
    }
}
