#include <catch2/catch.hpp>

#include "engine/memory_estimate.h"
#include "engine/vgg19.h"
#include "test_paths.h"

TEST_CASE("The memory estimate grows with size and compare mode", "[memory]") {
    const auto model = engine::load_vgg19(test_paths::weights_file());
    engine::Params params;
    const auto small = engine::estimate_run_bytes(*model, params, 256, 256);
    const auto large = engine::estimate_run_bytes(*model, params, 512, 512);
    CHECK(large > 3.5 * small);
    CHECK(large < 4.5 * small);
    params.compare = true;
    CHECK(engine::estimate_run_bytes(*model, params, 512, 512) > 1.6 * large);  // the targets are computed once
    // conv1_1's output alone at 1024 px is 256 MiB: a 1024 px estimate is at least that.
    params.compare = false;
    CHECK(engine::estimate_run_bytes(*model, params, 1024, 1024) > 256ull << 20);
}

TEST_CASE("Available CPU memory is read from the system", "[memory]") {
    const auto bytes = engine::available_bytes("cpu");
    CHECK(bytes > 64ull << 20);
    CHECK(bytes < 1ull << 50);
}
