#include "catch_checks.h"

#include <fstream>

#include "cli/run_options.h"
#include "engine/errors.h"
#include "process.h"

using cli::parse_run_options;
using Catch::Contains;

namespace {

std::vector<std::string> base_args() { return {"--content", "c.jpg", "--style", "s.jpg", "--out", "o.png"}; }

std::vector<std::string> with(std::vector<std::string> extra) {
    auto args = base_args();
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

TEST_CASE("run options default to Params' defaults except size 512", "[cli][options]") {
    const cli::RunOptions o = parse_run_options(base_args());
    engine::Params expected;
    expected.size = 512;
    CHECK(o.params == expected);
    CHECK(o.content == "c.jpg");
    CHECK(o.styles == std::vector<std::string>{"s.jpg"});
    CHECK(o.out == "o.png");
    CHECK(o.snapshot_every == 0);
    CHECK_FALSE(o.json);
}

TEST_CASE("a large result starts near the preview's size unless --scales says otherwise", "[cli][options]") {
    CHECK(parse_run_options(with({"--size", "768"})).params.scales == 1);
    CHECK(parse_run_options(with({"--size", "2048"})).params.scales == 3);  // 512, 1024, 2048
    CHECK(parse_run_options(with({"--size", "4096"})).params.scales == 4);  // 512 ... 4096
    CHECK(parse_run_options(with({"--size", "2048", "--scales", "1"})).params.scales == 1);
    CHECK(parse_run_options(with({"--scales", "1", "--size", "2048"})).params.scales == 1);
    CHECK(parse_run_options(with({"--size", "2048", "--iters", "2"})).params.scales == 2);  // one iteration each
}

TEST_CASE("every run flag maps onto its parameter", "[cli][options]") {
    const cli::RunOptions o = parse_run_options(with(
        {"--size", "64", "--iters=25", "--style-loss", "meanstd", "--content-weight", "2.5", "--style-weight", "1e4",
         "--tv-weight", "0", "--style-layers", "conv1_1,conv2_1:0.5", "--content-layer", "conv2_2", "--optimizer",
         "adam", "--lr", "0.05", "--init", "noise", "--seed", "18446744073709551615", "--pooling", "max", "--scales",
         "2", "--preserve-colors", "--weights", "w.safetensors", "--device", "cpu", "--threads", "2", "--padding", "zero", "--keep-style-frame", "--compare",
         "full", "--snapshot-every", "5", "--snapshot-dir", "snaps", "--timelapse", "t.avi", "--json", "--quiet"}));
    const engine::Params& p = o.params;
    CHECK(p.size == 64);
    CHECK(p.iterations == 25);
    CHECK(p.style_loss == engine::StyleLossMode::MeanStd);
    CHECK(p.content_weight == 2.5);
    CHECK(p.style_weight == 1e4);
    CHECK(p.tv_weight == 0);
    REQUIRE(p.style_layers.size() == 2);
    CHECK(p.style_layers[1] == engine::StyleLayer{"conv2_1", 0.5});
    CHECK(p.content_layer == "conv2_2");
    CHECK(p.optimizer == engine::OptimizerKind::Adam);
    CHECK(p.learning_rate == 0.05);
    CHECK(p.init == engine::InitMode::Noise);
    CHECK(p.seed == 18446744073709551615ull);
    CHECK(p.pooling == engine::Pooling::Max);
    CHECK(p.scales == 2);
    CHECK(p.color_control == engine::ColorControl::Luminance);
    CHECK(o.weights == "w.safetensors");
    CHECK(p.device == engine::DeviceChoice::Cpu);
    CHECK(p.threads == 2);
    CHECK(p.padding == engine::Padding::Zero);
    CHECK_FALSE(p.trim_style_frame);
    CHECK(parse_run_options(with({})).params.trim_style_frame);  // cut by default
    CHECK(p.compare);
    CHECK(p.compare_loss == engine::StyleLossMode::Full);
    CHECK(o.snapshot_every == 5);
    CHECK(o.snapshot_dir == "snaps");
    CHECK(o.timelapse == "t.avi");
    CHECK(o.json);
    CHECK(o.quiet);
}

TEST_CASE("usage errors name the flag and the allowed values", "[cli][options]") {
    CHECK_THROWS_WITH(parse_run_options(with({"--bogus"})), Contains("--bogus"));
    CHECK_THROWS_WITH(parse_run_options(with({"stray"})), Contains("stray"));
    CHECK_THROWS_WITH(parse_run_options(with({"--size", "0"})),
                      Contains("--size") && Contains("16") && Contains("4096") && Contains("got 0"));
    CHECK_THROWS_WITH(parse_run_options(with({"--size", "12px"})), Contains("--size") && Contains("integer"));
    CHECK_THROWS_WITH(parse_run_options(with({"--iters", "0"})), Contains("--iters"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-weight", "-1"})), Contains("--style-weight"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-weight", "nan"})), Contains("--style-weight"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-loss", "gram"})),
                      Contains("--style-loss") && Contains("full, diag, meanstd"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-layers", "conv9_9"})), Contains("--style-layers"));
    CHECK_THROWS_WITH(parse_run_options(with({"--content-layer", "fc7"})), Contains("--content-layer"));
    CHECK_THROWS_WITH(parse_run_options(with({"--threads", "-1"})), Contains("--threads"));
    CHECK_THROWS_WITH(parse_run_options(with({"--seed", "-3"})), Contains("--seed"));
    CHECK_THROWS_WITH(parse_run_options(with({"--size"})), Contains("--size needs a value"));
    CHECK_THROWS_WITH(parse_run_options(with({"--json=yes"})), Contains("--json takes no value"));
    CHECK_THROWS_WITH(parse_run_options(with({"--compare", "full"})), Contains("--compare"));
    CHECK_THROWS_WITH(parse_run_options(with({"--snapshot-every", "5"})), Contains("--snapshot-dir"));
    CHECK_THROWS_WITH(parse_run_options(with({"--timelapse", "t.avi"})), Contains("--snapshot-every"));
    CHECK_THROWS_WITH(parse_run_options({"--style", "s.jpg", "--out", "o.png"}), Contains("--content"));
    CHECK_THROWS_AS(parse_run_options(with({"--device", "tpu"})), engine::ParamError);
    CHECK_THROWS_WITH(parse_run_options(with({"--padding", "mirror"})),
                      Contains("--padding") && Contains("reflect, zero"));
    CHECK_THROWS_WITH(parse_run_options(with({"--match-colors", "--preserve-colors"})),
                      Contains("--match-colors") && Contains("--preserve-colors") && Contains("none") &&
                          Contains("luminance") && Contains("match"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-scale", "5"})),
                      Contains("--style-scale must be between 0.25 and 4"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style-scale", "0.2"})), Contains("between 0.25 and 4"));
    CHECK_THROWS_WITH(parse_run_options(with({"--compare", "w3"})), Contains("full, diag, meanstd, w2"));
}

TEST_CASE("the colour, style-scale and w2 flags map onto their parameters", "[cli][options]") {
    const cli::RunOptions o = parse_run_options(with({"--style-loss", "w2", "--compare", "full", "--match-colors",
                                                      "--style-scale", "2.5"}));
    CHECK(o.params.style_loss == engine::StyleLossMode::W2);
    CHECK(o.params.compare_loss == engine::StyleLossMode::Full);
    CHECK(o.params.color_control == engine::ColorControl::Match);
    CHECK(o.params.style_scale == 2.5);
    CHECK(parse_run_options(with({})).params.color_control == engine::ColorControl::None);
    CHECK(parse_run_options(with({})).params.style_scale == 1.0);
}

TEST_CASE("the --help flag wins over missing options", "[cli][options]") {
    CHECK(parse_run_options({"--help"}).help);
    CHECK(parse_run_options({"--size", "7", "--help"}).help);
}

TEST_CASE("the --params flag takes a sidecar's parameters and flags given beside it override", "[cli][options]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "run.json") << R"({"params": {"style_weight": 50, "iterations": 7, "init": "style"},
                                           "content": {"path": "/x/c.png", "sha256": "aa"},
                                           "style": {"path": "/x/s.png", "sha256": "bb"}})";
    const cli::RunOptions o = parse_run_options(with({"--params", dir / "run.json", "--iters", "9"}));
    CHECK(o.params.style_weight == 50);
    CHECK(o.params.init == engine::InitMode::Style);
    CHECK(o.params.iterations == 9);
    CHECK(o.content == "c.jpg");  // --params takes no inputs
    CHECK(o.expected_content_sha256.empty());
    // A sidecar without "padding" predates reflection padding: its run used zeros.
    CHECK(o.params.padding == engine::Padding::Zero);
    CHECK(parse_run_options(with({"--params", dir / "run.json", "--padding", "reflect"})).params.padding ==
          engine::Padding::Reflect);
}

TEST_CASE("the --replay flag takes the inputs, the weights and their checksums", "[cli][options]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "run.json") << R"({"params": {"size": 64, "seed": 7},
                                           "content": {"path": "/x/c.png", "sha256": "aa"},
                                           "style": {"path": "/x/s.png", "sha256": "bb"},
                                           "weights": {"path": "/x/w.safetensors", "sha256": "cc"}})";
    const cli::RunOptions o = parse_run_options({"--replay", dir / "run.json", "--out", "again.png"});
    CHECK(o.params.size == 64);
    CHECK(o.params.seed == 7);
    CHECK(o.content == "/x/c.png");
    CHECK(o.styles == std::vector<std::string>{"/x/s.png"});
    CHECK(o.weights == "/x/w.safetensors");
    CHECK(o.expected_content_sha256 == "aa");
    CHECK(o.expected_style_sha256 == std::vector<std::string>{"bb"});
    CHECK(o.expected_weights_sha256 == "cc");
    CHECK(o.out == "again.png");

    std::ofstream(dir / "broken.json") << "{not json";
    CHECK_THROWS_AS(parse_run_options({"--replay", dir / "broken.json", "--out", "o.png"}), engine::InputError);
    CHECK_THROWS_AS(parse_run_options({"--replay", dir / "missing.json", "--out", "o.png"}), engine::InputError);
    // A window run whose painting was pasted (no file): its record cannot be replayed, and says why.
    std::ofstream(dir / "pasted.json") << R"({"params": {"size": 64}, "content": {"path": "/x/c.png", "sha256": "aa"},
                                             "style": {"path": "", "sha256": ""}})";
    CHECK_THROWS_WITH(parse_run_options({"--replay", dir / "pasted.json", "--out", "o.png"}),
                      Contains(dir / "pasted.json") && Contains("style image came from no file"));
    std::ofstream(dir / "bad_value.json") << R"({"params": {"size": "big"}})";
    CHECK_THROWS_AS(parse_run_options({"--params", dir / "bad_value.json", "--content", "c", "--style", "s", "--out",
                                       "o.png"}),
                    engine::ParamError);
}

TEST_CASE("a --params file with a misspelt key is refused, naming the file, the key and the nearest one", "[cli][options]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "params.json") << R"({"style_wieght": 100, "iterations": 7})";
    CHECK_THROWS_WITH(parse_run_options(with({"--params", dir / "params.json"})),
                      Contains(dir / "params.json") && Contains("unknown parameter 'style_wieght'") &&
                          Contains("did you mean 'style_weight'?"));
    // A sidecar's params object is checked the same way.
    std::ofstream(dir / "run.json") << R"({"params": {"tv_wieght": 1}, "content": {"path": "c"}, "style": {"path": "s"}})";
    CHECK_THROWS_WITH(parse_run_options({"--replay", dir / "run.json", "--out", "o.png"}),
                      Contains("did you mean 'tv_weight'?"));
}

TEST_CASE("no arguments, -h and --help ask for the usage", "[cli][options]") {
    CHECK(parse_run_options({}).help);
    CHECK(parse_run_options({"-h"}).help);
    CHECK_THROWS_WITH(parse_run_options(with({"--iter", "5"})), Contains("did you mean '--iters'?"));
    CHECK_THROWS_WITH(parse_run_options(with({"--lr", "-1"})), Contains("--lr must be " + engine::learning_rate_rule()));
    CHECK(parse_run_options(with({"--lr", "0"})).params.learning_rate == 0);  // 0: the optimizer's default
    CHECK(parse_run_options(with({"--snapshot-dir", "d", "--overwrite"})).overwrite);
}

TEST_CASE("A branch needs --at and excludes --replay and --init-image", "[cli][options]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "run.json") << R"({"params": {"size": 64, "iterations": 30},
                                           "content": {"path": "/x/c.png", "sha256": "aa"},
                                           "style": {"path": "/x/s.png", "sha256": "bb"},
                                           "snapshots": [{"iteration": 10, "file": "iter_0010.png", "sha256": "dd"}]})";
    CHECK_THROWS_WITH(parse_run_options({"--at", "10", "--content", "c", "--style", "s", "--out", "o.png"}),
                      Contains("--branch RUN.json and --at N go together"));
    CHECK_THROWS_WITH(parse_run_options({"--branch", dir / "run.json", "--at", "10", "--replay", dir / "run.json",
                                         "--out", "o.png"}),
                      Contains("one of --replay and --branch"));
    CHECK_THROWS_WITH(parse_run_options({"--branch", dir / "run.json", "--at", "10", "--init-image", "i.png",
                                         "--out", "o.png"}),
                      Contains("exclude each other"));
    const cli::RunOptions o = parse_run_options({"--branch", dir / "run.json", "--at", "10", "--out", "o.png"});
    CHECK(o.init_image == dir / "iter_0010.png");  // beside the record, wherever it was run from
    CHECK(o.expected_init_sha256 == "dd");
    CHECK(o.start_iteration == 10);
    CHECK(o.parent.iteration == 10);
    CHECK(o.parent.sha256.size() == 64);
    CHECK(o.replayed_from.empty());
    CHECK(o.expected_content_sha256 == "aa");
}

TEST_CASE("several styles: --style repeated, --style-blend, and the limits", "[cli][options][blend]") {
    const cli::RunOptions o = parse_run_options(with({"--style", "t.png", "--style-blend", "3, 1"}));
    CHECK(o.styles == std::vector<std::string>{"s.jpg", "t.png"});
    CHECK(o.params.style_blend == std::vector<double>{3.0, 1.0});
    CHECK(parse_run_options(with({"--style", "t.png"})).params.style_blend.empty());  // equal

    CHECK_THROWS_WITH(parse_run_options(with({"--style-blend", "1,1"})),
                      Catch::Contains("--style-blend has 2 weights for 1 style") && Catch::Contains("one weight per --style"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style", "t.png", "--style-blend", "0,0"})),
                      Catch::Contains("--style-blend") && Catch::Contains("every weight is 0"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style", "t.png", "--style-blend", "1,-2"})),
                      Catch::Contains("--style-blend") && Catch::Contains("between 0 and"));
    CHECK_THROWS_WITH(parse_run_options(with({"--style", "a", "--style", "b", "--style", "c", "--style", "d"})),
                      Catch::Contains("--style given 5 times: at most 4"));
}

TEST_CASE("a record's several styles replay with their checksums, and --style beside it replaces them", "[cli][options][blend]") {
    cli_test::TempDir dir;
    std::ofstream(dir / "run.json") << R"({"format": "gramstudio-run", "format_version": 3,
                                           "params": {"size": 64, "style_blend": [1, 2]},
                                           "content": {"path": "/x/c.png", "sha256": "aa"},
                                           "style": {"path": "/x/s.png", "sha256": "bb"},
                                           "styles": [{"file": "/x/s.png", "sha256": "bb", "blend": 0.333},
                                                      {"file": "/x/t.png", "sha256": "dd", "blend": 0.667}]})";
    const cli::RunOptions o = parse_run_options({"--replay", dir / "run.json", "--out", "again.png"});
    CHECK(o.styles == std::vector<std::string>{"/x/s.png", "/x/t.png"});
    CHECK(o.expected_style_sha256 == std::vector<std::string>{"bb", "dd"});
    CHECK(o.params.style_blend == std::vector<double>{1.0, 2.0});

    const cli::RunOptions other =
        parse_run_options({"--replay", dir / "run.json", "--out", "b.png", "--style", "u.png", "--style-blend", "1"});
    CHECK(other.styles == std::vector<std::string>{"u.png"});
    CHECK(other.expected_style_sha256.empty());
    // One style given beside a two-style blend: the counts must agree.
    CHECK_THROWS_WITH(parse_run_options({"--replay", dir / "run.json", "--out", "b.png", "--style", "u.png"}),
                      Catch::Contains("2 weights for 1 style"));
}

TEST_CASE("The --recipe flag sets its parameters, flags beside it override, its snapshot interval applies where snapshots go",
          "[cli][options][recipe]") {
    const cli::RunOptions keras = parse_run_options(with({"--recipe", "keras-example"}));
    CHECK(keras.recipe == "keras-example");
    CHECK(keras.fit_recipe_layers);
    CHECK(keras.params.optimizer == engine::OptimizerKind::Sgd);
    CHECK(keras.params.tv_exponent == 1.25);
    CHECK(keras.params.iterations == 4000);
    CHECK(keras.params.size == 512);  // the recipe names no size: the CLI's default stays
    CHECK(keras.snapshot_every == 0);  // no --snapshot-dir: nowhere to put them

    const cli::RunOptions shorter =
        parse_run_options(with({"--iters", "30", "--recipe", "keras-example", "--snapshot-dir", "snaps"}));
    CHECK(shorter.params.iterations == 30);  // the flag wins, wherever it stands
    CHECK(shorter.snapshot_every == 100);
    CHECK(parse_run_options(with({"--recipe", "keras-example", "--snapshot-dir", "s", "--snapshot-every", "7"}))
              .snapshot_every == 7);
    CHECK_FALSE(parse_run_options(with({"--recipe", "gatys2015", "--style-layers", "conv1_1"})).fit_recipe_layers);

    CHECK_THROWS_WITH(parse_run_options(with({"--recipe", "gatys"})),
                      Contains("unknown recipe 'gatys'") && Contains("gatys2015"));
    CHECK_THROWS_WITH(parse_run_options({"--replay", "r.json", "--recipe", "gatys2015", "--out", "o.png"}),
                      Contains("exclude each other"));
    CHECK_THROWS_WITH(parse_run_options(with({"--tv-exponent", "0.5"})), Contains("--tv-exponent"));
    CHECK_THROWS_WITH(parse_run_options(with({"--lr-decay", "0"})), Contains("--lr-decay must be above 0"));
    CHECK(parse_run_options(with({"--optimizer", "sgd", "--lr-decay", "0.9", "--lr-decay-steps", "50"})).params.lr_decay_steps == 50);
}
