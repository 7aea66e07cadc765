#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/errors.h"
#include "engine/safetensors.h"
#include "safetensors_test_files.h"

using namespace engine;
using namespace test_files;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// Loading `path` must fail with an InputError that starts with the path and contains `reason`.
void require_refused(const std::string& path, const std::string& reason) {
    try {
        load_safetensors(path);
        FAIL("accepted a broken file: " << reason);
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), StartsWith(path) && Contains(reason));
    }
}

std::string header_with(const std::string& entries) { return "{" + entries + "}"; }

}  // namespace

TEST_CASE("a small valid file round-trips exact values", "[safetensors]") {
    TempDir dir;
    const std::string path = dir.file("small.safetensors");
    const std::vector<float> f32 = {1.5f, -2.25f, 0.1f, 1e-30f, 3.4e38f, 0.0f};
    const std::vector<std::uint16_t> f16 = {0x3C00, 0xC000, 0x3555, 0x7BFF};  // 1, -2, 0.333251953125, 65504
    const std::vector<std::uint16_t> bf16 = {0x3F80, 0xC060, 0x3E20};        // 1, -3.5, 0.15625
    const std::vector<double> f64 = {0.1, -1e10};
    write_safetensors(path,
                      {{"a", "F32", {2, 3}, raw_bytes(f32)},
                       {"half", "F16", {4}, raw_bytes(f16)},
                       {"brain", "BF16", {3, 1}, raw_bytes(bf16)},
                       {"double", "F64", {2}, raw_bytes(f64)},
                       {"empty", "F32", {0, 4}, ""}},
                      {{"input", "caffe_bgr_255"}, {"note", "hello"}});

    const SafetensorsHeader header = read_safetensors_header(path);
    CHECK(header.tensors.size() == 5);
    CHECK(header.metadata == std::map<std::string, std::string>{{"input", "caffe_bgr_255"}, {"note", "hello"}});
    CHECK(header.tensors.at("half").dtype == "F16");
    CHECK(header.tensors.at("half").shape == std::vector<std::int64_t>{4});
    CHECK(header.tensors.at("half").begin == 24);
    CHECK(header.tensors.at("half").end == 32);

    const auto tensors = load_safetensors(path);
    REQUIRE(tensors.size() == 5);
    const torch::Tensor a = tensors.at("a");
    CHECK(a.dtype() == torch::kFloat32);
    CHECK(a.sizes() == torch::IntArrayRef{2, 3});
    CHECK(a.is_contiguous());
    for (int i = 0; i < 6; ++i) CHECK(a.view({-1})[i].item<float>() == f32[i]);
    const torch::Tensor half = tensors.at("half");
    CHECK(half.dtype() == torch::kFloat32);
    CHECK(half[0].item<float>() == 1.0f);
    CHECK(half[1].item<float>() == -2.0f);
    CHECK(half[2].item<float>() == 0.333251953125f);
    CHECK(half[3].item<float>() == 65504.0f);
    const torch::Tensor brain = tensors.at("brain");
    CHECK(brain.sizes() == torch::IntArrayRef{3, 1});
    CHECK(brain[0][0].item<float>() == 1.0f);
    CHECK(brain[1][0].item<float>() == -3.5f);
    CHECK(brain[2][0].item<float>() == 0.15625f);
    CHECK(tensors.at("double")[0].item<float>() == 0.1f);
    CHECK(tensors.at("double")[1].item<float>() == -1e10f);
    CHECK(tensors.at("empty").numel() == 0);
    CHECK(tensors.at("empty").sizes() == torch::IntArrayRef{0, 4});
}

TEST_CASE("only the requested tensors are loaded", "[safetensors]") {
    TempDir dir;
    const std::string path = dir.file("two.safetensors");
    write_safetensors(path, {{"keep", "F32", {1}, raw_bytes(std::vector<float>{7.0f})},
                             {"skip", "I8", {2}, std::string("\x01\x02", 2)}});
    const auto tensors = load_safetensors(path, {"keep"});
    REQUIRE(tensors.size() == 1);
    CHECK(tensors.at("keep").item<float>() == 7.0f);
    CHECK_THROWS_WITH(load_safetensors(path, {"nothere"}), StartsWith(path) && Contains("has no tensor 'nothere'"));
}

TEST_CASE("loaded tensors own their memory", "[safetensors]") {
    torch::Tensor kept;
    {
        TempDir dir;
        const std::string path = dir.file("owned.safetensors");
        write_safetensors(path, {{"x", "F16", {2}, raw_bytes(std::vector<std::uint16_t>{0x4000, 0x4200})}});
        kept = load_safetensors(path).at("x");
    }  // file and folder are gone
    CHECK(kept[0].item<float>() == 2.0f);
    CHECK(kept[1].item<float>() == 3.0f);
}

TEST_CASE("broken safetensors files are refused with the path and the reason", "[safetensors]") {
    TempDir dir;
    const std::string path = dir.file("broken.safetensors");
    const std::string floats4 = raw_bytes(std::vector<float>{1, 2, 3, 4});

    SECTION("missing file") { require_refused(dir.file("absent.safetensors"), "does not exist"); }
    SECTION("a folder") { require_refused(dir.path().string(), "is a folder"); }
    SECTION("empty file") {
        write_bytes(path, "");
        require_refused(path, "file is empty");
    }
    SECTION("4-byte file") {
        write_bytes(path, "abcd");
        require_refused(path, "too small for a safetensors header (4 bytes");
    }
    SECTION("header length larger than the file") {
        write_bytes(path, u64_le(123456) + std::string(100, ' '));
        require_refused(path, "header length 123456 is larger than the file (108 bytes)");
    }
    SECTION("header length above the limit") {
        write_bytes(path, u64_le(std::uint64_t(1) << 40) + "{}");
        require_refused(path, "header length 1099511627776 is larger than the limit");
    }
    SECTION("header not JSON") {
        write_raw_safetensors(path, "{\"a\": [1, 2", floats4);
        require_refused(path, "header is not valid JSON");
    }
    SECTION("header not an object") {
        write_raw_safetensors(path, "[1, 2, 3]", "");
        require_refused(path, "header is not a JSON object");
    }
    SECTION("truncated data") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]})"),
                              floats4.substr(0, 10));
        require_refused(path, "the file is truncated");
    }
    SECTION("offsets out of range") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "F32", "shape": [1], "data_offsets": [100, 104]})"),
                              floats4);
        require_refused(path, "data_offsets [100, 104] beyond the data section (16 bytes)");
    }
    SECTION("begin after end") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]})"),
                              floats4);
        require_refused(path, "begin after end");
    }
    SECTION("overlapping offsets") {
        write_raw_safetensors(path,
                              header_with(R"("a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]},
                                             "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]})"),
                              floats4);
        require_refused(path, "tensors 'a' [0, 12] and 'b' [8, 16] have overlapping data_offsets");
    }
    SECTION("size disagrees with the shape") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 8]})"),
                              floats4);
        require_refused(path, "tensor 'a' has 8 bytes but dtype F32 and shape [2, 2] need 16");
    }
    SECTION("shape whose size overflows") {
        write_raw_safetensors(
            path,
            header_with(R"("a": {"dtype": "F32", "shape": [4611686018427387904, 4611686018427387904], "data_offsets": [0, 16]})"),
            floats4);
        require_refused(path, "need more than 2^64");
    }
    SECTION("negative dimension") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]})"),
                              floats4);
        require_refused(path, "invalid shape [-4]");
    }
    SECTION("missing dtype") {
        write_raw_safetensors(path, header_with(R"("a": {"shape": [4], "data_offsets": [0, 16]})"), floats4);
        require_refused(path, "tensor 'a' has no dtype string");
    }
    SECTION("unknown dtype") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "Q7", "shape": [4], "data_offsets": [0, 16]})"),
                              floats4);
        require_refused(path, "unknown dtype 'Q7'");
    }
    SECTION("dtype that parses but cannot be loaded") {
        write_raw_safetensors(path, header_with(R"("a": {"dtype": "I8", "shape": [16], "data_offsets": [0, 16]})"),
                              floats4);
        REQUIRE_NOTHROW(read_safetensors_header(path));
        require_refused(path, "tensor 'a' has dtype I8, which cannot be loaded (supported: F32, F16, BF16, F64)");
    }
    SECTION("metadata that is not a map of strings") {
        write_raw_safetensors(path, header_with(R"("__metadata__": {"input": 3})"), "");
        require_refused(path, "__metadata__ value 'input' is not a string");
    }
}

TEST_CASE("parse_safetensors_header checks offsets against the data size it is given", "[safetensors]") {
    const std::string text = R"({"w": {"dtype": "BF16", "shape": [2, 2], "data_offsets": [0, 8]}})";
    CHECK(parse_safetensors_header(text, 8, "label").tensors.at("w").end == 8);
    CHECK_THROWS_WITH(parse_safetensors_header(text, 7, "label"), StartsWith("label: tensor 'w'"));
    CHECK_THROWS_AS(parse_safetensors_header("", 0, "label"), InputError);
}
