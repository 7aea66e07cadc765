#include "catch_checks.h"

#include "engine/preview_scales.h"

using engine::preview_scales;

TEST_CASE("large results start near the preview's size, smaller ones are computed at their size", "[scales]") {
    CHECK(preview_scales(512, 300) == 1);
    CHECK(preview_scales(768, 300) == 1);
    CHECK(preview_scales(769, 300) == 2);   // first 384.5: 127.5 from 512, against 257 for 769
    CHECK(preview_scales(1024, 300) == 2);  // 512, 1024
    CHECK(preview_scales(1536, 300) == 3);  // 384 is nearer 512 than 768 is
    CHECK(preview_scales(2048, 300) == 3);  // 512, 1024, 2048
    CHECK(preview_scales(4096, 300) == 4);  // 512 ... 4096
    CHECK(preview_scales(8192, 300) == 4);  // ParamLimits::max_scales: the first is 1024
}

TEST_CASE("the scales of a large result never outnumber its iterations", "[scales]") {
    CHECK(preview_scales(4096, 2) == 2);
    CHECK(preview_scales(4096, 1) == 1);
}
