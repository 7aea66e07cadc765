#include "catch_checks.h"

#include <sys/resource.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

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

TEST_CASE("A kept block goes to the next tensor of about its size, the smallest that fits", "[heap]") {
    if (!engine::reuses_freed_memory()) {  // AddressSanitizer build or GRAMSTUDIO_REUSE_MEMORY=0
        WARN("blocks are not reused in this build or environment: the reusing allocator is not in use");
        CHECK(engine::kept_bytes_limit() == 0);
        return;
    }
    engine::keep_freed_memory_for_reuse();
    engine::return_freed_memory();  // start with no kept blocks
    constexpr std::int64_t kFloats36MiB = 9 << 20;
    auto block_of = [](std::int64_t floats) { return torch::empty({floats}, torch::kFloat); };
    auto a = block_of(kFloats36MiB);
    const void* block_a = a.data_ptr();
    CHECK(reinterpret_cast<std::uintptr_t>(block_a) % 64 == 0);  // aligned as c10's allocator
    a = torch::Tensor();  // kept
    // Larger than the kept block: a new block (the kept one stays kept).
    auto too_large = block_of(kFloats36MiB + kFloats36MiB / 2);
    CHECK(too_large.data_ptr() != block_a);
    // Smaller than the kept block by less than a quarter of the request: the kept block.
    auto close = block_of(kFloats36MiB - kFloats36MiB / 16);
    CHECK(close.data_ptr() == block_a);
    close = torch::Tensor();
    // Two kept blocks that both fit: the smaller one is taken.
    const void* block_large = too_large.data_ptr();
    too_large = torch::Tensor();
    auto again = block_of(kFloats36MiB);
    CHECK(again.data_ptr() == block_a);
    auto second = block_of(kFloats36MiB);  // only the 54 MiB block is left: more than a quarter larger
    CHECK(second.data_ptr() != block_large);
    again = torch::Tensor();
    second = torch::Tensor();
    engine::return_freed_memory();
}

// Marks each new block in its first value; returns how many came back with a mark (kept blocks)
// rather than zeroed (new memory, mmap).
int reused_of(std::vector<torch::Tensor>& tensors, int count, std::int64_t floats) {
    int reused = 0;
    for (int i = 0; i < count; ++i) {
        tensors.push_back(torch::empty({floats}, torch::kFloat));
        float& mark = tensors.back().data_ptr<float>()[0];
        reused += mark != 0.0f ? 1 : 0;
        mark = 1.0f;
    }
    return reused;
}

TEST_CASE("Kept blocks add at most 512 MiB to the most that was in use at once", "[heap]") {
    if (!engine::reuses_freed_memory()) {
        WARN("blocks are not reused in this build or environment: nothing is kept");
        CHECK(engine::kept_bytes_limit() == 0);
        return;
    }
    engine::keep_freed_memory_for_reuse();
    engine::return_freed_memory();
    constexpr std::int64_t kFloats36MiB = 9 << 20, kFloats48MiB = 12 << 20;
    std::vector<torch::Tensor> tensors;
    // 15 blocks of 36 MiB in use at once (540 MiB): all 15 are kept, more than 512 MiB.
    CHECK(reused_of(tensors, 15, kFloats36MiB) == 0);
    tensors.clear();
    CHECK(reused_of(tensors, 15, kFloats36MiB) == 15);
    tensors.clear();
    // 24 blocks of 48 MiB, too large for a kept 36 MiB one: all new memory. At the 11th, in use
    // and kept (528 + 540 MiB) would pass the most in use so far (540) by more than 512 MiB: the
    // largest kept block, one of 36 MiB, is given back.
    CHECK(reused_of(tensors, 24, kFloats48MiB) == 0);
    tensors.clear();
    // 14 kept blocks of 36 MiB; the 15th is new, and a kept 48 MiB block (more than a quarter too
    // large for it) is given back.
    CHECK(reused_of(tensors, 15, kFloats36MiB) == 14);
    tensors.clear();
    CHECK(reused_of(tensors, 24, kFloats48MiB) == 23);
    tensors.clear();
    engine::return_freed_memory();  // everything given back: new memory again
    CHECK(reused_of(tensors, 2, kFloats36MiB) == 0);
    tensors.clear();
    engine::return_freed_memory();
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
