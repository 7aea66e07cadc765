#pragma once
// How the process reuses the memory of the large tensors a run allocates every iteration. No
// LibTorch in this header, so the app's main() can call it before Qt starts its threads.

namespace engine {

// Large CPU tensors (32 MiB and more) keep their memory when they die and hand it to the next
// tensor of the same size; smaller blocks stay in glibc's heap. A run allocates the same shapes
// every iteration; with the defaults each large block was a fresh mmap whose pages faulted in
// again (at 384 px in compare mode that was 40% of the iteration, and it made a batch of two
// images slower than two single runs). The kept blocks and those in use never add up to more than
// 512 MiB above the most that was in use at once (a miss gives back the largest kept blocks
// first). Idempotent; call it early (Run calls it too).
// GRAMSTUDIO_REUSE_MEMORY=0 keeps LibTorch's allocator (for comparisons).
void keep_freed_memory_for_reuse();
// Gives the kept blocks and the heap's free memory back to the system (a run ended, or changed
// size and will not use those blocks again); the bound starts again from what is in use.
void return_freed_memory();
// Whether large blocks are kept for reuse in this process: not under AddressSanitizer (it must
// see every free) and not with GRAMSTUDIO_REUSE_MEMORY=0.
bool reuses_freed_memory();
// The most the kept blocks may add to the peak (memory estimates count it); 0 when none are kept.
unsigned long long kept_bytes_limit();
// Sets that bound for the runs from now on (512 MiB by default). A run under a memory limit that
// computes in tiles asks for less: its many tile sizes would fill the default with blocks that
// count against the limit (seen: 2344 MiB peak under a 1500 MiB limit, 1362 without keeping).
void set_kept_bytes_limit(unsigned long long bytes);
inline constexpr unsigned long long kDefaultKeptBytes = 512ull << 20;

}  // namespace engine
