// fetch-weights against range_server.py on 127.0.0.1, serving make_fake_vgg19.py's stand-in for
// timm's model.safetensors (conv1..3 from ../shared, zero conv4..5, a 32 MB dummy classifier).
#include "catch_checks.h"

#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "engine/safetensors.h"
#include "engine/vgg19.h"
#include "local_server.h"
#include "process.h"
#include "test_paths.h"

using Catch::Contains;
using cli_test::file_exists;
using cli_test::run_cli;
using cli_test::TempDir;

namespace {

const char* kResult = "vgg19-tv_in1k-conv.safetensors";
// VGG-19's 16 conv layers: 20,018,880 weights and 5,504 biases, F32.
constexpr std::uint64_t kConvBytes = (20018880ull + 5504) * 4;  // 80,097,536

// The result loads as a 16-layer VGG-19 whose first layers are the shared file's.
void check_result(const std::string& path) {
    const engine::Vgg19 model = engine::load_vgg19(path);
    CHECK(model->available_layers().size() == 16);
    CHECK(model->convention() == engine::InputConvention::CaffeBgr255);
    const auto fetched = engine::load_safetensors(path, {"features.0.weight", "features.16.weight", "features.34.bias"});
    const auto shared = engine::load_safetensors(test_paths::weights_file(), {"features.0.weight", "features.16.weight"});
    CHECK(torch::equal(fetched.at("features.0.weight"), shared.at("features.0.weight")));
    CHECK(torch::equal(fetched.at("features.16.weight"), shared.at("features.16.weight")));
    CHECK(fetched.at("features.34.bias").abs().sum().item<double>() == 0);
    const auto header = engine::read_safetensors_header(path);
    CHECK(header.tensors.size() == 32);  // conv tensors only: the classifier stayed on the server
    CHECK(header.metadata.count("source") == 1);
}

}  // namespace

TEST_CASE("fetch-weights fetches only the header and the conv tensors", "[cli][fetch]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path());
    const auto result = run_cli({"fetch-weights", "--url", server.url(), "--dest", dir / "models"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Contains(dir / ("models/" + std::string(kResult))));
    check_result(dir / ("models/" + std::string(kResult)));
    CHECK_FALSE(file_exists(dir / ("models/" + std::string(kResult) + ".part")));

    for (const auto& request : server.requests()) CHECK(request.at("status") == 206);
    const std::uint64_t served = server.body_bytes_sent();
    CHECK(served >= kConvBytes);
    CHECK(served < kConvBytes + 64 * 1024);  // the conv data and the header; never the classifier
}

TEST_CASE("an interrupted fetch keeps the .part and the next run resumes it", "[cli][fetch]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    const std::string part = dir / ("models/" + std::string(kResult) + ".part");
    int port = 0;
    {
        cli_test::LocalServer cutting(dir / "model.safetensors", dir.path(), {"--cut-after", "30000000"});
        port = cutting.port();
        const auto cut = run_cli({"fetch-weights", "--url", cutting.url(), "--dest", dir / "models"});
        CHECK(cut.exit_code == 3);
        CHECK_THAT(cut.err, Contains("resume"));
        REQUIRE(file_exists(part));
        CHECK_FALSE(file_exists(dir / ("models/" + std::string(kResult))));
        CHECK(std::filesystem::file_size(part) > 20000000);
    }
    // The server is back at the same address (the .part records its source URL).
    cli_test::LocalServer server(dir / "model.safetensors", dir.path(), {"--port", std::to_string(port)});
    const auto resumed = run_cli({"fetch-weights", "--url", server.url(), "--dest", dir / "models"});
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.err, Contains("continuing after"));
    check_result(dir / ("models/" + std::string(kResult)));
    CHECK_FALSE(file_exists(part));
    CHECK(server.body_bytes_sent() < kConvBytes - 20000000);  // only what was missing
}

TEST_CASE("without range support the whole file is downloaded and the conv tensors extracted", "[cli][fetch]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path(), {"--no-range"});
    const auto result = run_cli({"fetch-weights", "--url", server.url(), "--dest", dir / "models"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    check_result(dir / ("models/" + std::string(kResult)));
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "models")) left.push_back(entry.path().filename());
    CHECK(left == std::vector<std::string>{kResult});  // the whole download is removed
}

TEST_CASE("network failures exit 3 with a clear message", "[cli][fetch]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path());
    const auto missing = run_cli({"fetch-weights", "--url", server.base_url() + "/nothing-here", "--dest", dir / "m"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Contains("HTTP 404"));

    const auto refused = run_cli({"fetch-weights", "--url", "http://127.0.0.1:1/model.safetensors", "--dest", dir / "m"});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Contains("network error") && Contains("127.0.0.1:1"));

    std::ofstream(dir / "not-a-folder") << "x";
    const auto unwritable = run_cli({"fetch-weights", "--url", server.url(), "--dest", dir / "not-a-folder/models"});
    CHECK(unwritable.exit_code == 4);
}

TEST_CASE("a disk that fills up mid-download exits 4 naming the file and leaves no weights file", "[cli][fetch]") {
    TempDir dir;
    cli_test::make_fake_full_vgg19(dir / "model.safetensors");
    cli_test::LocalServer server(dir / "model.safetensors", dir.path());
    // A 20 MB file-size limit stands in for a full disk: writes past it fail with EFBIG (SIGXFSZ
    // ignored, as a full disk fails them with ENOSPC), through the same error path.
    const std::string command = "trap '' XFSZ; ulimit -f 20000; exec '" + cli_test::cli_binary() +
                                "' fetch-weights --url '" + server.url() + "' --dest '" + (dir / "models") + "'";
    const auto result = cli_test::run_process({"bash", "-c", command});
    INFO(result.err);
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.err, Contains(std::string(kResult) + ".part") && Contains("cannot write"));
    CHECK_FALSE(file_exists(dir / ("models/" + std::string(kResult))));  // never a half-written weights file
}
