#include "catch_checks.h"

#include <sys/resource.h>

#include <cstdlib>

#include <torch/torch.h>

#include "engine/heap.h"

namespace {

long minor_faults() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

// Page faults taken while a new 64 MiB tensor (larger than any mmap threshold) is written.
long faults_filling_a_large_tensor() {
    const long before = minor_faults();
    auto tensor = torch::empty({16 << 20}, torch::kFloat);
    tensor.fill_(1.0f);
    return minor_faults() - before;
}

}  // namespace

#if defined(__GLIBC__)
TEST_CASE("A large tensor's memory goes to the next tensor of its size without page faults", "[heap]") {
    if (!engine::reuses_freed_memory()) {  // AddressSanitizer build or GRAMSTUDIO_REUSE_MEMORY=0
        WARN("blocks are not reused in this build or environment: nothing to measure");
        CHECK(engine::kept_bytes_limit() == 0);
        return;
    }
    engine::keep_freed_memory_for_reuse();
    faults_filling_a_large_tensor();  // the first one is new memory
    // LibTorch's default would mmap it afresh: 16,384 faults of 4 KiB pages each time.
    CHECK(faults_filling_a_large_tensor() < 1000);
    CHECK(faults_filling_a_large_tensor() < 1000);
    engine::return_freed_memory();  // given back: the next one is new memory again
    CHECK(faults_filling_a_large_tensor() > 4000);
}

TEST_CASE("Tensors from the reusing allocator hold their values and sizes", "[heap]") {
    engine::keep_freed_memory_for_reuse();
    auto a = torch::arange(9 << 20, torch::kFloat);  // 36 MiB: a reused block
    const auto sum = a.sum().item<double>();
    const void* a_block = a.data_ptr();
    a = torch::Tensor();
    auto b = torch::zeros({9 << 20}, torch::kFloat);  // the same block, zeroed
    if (engine::reuses_freed_memory()) CHECK(b.data_ptr() == a_block);
    CHECK(b.sum().item<double>() == 0.0);
    auto c = torch::ones({9 << 20}, torch::kFloat);   // a second block while b lives
    CHECK(b.data_ptr() != c.data_ptr());
    CHECK(c.sum().item<double>() == Approx(9 << 20));
    CHECK(sum > 0);
    CHECK(torch::empty({0}).numel() == 0);
}
#endif

TEST_CASE("Memory estimates count kept blocks only when blocks are kept", "[heap]") {
    ::unsetenv("GRAMSTUDIO_REUSE_MEMORY");
    const bool sanitized = !engine::reuses_freed_memory();  // AddressSanitizer never keeps blocks
    ::setenv("GRAMSTUDIO_REUSE_MEMORY", "0", 1);
    CHECK_FALSE(engine::reuses_freed_memory());
    CHECK(engine::kept_bytes_limit() == 0);
    ::unsetenv("GRAMSTUDIO_REUSE_MEMORY");
    CHECK(engine::reuses_freed_memory() == !sanitized);
    CHECK(engine::kept_bytes_limit() == (sanitized ? 0 : 512ull << 20));
}
