#include "cli/chaos/DelayScheduler.hpp"

#include <algorithm>

namespace mmo::cli::chaos {

DelayScheduler::DelayScheduler(std::uint64_t seed) : random_(seed) {}

DelayScheduler::TimePoint DelayScheduler::deliveryTime(TimePoint arrival, const LinkShape& shape) {
    auto due = arrival + shape.latency;
    if (shape.jitter.count() > 0) {
        const auto spread = std::chrono::duration_cast<std::chrono::microseconds>(shape.jitter).count();
        std::uniform_int_distribution<std::int64_t> draw(-spread, spread);
        due += std::chrono::microseconds(draw(random_));
    }
    due = std::max(due, arrival);
    if (previous_) due = std::max(due, *previous_);
    previous_ = due;
    return due;
}

}  // namespace mmo::cli::chaos
