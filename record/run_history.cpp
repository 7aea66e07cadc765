#include "record/run_history.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace record {

const std::vector<engine::RgbImage>& HistoryEntry::images() const {
    static const std::vector<engine::RgbImage> none;
    return shared_images ? *shared_images : none;
}

void HistoryEntry::set_images(std::vector<engine::RgbImage> images) {
    shared_images = std::make_shared<const std::vector<engine::RgbImage>>(std::move(images));
}

std::size_t HistoryEntry::bytes() const {
    std::size_t total = 0;
    for (const auto& image : images()) total += image.pixels.size();
    return total;
}

RunHistory::RunHistory(std::size_t budget_bytes) : budget_(budget_bytes) {}

void RunHistory::set_budget(std::size_t bytes) {
    budget_ = bytes;
    thin();
}

void RunHistory::note_params(std::uint64_t generation, const engine::Params& params) { params_[generation] = params; }

const engine::Params* RunHistory::params_of(std::uint64_t generation) const {
    const auto found = params_.find(generation);
    return found == params_.end() ? nullptr : &found->second;
}

void RunHistory::add(HistoryEntry entry) {
    const auto at = std::lower_bound(entries_.begin(), entries_.end(), entry.iteration,
                                     [](const HistoryEntry& e, int iteration) { return e.iteration < iteration; });
    if (at != entries_.end() && at->iteration == entry.iteration) {
        entry.pinned = entry.pinned || at->pinned;
        bytes_ = bytes_ - at->bytes() + entry.bytes();
        *at = std::move(entry);
        thin();
        return;
    }
    bytes_ += entry.bytes();
    const bool newest = at == entries_.end();
    entries_.insert(at, std::move(entry));
    // The one that was the latest until now stays only if it lies on the grid.
    if (newest && entries_.size() >= 3) remove_if_off_grid(entries_.size() - 2);
    thin();
}

bool RunHistory::pin(int iteration) {
    const int index = nearest(iteration);
    if (index < 0 || entries_[index].iteration != iteration) return false;
    entries_[index].pinned = true;
    return true;
}

void RunHistory::truncate_after(int iteration) {
    while (!entries_.empty() && entries_.back().iteration > iteration) {
        bytes_ -= entries_.back().bytes();
        entries_.pop_back();
    }
}

RunHistory RunHistory::until(int iteration) const {
    RunHistory branch = *this;
    branch.truncate_after(iteration);
    return branch;
}

void RunHistory::clear() {
    entries_.clear();
    params_.clear();
    bytes_ = 0;
    stride_ = 1;
}

int RunHistory::nearest(int iteration) const {
    if (entries_.empty()) return -1;
    const auto at = std::lower_bound(entries_.begin(), entries_.end(), iteration,
                                     [](const HistoryEntry& e, int i) { return e.iteration < i; });
    if (at == entries_.end()) return static_cast<int>(entries_.size()) - 1;
    const int index = static_cast<int>(at - entries_.begin());
    if (index == 0 || at->iteration == iteration) return index;
    const int before = entries_[index - 1].iteration;
    return iteration - before <= at->iteration - iteration ? index - 1 : index;
}

bool RunHistory::on_grid(const HistoryEntry& entry) const {
    return (entry.iteration - entries_.front().iteration) % stride_ == 0;
}

// Entry `index` goes unless it is the first, the latest, a snapshot or on the grid.
void RunHistory::remove_if_off_grid(std::size_t index) {
    const HistoryEntry& entry = entries_[index];
    if (index == 0 || index + 1 == entries_.size() || entry.pinned || on_grid(entry)) return;
    bytes_ -= entry.bytes();
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
}

void RunHistory::thin() {
    while (bytes_ > budget_ && stride_ < std::numeric_limits<int>::max() / 2) {
        const std::size_t before = entries_.size();
        stride_ *= 2;
        for (std::size_t i = entries_.size(); i-- > 1;) remove_if_off_grid(i);
        // Only the first, the latest and snapshots left: nothing more can go.
        if (entries_.size() == before && std::none_of(entries_.begin() + 1, entries_.end() - 1,
                                                      [](const HistoryEntry& e) { return !e.pinned; }))
            break;
    }
}

}  // namespace record
