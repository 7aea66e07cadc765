#pragma once
// The VGG-19 feature extractor (convolution layers conv1_1 ... conv5_4), built from a
// safetensors file with torchvision/timm names (features.N.weight / features.N.bias, OIHW).
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "engine/params.h"
#include "engine/winograd_conv.h"

namespace engine {

// How the weights expect their input (see ../shared/models/README.md).
enum class InputConvention {
    CaffeBgr255,        // BGR, 0..255, minus the per-channel mean; "__metadata__": {"input": "caffe_bgr_255"}
    TorchRgbNormalized  // RGB 0..1, ImageNet mean/std normalized; the default without that key
};

// The 16 convolution layers in network order: conv1_1, conv1_2, conv2_1, ..., conv5_4.
const std::vector<std::string>& vgg19_layer_names();
// Index of `features.N` for each conv layer: 0, 2, 5, 7, 10, ...
int vgg19_feature_index(const std::string& layer);
// True where a 2x2 pooling follows the layer (conv1_2, conv2_2, conv3_4, conv4_4).
bool vgg19_pools_after(const std::string& layer);
// True for a name in vgg19_layer_names().
bool is_vgg19_layer(const std::string& layer);

class Vgg19Impl : public torch::nn::Module {
public:
    // Loads a file that holds a prefix of the 16 conv layers; throws InputError naming the file.
    explicit Vgg19Impl(const std::string& weights_path);

    const std::string& weights_path() const { return path_; }
    InputConvention convention() const { return convention_; }
    // The conv layers the file provides, in network order.
    const std::vector<std::string>& available_layers() const { return available_; }
    bool has_layer(const std::string& layer) const;
    // Number of filters of a layer (N_l).
    std::int64_t channels(const std::string& layer) const;

    // Paper defaults when the file has them (style conv1_1 ... conv5_1, content conv4_2),
    // else the available conv*_1 layers and the deepest conv*_2 (shared file: conv3_2).
    std::vector<StyleLayer> default_style_layers() const;
    std::string default_content_layer() const;

    // Throws ParamError naming the layer and the file when it is not available.
    void require_layer(const std::string& layer) const;

    // RGB 0..1 images [B,3,H,W] -> the network's input convention.
    torch::Tensor preprocess(const torch::Tensor& rgb01) const;

    // Runs the network only up to the deepest wanted layer and returns the ReLU'd activations
    // of the wanted layers. Input is already preprocessed. Every convolution pads its input by
    // one pixel as `padding` says (see mirror_padding.h).
    std::map<std::string, torch::Tensor> forward(const torch::Tensor& input,
                                                 const std::set<std::string>& wanted,
                                                 Pooling pooling, Padding padding);

private:
    // Layer i's convolution: Winograd F(4x4, 3x3) where it pays (see winograd_conv.h), else LibTorch's.
    torch::Tensor convolve(int i, const torch::Tensor& x, Padding padding);

    std::string path_;
    InputConvention convention_ = InputConvention::TorchRgbNormalized;
    std::vector<std::string> available_;
    std::vector<torch::nn::Conv2d> convs_;  // one per available layer, network order
    torch::Tensor mean_, scale_;            // preprocessing constants, [1,3,1,1]
    // Transformed kernels, made on a layer's first Winograd use (runs may share the model).
    std::mutex winograd_mutex_;
    std::map<int, WinogradKernels> winograd_;
};
TORCH_MODULE(Vgg19);

// Whether convolutions may use Winograd's algorithm (default: yes, unless the environment has
// GRAMSTUDIO_WINOGRAD=0, for comparisons). Results differ from LibTorch's by about 1e-5.
void set_winograd_enabled(bool enabled);
bool winograd_enabled();

// Frozen (no weight gradients), eval mode, on the given device.
Vgg19 load_vgg19(const std::string& weights_path, const torch::Device& device = torch::kCPU);

}  // namespace engine
