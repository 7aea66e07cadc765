#include "catch_checks.h"

#include <torch/torch.h>

#include "engine/color_match.h"

TEST_CASE("Colour matching gives an image the reference's RGB mean and covariance", "[color_match]") {
    torch::manual_seed(17);
    // Correlated channels, means and spreads far apart, so each part of the transform matters.
    const auto noise = torch::rand({3, 40 * 30}, torch::kFloat64);
    const auto mix = torch::tensor({0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8}, torch::kFloat64).reshape({3, 3});
    const auto image = (torch::mm(mix, noise) * 0.5 + 0.1).reshape({1, 3, 40, 30}).to(torch::kFloat32);
    const auto reference =
        (torch::rand({1, 3, 20, 25}, torch::kFloat64) * torch::tensor({0.2, 0.4, 0.1}, torch::kFloat64).reshape({1, 3, 1, 1}) +
         torch::tensor({0.7, 0.2, 0.4}, torch::kFloat64).reshape({1, 3, 1, 1}))
            .to(torch::kFloat32);
    const auto [image_mean, image_covariance] = engine::color_statistics(image);
    const auto [reference_mean, reference_covariance] = engine::color_statistics(reference);
    REQUIRE((image_mean - reference_mean).abs().max().item<double>() > 0.1);  // far apart before

    const auto matched = engine::match_color_statistics(image, reference);
    CHECK(matched.sizes() == image.sizes());
    const auto [mean, covariance] = engine::color_statistics(matched);
    CHECK((mean - reference_mean).abs().max().item<double>() < 1e-3);
    CHECK((covariance - reference_covariance).abs().max().item<double>() < 1e-3);
}

TEST_CASE("Colour matching of uncorrelated channels scales and shifts each channel, pixel by pixel", "[color_match]") {
    // Channels R [0,1,0,1], G [0,0,1,1], B [0,1,1,0]: means 0.5, variances 0.25, no cross-covariance.
    // The reference is each channel times [0.2, 0.4, 0.1] plus [0.3, 0.5, 0.6], so A = diag(0.2, 0.4, 0.1)
    // and every pixel must land on the reference's pixel.
    const auto image = torch::tensor({0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0}).reshape({1, 3, 2, 2});
    const auto scale = torch::tensor({0.2, 0.4, 0.1}).reshape({1, 3, 1, 1});
    const auto shift = torch::tensor({0.3, 0.5, 0.6}).reshape({1, 3, 1, 1});
    const auto reference = image * scale + shift;
    const auto matched = engine::match_color_statistics(image, reference);
    CHECK((matched - reference).abs().max().item<double>() < 1e-5);
}
