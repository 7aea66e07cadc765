#pragma once
// What every measurement shares: the model, the content and style images at each size, and the
// parameters of one configuration (the model's default layers, default weights).
#include <map>
#include <string>

#include "bench/options.h"
#include "engine/params.h"
#include "engine/rgb_image.h"
#include "engine/vgg19.h"

namespace bench {

class Fixture {
public:
    explicit Fixture(const Options& options);

    engine::Vgg19 model() const { return model_; }
    const std::string& weights_path() const { return weights_path_; }
    const std::string& content_path() const { return content_path_; }
    const std::string& style_path() const { return style_path_; }

    // Both images with their longest side = size (as gramstudio-cli loads them), cached.
    const engine::RgbImage& content(int size);
    const engine::RgbImage& style(int size);
    // Writes the images used at `size` to dir/content_<size>.png and style_<size>.png, so the
    // PyTorch reference can read exactly the same pixels.
    void save_inputs(int size, const std::string& dir);

    // One configuration's parameters, with the options' padding.
    engine::Params params(int size, engine::StyleLossMode mode, engine::OptimizerKind optimizer, int threads,
                          int iterations) const;

private:
    std::string weights_path_, content_path_, style_path_;
    engine::Vgg19 model_{nullptr};
    engine::Padding padding_ = engine::Padding::Bleed;
    std::map<int, engine::RgbImage> contents_, styles_;
};

}  // namespace bench
