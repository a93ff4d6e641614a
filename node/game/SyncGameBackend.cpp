#include "node/game/SyncGameBackend.hpp"

namespace mmo::game {

GameBackend makeSyncBackend(sync::SyncService& sync, const auth::AuthService& auth,
                            std::vector<std::string> accountNames) {
    GameBackend backend;
    backend.region = sync.region();
    backend.accountNames = std::move(accountNames);
    backend.write = [&sync](std::int32_t x, std::int32_t y, std::uint16_t type,
                            std::function<void(WriteOutcome)> done) {
        sync.submit({sync::BlockWrite{x, y, type}}, sync::AckLevel::Durable,
                    [done = std::move(done)](sync::SubmitResult result) {
                        WriteOutcome outcome;
                        outcome.ok = result.ok && !result.hlcs.empty();
                        outcome.hlc = result.hlcs.empty() ? 0 : result.hlcs.front();
                        outcome.error = result.ok ? std::string() : result.error;
                        done(std::move(outcome));
                    });
    };
    backend.writeBatch = [&sync](std::vector<WriteRequest> writes, std::function<void(BatchOutcome)> done) {
        std::vector<sync::BlockWrite> blockWrites;
        blockWrites.reserve(writes.size());
        for (const auto& w : writes) blockWrites.push_back(sync::BlockWrite{w.x, w.y, w.type});
        const auto count = writes.size();
        sync.submit(std::move(blockWrites), sync::AckLevel::Durable,
                    [done = std::move(done), count](sync::SubmitResult result) {
                        BatchOutcome outcome;
                        outcome.ok = result.ok && result.hlcs.size() == count;
                        outcome.hlcs = std::move(result.hlcs);
                        if (!result.ok)
                            outcome.error = std::move(result.error);
                        else if (!outcome.ok)
                            outcome.error = "the region did not stamp every write";
                        done(std::move(outcome));
                    });
    };
    backend.blocksIn = [&sync](std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1,
                               const std::function<void(const Cell&)>& visit) {
        const auto& world = sync.world();
        const auto area = static_cast<std::uint64_t>((x1 - x0) * (y1 - y0));
        // Whichever is cheaper: one pass over a small world, or one lookup per cell of a small area.
        if (world.cellCount() <= area) {
            world.forEachCell([&](const world::CellView& c) {
                if (c.type != 0 && c.x >= x0 && c.x < x1 && c.y >= y0 && c.y < y1)
                    visit(Cell{c.x, c.y, c.type, c.hlc, std::string(c.origin)});
            });
            return;
        }
        for (auto y = y0; y < y1; ++y) {
            for (auto x = x0; x < x1; ++x) {
                auto state = world.get(static_cast<std::int32_t>(x), static_cast<std::int32_t>(y));
                if (state.type != 0)
                    visit(Cell{static_cast<std::int32_t>(x), static_cast<std::int32_t>(y), state.type,
                               state.hlc, std::move(state.origin)});
            }
        }
    };
    backend.say = [&sync](const std::string& from, const std::string& text) {
        return sync.chat().say(from, text);
    };
    backend.authorize = [&auth](std::string_view token) -> std::optional<std::string> {
        const auto result = auth.authorize("Bearer " + std::string(token), "");
        if (const auto* claims = std::get_if<auth::Claims>(&result)) return claims->sub;
        return std::nullopt;
    };
    return backend;
}

}  // namespace mmo::game
