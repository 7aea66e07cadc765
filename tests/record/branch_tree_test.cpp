// The branches of a window session (record/branch_tree.h): their change labels, tree order, and
// branches.json written and read back, with its errors.
#include "catch_checks.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/errors.h"
#include "record/branch_tree.h"

using record::BranchTree;

namespace {

engine::Params params(double style, double tv = 10.0) {
    engine::Params p;
    p.size = 256;
    p.style_weight = style;
    p.tv_weight = tv;
    return p;
}

std::filesystem::path freshFolder(const char* name) {
    const auto folder = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    return folder;
}

}  // namespace

TEST_CASE("A branch is labelled with what changed from its parent, in the artist's words", "[branches]") {
    const std::vector<std::string> starry{"/img/starry_night.jpg"};
    CHECK(record::describe_change(params(100), starry, params(1000), starry) == "style 100 -> 1000");
    CHECK(record::describe_change(params(100), starry, params(100, 2), starry) == "TV 10 -> 2");
    CHECK(record::describe_change(params(100), starry, params(300, 0.5), starry) == "style 100 -> 300, TV 10 -> 0.5");
    engine::Params diag = params(100);
    diag.style_loss = engine::StyleLossMode::Diagonal;
    CHECK(record::describe_change(params(100), starry, diag, starry) == "style loss full -> diag");
    engine::Params layers = params(100);
    layers.style_layers = {{"conv1_1", 1.0}, {"conv2_1", 0.5}};
    CHECK(record::describe_change(params(100), starry, layers, starry) == "layers default -> conv1_1,conv2_1:0.5");
    CHECK(record::describe_change(params(100), starry, params(100), {"/x/grass.png"}) ==
          "painting starry_night.jpg -> grass.png");
    // The count goes on from the branch point by itself; the device does not shape the picture.
    engine::Params longer = params(100);
    longer.iterations = 900;
    longer.device = engine::DeviceChoice::Cpu;
    CHECK(record::describe_change(params(100), starry, longer, starry) == "no change");
    CHECK(record::describe_root(params(100)) == "256 px, style 100, content 1, TV 10");
}

TEST_CASE("Branches list in tree order, each after its parent, with depth", "[branches]") {
    BranchTree tree;
    CHECK(tree.add(0, 0, params(100), {}, "/s/1") == 1);
    CHECK(tree.add(1, 40, params(1000), {}, "/s/1/branch_2") == 2);
    CHECK(tree.add(1, 20, params(10), {}, "/s/1/branch_3") == 3);
    CHECK(tree.add(2, 60, params(1000, 1), {}, "/s/1/branch_4") == 4);
    CHECK(tree.tree_order() == std::vector<int>{1, 2, 4, 3});
    CHECK(tree.depth(1) == 0);
    CHECK(tree.depth(4) == 2);
    CHECK(tree.find(4)->label == "TV 10 -> 1");
    CHECK(tree.find(3)->from_iteration == 20);
    CHECK(tree.find(1)->from_iteration == 0);
    CHECK_THROWS_AS(tree.add(9, 5, params(1), {}, "/s/x"), std::invalid_argument);
    CHECK(tree.find(9) == nullptr);
}

TEST_CASE("branches.json is written atomically and reads back the same tree", "[branches]") {
    const auto folder = freshFolder("gramstudio_branch_tree_test");
    BranchTree tree;
    tree.add(0, 0, params(100), {"/img/a.png"}, folder.string());
    tree.add(1, 40, params(1000), {"/img/a.png"}, (folder / "branch_2").string());
    record::write_branches(tree, folder.string());
    const BranchTree back = record::read_branches((folder / record::kBranchesFileName).string());
    REQUIRE(back.size() == 2);
    CHECK(back.find(2)->parent == 1);
    CHECK(back.find(2)->from_iteration == 40);
    CHECK(back.find(2)->params == params(1000));
    CHECK(back.find(2)->label == "style 100 -> 1000");
    CHECK(back.find(2)->folder == (folder / "branch_2").string());
    CHECK(back.find(1)->styles == std::vector<std::string>{"/img/a.png"});
    // Nothing else is left in the folder (no temporary file).
    CHECK(std::distance(std::filesystem::directory_iterator(folder), std::filesystem::directory_iterator()) == 1);
    std::filesystem::remove_all(folder);
}

TEST_CASE("A broken branches.json is refused naming the file and the reason", "[branches]") {
    const auto folder = freshFolder("gramstudio_branch_tree_bad");
    const std::string path = (folder / record::kBranchesFileName).string();
    const auto refused = [&](const std::string& text, const std::string& reason) {
        std::ofstream(path) << text;
        try {
            record::read_branches(path);
            FAIL("accepted: " << text);
        } catch (const engine::InputError& error) {
            const std::string message = error.what();
            CHECK(message.find(path) != std::string::npos);
            CHECK(message.find(reason) != std::string::npos);
        }
    };
    refused("{not json", path);
    refused(R"({"format":"other"})", "not a gramstudio-branches document");
    refused(R"({"format":"gramstudio-branches","version":7,"branches":[]})", "newer");
    refused(R"({"format":"gramstudio-branches","version":1,"branches":[{"id":2,"parent":1,"params":{},"folder":"/f"}]})",
            "names a parent listed nowhere before it");
    refused(R"({"format":"gramstudio-branches","version":1,"branches":[{"id":1,"params":{},"folder":"/f"},)"
            R"({"id":1,"params":{},"folder":"/g"}]})",
            "listed twice");
    refused(R"({"format":"gramstudio-branches","version":1,"branches":[{"id":"one","params":{},"folder":"/f"}]})",
            "wrong type");
    std::filesystem::remove_all(folder);
}
