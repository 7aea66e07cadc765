#include "catch_checks.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "download/conv_extract.h"
#include "engine/errors.h"
#include "engine/safetensors.h"
#include "process.h"

using Catch::Contains;

namespace {

// A source with conv1_1, conv1_2 and a classifier between them in the data (offsets by hand).
engine::SafetensorsHeader fake_source() {
    engine::SafetensorsHeader h;
    h.data_offset = 100;
    h.tensors["features.0.weight"] = {"F32", {64, 3, 3, 3}, 0, 6912};
    h.tensors["features.0.bias"] = {"F32", {64}, 6912, 7168};
    h.tensors["head.fc.weight"] = {"F32", {1000}, 7168, 11168};
    h.tensors["features.2.weight"] = {"F32", {64, 64, 3, 3}, 11168, 158624};
    h.tensors["features.2.bias"] = {"F32", {64}, 158624, 158880};
    return h;
}

// The source file's bytes: byte i is (i * 7) & 0xff, so any misplaced copy shows.
char source_byte(std::uint64_t i) { return static_cast<char>((i * 7) & 0xff); }

download::RangeReader reader(std::uint64_t* fetched, std::uint64_t fail_after = ~0ull) {
    return [=](std::uint64_t begin, std::uint64_t end, const std::function<void(const char*, std::size_t)>& sink) {
        for (std::uint64_t at = begin; at < end; at += 1000) {
            std::string chunk;
            for (std::uint64_t i = at; i < std::min(end, at + 1000); ++i) chunk += source_byte(i);
            if (*fetched + chunk.size() > fail_after) throw std::runtime_error("connection cut");
            *fetched += chunk.size();
            sink(chunk.data(), chunk.size());
        }
    };
}

}  // namespace

TEST_CASE("the plan keeps only the conv tensors, in source order", "[cli][fetch]") {
    const download::ConvPlan plan = download::plan_conv_extraction(fake_source(), "src", {{"input", "caffe_bgr_255"}});
    CHECK(plan.layers == 2);
    REQUIRE(plan.tensors.size() == 4);
    CHECK(plan.tensors[0].name == "features.0.weight");
    CHECK(plan.tensors[2].name == "features.2.weight");
    CHECK(plan.tensors[2].source_begin == 100 + 11168);
    CHECK(plan.data_bytes == 6912 + 256 + 147456 + 256);
    CHECK(plan.header.size() % 8 == 0);

    // The header is a valid safetensors header for exactly that data.
    const std::uint64_t length = download::safetensors_header_length(reinterpret_cast<const unsigned char*>(plan.header.data()));
    CHECK(length == plan.header.size() - 8);
    const auto parsed = engine::parse_safetensors_header(plan.header.substr(8), plan.data_bytes, "out");
    CHECK(parsed.tensors.size() == 4);
    CHECK(parsed.tensors.at("features.2.bias").end == plan.data_bytes);
    CHECK(parsed.metadata.at("input") == "caffe_bgr_255");
}

TEST_CASE("remaining ranges skip the classifier and what is already done", "[cli][fetch]") {
    const download::ConvPlan plan = download::plan_conv_extraction(fake_source(), "src", {});
    using Ranges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
    CHECK(download::remaining_source_ranges(plan, 0) == Ranges{{100, 100 + 7168}, {100 + 11168, 100 + 158880}});
    CHECK(download::remaining_source_ranges(plan, 7000) == Ranges{{100 + 7000, 100 + 7168}, {100 + 11168, 100 + 158880}});
    CHECK(download::remaining_source_ranges(plan, 7168 + 10) == Ranges{{100 + 11178, 100 + 158880}});
    CHECK(download::remaining_source_ranges(plan, plan.data_bytes).empty());
}

TEST_CASE("the plan refuses files that are not VGG-19", "[cli][fetch]") {
    auto wrong_shape = fake_source();
    wrong_shape.tensors["features.2.weight"].shape = {64, 32, 3, 3};
    CHECK_THROWS_WITH(download::plan_conv_extraction(wrong_shape, "src.safetensors", {}),
                      Contains("src.safetensors") && Contains("features.2.weight") && Contains("[64,64,3,3]"));
    auto no_bias = fake_source();
    no_bias.tensors.erase("features.0.bias");
    CHECK_THROWS_AS(download::plan_conv_extraction(no_bias, "src", {}), engine::InputError);
    engine::SafetensorsHeader empty;
    CHECK_THROWS_WITH(download::plan_conv_extraction(empty, "src", {}), Contains("not a VGG-19 file"));
}

TEST_CASE("an interrupted extraction resumes from the .part and yields the same file", "[cli][fetch]") {
    cli_test::TempDir dir;
    const download::ConvPlan plan = download::plan_conv_extraction(fake_source(), "src", {});
    const std::string part = dir / "out.part";

    std::uint64_t fetched = 0;
    CHECK_THROWS_WITH(download::extract_conv_tensors(plan, reader(&fetched, 50000), part), "connection cut");
    CHECK(std::filesystem::file_size(part) == plan.header.size() + fetched);

    std::uint64_t fetched_again = 0;
    const download::ExtractStats stats = download::extract_conv_tensors(plan, reader(&fetched_again), part);
    CHECK(stats.resumed_from == fetched);
    CHECK(fetched + fetched_again == plan.data_bytes);  // nothing fetched twice

    const std::string bytes = cli_test::read_file(part);
    REQUIRE(bytes.size() == plan.file_bytes());
    CHECK(bytes.substr(0, plan.header.size()) == plan.header);
    for (const auto& t : plan.tensors)
        for (std::uint64_t i = 0; i < t.out_end - t.out_begin; i += 997)
            REQUIRE(bytes[plan.header.size() + t.out_begin + i] == source_byte(t.source_begin + i));
    CHECK(engine::read_safetensors_header(part).tensors.size() == 4);
}

TEST_CASE("a .part from another source is started over", "[cli][fetch]") {
    cli_test::TempDir dir;
    const std::string part = dir / "out.part";
    std::ofstream(part) << "something else entirely, longer than nothing";
    const download::ConvPlan plan = download::plan_conv_extraction(fake_source(), "src", {});
    std::uint64_t fetched = 0;
    const download::ExtractStats stats = download::extract_conv_tensors(plan, reader(&fetched), part);
    CHECK(stats.resumed_from == 0);
    CHECK(fetched == plan.data_bytes);
    CHECK(std::filesystem::file_size(part) == plan.file_bytes());
}
