#include "bench/fixture.h"

#include <filesystem>
#include <stdexcept>

#include "engine/image_io.h"
#include "engine/weights_locator.h"

namespace bench {
namespace {

namespace fs = std::filesystem;

// The shared sample images: beside the weights (shared/models -> shared/images), then the
// source tree's ../shared, then Debian's opencv-doc copy.
std::string find_sample_image(const std::string& name, const std::string& weights_path) {
    const std::vector<fs::path> candidates{
        fs::path(weights_path).parent_path().parent_path() / "images" / name,
        fs::path(GRAMSTUDIO_SHARED_DIR) / "images" / name,
        fs::path("/usr/share/doc/opencv-doc/examples/data") / name,
    };
    for (const auto& candidate : candidates)
        if (fs::exists(candidate)) return candidate.string();
    throw std::runtime_error("sample image " + name + " not found (looked beside the weights, in " +
                             std::string(GRAMSTUDIO_SHARED_DIR) + "/images and opencv-doc); pass --content/--style");
}

}  // namespace

Fixture::Fixture(const Options& options) {
    weights_path_ = engine::find_weights(options.weights);
    content_path_ = options.content_image.empty() ? find_sample_image("building.jpg", weights_path_) : options.content_image;
    style_path_ = options.style_image.empty() ? find_sample_image("starry_night.jpg", weights_path_) : options.style_image;
    model_ = engine::load_vgg19(weights_path_);
    padding_ = options.padding;
}

const engine::RgbImage& Fixture::content(int size) {
    auto it = contents_.find(size);
    if (it == contents_.end()) it = contents_.emplace(size, engine::load_image(content_path_, size)).first;
    return it->second;
}

const engine::RgbImage& Fixture::style(int size) {
    auto it = styles_.find(size);
    if (it == styles_.end()) it = styles_.emplace(size, engine::load_image(style_path_, size)).first;
    return it->second;
}

void Fixture::save_inputs(int size, const std::string& dir) {
    fs::create_directories(dir);
    engine::save_png(content(size), (fs::path(dir) / ("content_" + std::to_string(size) + ".png")).string());
    engine::save_png(style(size), (fs::path(dir) / ("style_" + std::to_string(size) + ".png")).string());
}

engine::Params Fixture::params(int size, engine::StyleLossMode mode, engine::OptimizerKind optimizer, int threads,
                               int iterations) const {
    engine::Params p;  // default weights, layers (the model's), average pooling, content init
    p.size = size;
    p.style_loss = mode;
    p.optimizer = optimizer;
    p.threads = threads;
    p.iterations = iterations;
    p.device = engine::DeviceChoice::Cpu;
    p.padding = padding_;
    return p;
}

}  // namespace bench
