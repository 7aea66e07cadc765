#pragma once
// The iterations of a run kept in memory, so that the artist can go back to any of them (the
// window's timeline) and branch from it: each iteration's images (8-bit, the result's size, one
// per compare variant) with its losses and the parameters it ran with, within a byte budget.
// Over the budget, iterations are thinned evenly: those kept lie on a grid whose step doubles
// each time, while the first, the latest and every snapshot (pinned) always stay.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "engine/params.h"
#include "engine/rgb_image.h"

namespace record {

struct HistoryLosses {
    double total = 0, content = 0, style = 0, tv = 0;
};

struct HistoryEntry {
    int iteration = 0;
    // One per variant: [main] or [main, compare]. Never changed once kept, and shared, so that a
    // branch holds its ancestors' iterations without copying their pixels.
    std::shared_ptr<const std::vector<engine::RgbImage>> shared_images;
    const std::vector<engine::RgbImage>& images() const;
    void set_images(std::vector<engine::RgbImage> images);
    HistoryLosses losses;                  // the main variant's
    std::uint64_t generation = 0;          // of the parameters it ran with (RunHistory::params_of)
    bool pinned = false;                   // a snapshot: never thinned
    std::size_t bytes() const;
};

class RunHistory {
public:
    static constexpr std::size_t kDefaultBudget = std::size_t(1) << 30;  // 1 GiB

    explicit RunHistory(std::size_t budget_bytes = kDefaultBudget);

    // Thins at once when the iterations kept exceed the new budget.
    void set_budget(std::size_t bytes);
    std::size_t budget() const { return budget_; }

    // The parameters a generation of the run (engine::Run::generation) ran with.
    void note_params(std::uint64_t generation, const engine::Params& params);
    const engine::Params* params_of(std::uint64_t generation) const;

    // Keeps `entry` as the newest iteration (an iteration already kept is replaced, its pin
    // kept), then thins while over the budget.
    void add(HistoryEntry entry);
    // Marks a kept iteration as a snapshot; false when that iteration is not kept.
    bool pin(int iteration);
    // Forgets the iterations after `iteration` (a branch goes on from there instead).
    void truncate_after(int iteration);
    // A branch's history: the iterations up to `iteration` and their parameters, sharing their
    // images with this one; the same budget.
    RunHistory until(int iteration) const;
    void clear();

    const std::vector<HistoryEntry>& entries() const { return entries_; }  // by iteration
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return bytes_; }
    // The index of the kept iteration nearest to `iteration` (the earlier of two as near); -1 when empty.
    int nearest(int iteration) const;
    // Unpinned iterations kept besides the first and the latest lie this many iterations apart
    // (counted from the first): 1 until the budget first ran out.
    int stride() const { return stride_; }

private:
    bool on_grid(const HistoryEntry& entry) const;
    void remove_if_off_grid(std::size_t index);
    void thin();

    std::size_t budget_;
    std::size_t bytes_ = 0;
    int stride_ = 1;
    std::vector<HistoryEntry> entries_;
    std::map<std::uint64_t, engine::Params> params_;
};

}  // namespace record
