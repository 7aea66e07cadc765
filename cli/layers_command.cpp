#include "cli/layers_command.h"

#include <iomanip>
#include <iostream>

#include "cmdline/flag_table.h"
#include "engine/params.h"
#include "engine/vgg19.h"
#include "engine/weights_locator.h"

namespace cli {

namespace {

const char* kAbout =
    "Usage: gramstudio-cli layers [--weights PATH]\n\n"
    "Lists the VGG-19 conv layers a weights file provides, its input convention, and the default\n"
    "style and content layers a run uses with it.\n\n";

std::string convention_text(engine::InputConvention convention) {
    return convention == engine::InputConvention::CaffeBgr255
               ? "caffe_bgr_255 (BGR, 0..255, minus the ImageNet mean)"
               : "torch_rgb_normalized (RGB, 0..1, ImageNet mean/std normalized)";
}

}  // namespace

int layers_command(const std::vector<std::string>& args) {
    std::string weights;
    bool help = false;
    cmdline::FlagTable table("gramstudio-cli layers");
    table.add_text("--weights", "PATH",
                   "a .safetensors file or a folder; without it the weights are searched in: "
                   "$GRAMSTUDIO_WEIGHTS, then the user data folder ($XDG_DATA_HOME or ~/.local/share, then gramstudio/models)",
                   weights)
        .add_switch("--help", "show this help (also -h)", help);
    if (cmdline::wants_help(args)) {
        std::cout << kAbout << table.help();
        return 0;
    }
    table.parse(args);
    const std::string path = engine::find_weights(weights);
    const engine::Vgg19 model = engine::load_vgg19(path);
    std::cout << "weights: " << path << "\n";
    std::cout << "input convention: " << convention_text(model->convention()) << "\n";
    std::cout << "layers (" << model->available_layers().size() << " of " << engine::vgg19_layer_names().size()
              << "):\n";
    for (const auto& layer : model->available_layers())
        std::cout << "  " << std::left << std::setw(9) << layer << model->channels(layer) << " filters\n";
    std::cout << "default style layers: " << engine::format_style_layers(model->default_style_layers()) << "\n";
    std::cout << "default content layer: " << model->default_content_layer() << "\n";
    return 0;
}

}  // namespace cli
