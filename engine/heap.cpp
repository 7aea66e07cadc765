#include "engine/heap.h"

#include <c10/core/CPUAllocator.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// Under AddressSanitizer, tensors keep the default allocator so that ASan sees every free.
#if defined(__SANITIZE_ADDRESS__)
#define GRAMSTUDIO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GRAMSTUDIO_ASAN 1
#endif
#endif

namespace engine {
namespace {

constexpr std::size_t kAlignment = 64;                     // as c10's own CPU allocator
constexpr std::size_t kHeader = kAlignment;                // holds the block's size
constexpr std::size_t kReusedBytes = std::size_t{32} << 20;  // glibc maps blocks this large afresh
// Kept blocks never make the large blocks add up to more than this above the most that was in use
// at once. A cap on the kept blocks alone (512 MiB, before) was too small for a 512 px compare run,
// whose iteration frees more than that before it allocates it again: 0.65 s of every 1.16 s
// iteration went to page faults.
std::atomic<std::size_t> kept_limit{static_cast<std::size_t>(kDefaultKeptBytes)};

// Blocks are [header | data]; the header keeps the data's size so the deleter knows it.
class BlockCache {
public:
    void* take(std::size_t bytes) {
        std::vector<void*> evicted;
        if (bytes >= kReusedBytes) {
            std::lock_guard<std::mutex> lock(mutex_);
            // The smallest kept block that fits without wasting more than a quarter. (An eighth kept
            // a 512 px compare run's 89 and 101 MiB blocks apart, and each iteration faulted.)
            auto it = free_.lower_bound(bytes);
            if (it != free_.end() && it->first <= bytes + bytes / 4) {
                void* data = it->second;
                cached_ -= it->first;
                in_use_ += it->first;
                free_.erase(it);
                return data;
            }
            // New memory: give back kept blocks (the largest first) until the total is within bounds.
            in_use_ += bytes;
            peak_in_use_ = std::max(peak_in_use_, in_use_);
            while (!free_.empty() && in_use_ + cached_ > peak_in_use_ + kept_limit.load()) {
                auto largest = std::prev(free_.end());
                cached_ -= largest->first;
                evicted.push_back(largest->second);
                free_.erase(largest);
            }
        }
        for (void* data : evicted) std::free(static_cast<char*>(data) - kHeader);
        void* block = nullptr;
        if (posix_memalign(&block, kAlignment, kHeader + bytes) != 0) {
            if (bytes >= kReusedBytes) {
                std::lock_guard<std::mutex> lock(mutex_);
                in_use_ -= bytes;
            }
            throw std::bad_alloc();
        }
        *static_cast<std::size_t*>(block) = bytes;
        return static_cast<char*>(block) + kHeader;
    }

    // A large block is always kept: the total in use and kept stays what it was, within bounds.
    void give_back(void* data) {
        if (!data) return;
        const std::size_t bytes = *reinterpret_cast<std::size_t*>(static_cast<char*>(data) - kHeader);
        if (bytes >= kReusedBytes) {
            std::lock_guard<std::mutex> lock(mutex_);
            in_use_ -= bytes;
            free_.emplace(bytes, data);
            cached_ += bytes;
            return;
        }
        std::free(static_cast<char*>(data) - kHeader);
    }

    void release_all() {
        std::multimap<std::size_t, void*> blocks;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            blocks.swap(free_);
            cached_ = 0;
            peak_in_use_ = in_use_;  // the next run's sizes set the bound afresh
        }
        for (auto& [bytes, data] : blocks) std::free(static_cast<char*>(data) - kHeader);
    }

private:
    std::mutex mutex_;
    std::multimap<std::size_t, void*> free_;  // kept blocks by size
    std::size_t cached_ = 0;                 // their bytes
    std::size_t in_use_ = 0;                 // bytes of the large blocks in use
    std::size_t peak_in_use_ = 0;            // the most in use at once since the last release_all
};

BlockCache& cache() {
    static auto* instance = new BlockCache;  // never destroyed: tensors may die at exit
    return *instance;
}

void give_back_block(void* data) { cache().give_back(data); }

class ReusingCpuAllocator final : public c10::Allocator {
public:
    // LibTorch 1.x declares allocate() const, 2.3 and later non-const: one of the two overrides.
    c10::DataPtr allocate(std::size_t bytes) const { return make(bytes); }
    c10::DataPtr allocate(std::size_t bytes) { return make(bytes); }
    // Pure virtual from LibTorch 2.3 on.
    void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
    c10::DeleterFnPtr raw_deleter() const override { return &give_back_block; }

private:
    static c10::DataPtr make(std::size_t bytes) {
        void* data = bytes == 0 ? nullptr : cache().take(bytes);
        return {data, data, &give_back_block, c10::Device(c10::DeviceType::CPU)};
    }
};

}  // namespace

void keep_freed_memory_for_reuse() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(__GLIBC__)
        // Smaller blocks: from the heap, and freed ones stay there for the next iteration.
        mallopt(M_MMAP_THRESHOLD, static_cast<int>(kReusedBytes));
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
        if (!reuses_freed_memory()) return;
        static auto* allocator = new ReusingCpuAllocator;  // never destroyed: LibTorch keeps the pointer
        c10::SetCPUAllocator(allocator, /*priority=*/std::numeric_limits<std::uint8_t>::max());
    });
}

bool reuses_freed_memory() {
#if defined(GRAMSTUDIO_ASAN)
    return false;
#else
    const char* wanted = std::getenv("GRAMSTUDIO_REUSE_MEMORY");  // "0": LibTorch's default, to compare
    return !(wanted && std::string(wanted) == "0");
#endif
}

unsigned long long kept_bytes_limit() { return reuses_freed_memory() ? kept_limit.load() : 0; }

void set_kept_bytes_limit(unsigned long long bytes) { kept_limit = static_cast<std::size_t>(bytes); }

void return_freed_memory() {
    cache().release_all();
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace engine
