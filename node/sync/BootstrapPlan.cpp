#include "node/sync/BootstrapPlan.hpp"

#include <algorithm>

namespace mmo::sync {

BootstrapPlan planBootstrap(const BootstrapInput& input) {
    BootstrapPlan plan;
    plan.resumeAfter = input.resumeAfter;
    // Messages 1 .. goneTo are no longer in the stream.
    const std::uint64_t goneTo = input.streamFirst > 0 ? input.streamFirst - 1 : 0;
    if (input.hasSnapshot && input.resumeAfter >= goneTo) return plan;  // the stream continues the snapshot

    const world::CheckpointRound* best = nullptr;
    const world::CheckpointRound* earlierStream = nullptr;
    for (const auto& round : input.rounds) {
        auto& slot = round.streamSeq > input.streamLast ? earlierStream : best;
        if (!slot || round.streamSeq > slot->streamSeq) slot = &round;
    }
    if (best && (!input.hasSnapshot || best->streamSeq > input.resumeAfter)) {
        plan.load = *best;
        plan.resumeAfter = std::max(input.resumeAfter, best->streamSeq);
    } else if (!best && earlierStream && !input.hasSnapshot) {
        plan.load = *earlierStream;
        plan.roundPositionsApply = false;
    }
    if (plan.resumeAfter < goneTo) plan.missing = MissingRange{plan.resumeAfter + 1, goneTo};
    return plan;
}

}  // namespace mmo::sync
