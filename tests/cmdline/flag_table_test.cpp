// The argument-parsing core the CLI, the bench and the window share.
#include "catch_checks.h"

#include "cmdline/flag_table.h"
#include "cmdline/flag_values.h"
#include "engine/errors.h"
#include "engine/params.h"

using Catch::Contains;

namespace {

struct Parsed {
    std::string url, dest;
    int size = 0;
    bool quick = false;
};

cmdline::FlagTable table_for(Parsed& p) {
    cmdline::FlagTable table("gramstudio-cli fetch-weights");
    table.add_text("--url", "URL", "where to download from", p.url)
        .add_text("--dest", "DIR", "the folder to write to", p.dest)
        .add({"--size", "N", "longest side",
              [&p](const std::string& v) { p.size = cmdline::int_value("--size", v, 16, 4096); }})
        .add_switch("--quick", "a small run", p.quick)
        .add({"--secret", "X", "a testing flag", nullptr, /*hidden=*/true});
    return table;
}

}  // namespace

TEST_CASE("flags take values as --flag value or --flag=value, switches none", "[cmdline]") {
    Parsed p;
    table_for(p).parse({"--url", "http://x", "--dest=/tmp/d", "--quick", "--size", "64"});
    CHECK(p.url == "http://x");
    CHECK(p.dest == "/tmp/d");
    CHECK(p.quick);
    CHECK(p.size == 64);
    const auto given = table_for(p).split({"--secret", "1", "--size=32"});
    REQUIRE(given.size() == 2);
    CHECK(given[0].flag->name == "--secret");
    CHECK(given[1].value == "32");
}

TEST_CASE("usage errors name the flag, the command, and the nearest known flag", "[cmdline]") {
    Parsed p;
    const auto table = table_for(p);
    CHECK_THROWS_WITH(table.parse({"--dset", "/tmp"}), Contains("unknown option '--dset'") &&
                                                            Contains("did you mean '--dest'?") &&
                                                            Contains("see gramstudio-cli fetch-weights --help"));
    CHECK_THROWS_WITH(table.parse({"--nope"}), Contains("'--nope'") && !Contains("did you mean"));
    CHECK_THROWS_WITH(table.parse({"--secrte", "1"}), !Contains("--secret"));  // hidden flags are not suggested
    CHECK_THROWS_WITH(table.parse({"--url"}), Contains("--url needs a value: --url URL"));
    CHECK_THROWS_WITH(table.parse({"--quick=yes"}), Contains("--quick takes no value"));
    CHECK_THROWS_WITH(table.parse({"stray"}), Contains("unexpected argument 'stray'"));
    CHECK_THROWS_WITH(table.parse({"--size", "8"}), Contains("--size must be between 16 and 4096 (got 8)"));
    CHECK_THROWS_AS(table.parse({"--size", "12px"}), engine::ParamError);
}

TEST_CASE("the help lists every visible flag with its value and text", "[cmdline]") {
    Parsed p;
    const std::string help = table_for(p).help();
    CHECK_THAT(help, Contains("  --url URL") && Contains("where to download from") && Contains("  --quick"));
    CHECK_THAT(help, !Contains("--secret"));
    CHECK(cmdline::wants_help({"--url", "x", "-h"}));
    CHECK(cmdline::wants_help({"--help"}));
    CHECK_FALSE(cmdline::wants_help({"--url", "x"}));
}

TEST_CASE("typed values are strict and name the flag and range", "[cmdline]") {
    CHECK(cmdline::int_list_value("--sizes", "256,384", 16, 4096) == std::vector<int>{256, 384});
    CHECK_THROWS_WITH(cmdline::int_list_value("--sizes", "256,9", 16, 4096), Contains("--sizes") && Contains("got 9"));
    CHECK_THROWS_WITH(cmdline::int_list_value("--sizes", ",", 16, 4096), Contains("comma-separated"));
    CHECK(cmdline::double_value("--lr", "0.5", 0, 1) == 0.5);
    CHECK_THROWS_WITH(cmdline::double_value("--lr", "nan", 0, 1), Contains("--lr must be a number"));
    CHECK_THROWS_WITH(cmdline::double_value("--lr", "2", 0, 1), Contains("between 0 and 1 (got 2)"));
    CHECK(cmdline::uint64_value("--seed", "18446744073709551615") == 18446744073709551615ull);
    CHECK_THROWS_AS(cmdline::uint64_value("--seed", "18446744073709551616"), engine::ParamError);
    const auto optimizers = cmdline::named_list_value("--optimizers", "lbfgs,adam", engine::parse_optimizer);
    REQUIRE(optimizers.size() == 2);
    CHECK((optimizers[0] == engine::OptimizerKind::Lbfgs && optimizers[1] == engine::OptimizerKind::Adam));
    CHECK_THROWS_WITH(cmdline::named_value("--optimizer", "bfgs", engine::parse_optimizer),
                      Contains("--optimizer: unknown optimizer 'bfgs'") && Contains("lbfgs, adam, sgd"));
    CHECK(cmdline::range_text(16, 4096) == "16..4096");
}
