#include "node/sync/WorldBootstrap.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/StreamSetup.hpp"
#include "common/eventbus/WorldStore.hpp"
#include "common/world/CheckpointFormat.hpp"

namespace mmo::sync {

void mergePositions(world::SyncPositions& into, const world::SyncPositions& from) {
    for (const auto& [source, position] : from.sources) {
        auto& mine = into.sources[source];
        if (position.batch_seq > mine.batch_seq) mine = position;
    }
    into.stream_seq = std::max(into.stream_seq, from.stream_seq);
}

WorldBootstrap::WorldBootstrap(eventbus::BusSettings bus, world::World& world,
                               codec::HybridLogicalClock& clock, CheckpointMetrics& metrics,
                               std::shared_ptr<spdlog::logger> logger, bool hasSnapshot,
                               std::filesystem::path dataDir)
    : bus_(std::move(bus)),
      world_(world),
      clock_(clock),
      metrics_(metrics),
      logger_(std::move(logger)),
      hasSnapshot_(hasSnapshot),
      dataDir_(std::move(dataDir)) {}

std::optional<MissingRange> WorldBootstrap::missing() const {
    std::lock_guard lock(mutex_);
    return missing_;
}

void WorldBootstrap::setMissing(std::optional<MissingRange> missing) {
    writeMissingFile(missing);
    std::lock_guard lock(mutex_);
    missing_ = missing;
    metrics_.missingMessages.set(missing ? static_cast<double>(missing->count()) : 0.0);
}

std::filesystem::path WorldBootstrap::missingFile() const {
    return dataDir_ / kMissingFileName;
}

std::optional<MissingRange> WorldBootstrap::readMissingFile() const {
    std::ifstream in(missingFile());
    MissingRange range;
    if (!in || !(in >> range.from >> range.to) || range.from == 0 || range.to < range.from)
        return std::nullopt;
    return range;
}

void WorldBootstrap::writeMissingFile(const std::optional<MissingRange>& missing) const {
    std::error_code error;
    if (!missing) {
        std::filesystem::remove(missingFile(), error);
        if (error)
            logger_->error("Cannot remove {} ({}): the next start reports the world incomplete again",
                           missingFile().string(), error.message());
        return;
    }
    // Small and rewritten whole: a temp file renamed over it, so a crash leaves the old or the new one.
    const auto temp = missingFile().string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << missing->from << " " << missing->to << "\n";
        if (!out.flush()) {
            logger_->error(
                "Cannot record the missing stream messages in {}: the next start may not know them",
                missingFile().string());
            return;
        }
    }
    std::filesystem::rename(temp, missingFile(), error);
    if (error)
        logger_->error(
            "Cannot record the missing stream messages in {} ({}): the next start may not know them",
            missingFile().string(), error.message());
}

std::vector<world::CheckpointRound> WorldBootstrap::readRounds(eventbus::NatsConnection& connection) {
    eventbus::WorldStore store(connection, bus_);
    std::vector<world::CheckpointRound> rounds;
    store.readAll(store.subjects().allRounds(), [&](const std::string& subject, auto bytes) {
        try {
            rounds.push_back(world::CheckpointFormat::decodeRound(bytes, {}));
        } catch (const world::CheckpointDecodeError& e) {
            logger_->error("World store: ignoring the damaged round record {}: {}", subject, e.what());
        }
    });
    return rounds;
}

std::uint64_t WorldBootstrap::loadSet(eventbus::NatsConnection& connection,
                                      const world::CheckpointRound& round) {
    eventbus::WorldStore store(connection, bus_);
    const auto filter = store.subjects().chunksOf(round.writer);
    const std::uint64_t total = store.count(filter);
    metrics_.bootstrapChunksTotal.set(static_cast<double>(total));
    metrics_.bootstrapChunksLoaded.set(0);
    logger_->info("Bootstrap: loading {} chunk checkpoints of {} (round at stream seq {})", total,
                  round.writer, round.streamSeq);
    const auto started = std::chrono::steady_clock::now();
    std::uint64_t loaded = 0, damaged = 0, newest = 0;
    const std::uint64_t step = std::max<std::uint64_t>(total / 10, 1000);
    store.readAll(filter, [&](const std::string& subject, auto bytes) {
        try {
            const auto checkpoint = world::CheckpointFormat::decodeChunk(bytes, {});
            world_.apply(std::span<const codec::BlockChange>(checkpoint.cells));
            for (const auto& cell : checkpoint.cells) newest = std::max(newest, cell.hlc);
        } catch (const world::CheckpointDecodeError& e) {
            ++damaged;
            logger_->error("Bootstrap: damaged chunk checkpoint {} skipped: {}", subject, e.what());
        }
        ++loaded;
        metrics_.bootstrapChunksLoaded.set(static_cast<double>(loaded));
        if (loaded % step == 0) logger_->info("Bootstrap: {}/{} chunks loaded", loaded, total);
    });
    clock_.observe(newest);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.bootstrapSeconds.set(seconds);
    logger_->info("Bootstrap: {} chunks loaded in {:.2f}s ({} blocks in the world now){}", loaded, seconds,
                  world_.blockCount(), damaged ? fmt::format(", {} damaged and skipped", damaged) : "");
    if (damaged > 0) throw std::runtime_error(std::to_string(damaged) + " damaged chunk checkpoints");
    return loaded;
}

world::SyncPositions WorldBootstrap::run(eventbus::NatsConnection& connection,
                                         const world::SyncPositions& current) {
    const auto stream = eventbus::currentStreamState(connection, bus_);
    const std::uint64_t goneTo = stream.firstSeq > 0 ? stream.firstSeq - 1 : 0;
    const auto recorded = readMissingFile();
    world::SyncPositions positions = current;
    if (hasSnapshot_ && current.stream_seq >= goneTo && !recorded) {
        done_ = true;  // the stream continues the snapshot: the world store is not needed
        return positions;
    }
    const BootstrapPlan plan = planBootstrap(
        {hasSnapshot_, current.stream_seq, stream.firstSeq, stream.lastSeq, readRounds(connection)});
    std::optional<MissingRange> missing = plan.missing;
    bool loaded = false;
    if (plan.load) {
        try {
            loadSet(connection, *plan.load);
            if (plan.roundPositionsApply) mergePositions(positions, plan.load->positions);
            loaded = true;
        } catch (const eventbus::BusError&) {
            throw;  // NATS, not the set: the consumer tries again
        } catch (const std::runtime_error& e) {
            logger_->error(
                "Bootstrap: the checkpoint set of {} is damaged ({}); consuming what the stream holds",
                plan.load->writer, e.what());
        }
    }
    if (plan.load && !loaded) {
        // Without the set, the stream has to carry everything after what this node already had.
        missing.reset();
        if (current.stream_seq < goneTo) missing = MissingRange{current.stream_seq + 1, goneTo};
    } else {
        positions.stream_seq = std::max(positions.stream_seq, plan.resumeAfter);
    }
    // What an earlier start found missing stays missing unless the set loaded now covers it.
    if (recorded && !(loaded && plan.roundPositionsApply && plan.load->streamSeq >= recorded->to))
        missing = missing ? MissingRange{std::min(missing->from, recorded->from),
                                         std::max(missing->to, recorded->to)}
                          : *recorded;
    if (missing) {
        // The messages are gone: consuming starts after them, and a snapshot records that.
        positions.stream_seq = std::max(positions.stream_seq, missing->to);
        logger_->error(
            "World incomplete: stream messages {}..{} of {} are gone (retention or purge) and no checkpoint "
            "covers them; this region reports not ready until a checkpoint round covering them appears or "
            "`mmoctl repair` completes its world",
            missing->from, missing->to, bus_.stream);
    } else if (!plan.load && !hasSnapshot_) {
        logger_->info(
            "Bootstrap: no checkpoint to load; consuming the stream from its first message (seq {})",
            std::max<std::uint64_t>(stream.firstSeq, 1));
    }
    setMissing(missing);
    done_ = true;
    return positions;
}

bool WorldBootstrap::tryComplete(eventbus::NatsConnection& connection, world::SyncPositions& positions) {
    const auto gap = missing();
    if (!gap) return true;
    const auto rounds = readRounds(connection);
    // Rounds past the stream's end are from an earlier stream of the same name: their positions cover
    // nothing here.
    const auto streamLast = eventbus::currentStreamState(connection, bus_).lastSeq;
    const world::CheckpointRound* best = nullptr;
    for (const auto& round : rounds)
        if (round.streamSeq >= gap->to && round.streamSeq <= streamLast &&
            (!best || round.streamSeq > best->streamSeq))
            best = &round;
    if (!best) return false;
    logger_->info("World store: round of {} at stream seq {} covers the missing messages {}..{}",
                  best->writer, best->streamSeq, gap->from, gap->to);
    loadSet(connection, *best);
    mergePositions(positions, best->positions);
    setMissing(std::nullopt);
    logger_->info("World complete: the missing messages are covered by the checkpoints of {}", best->writer);
    return true;
}

void WorldBootstrap::markComplete(const std::string& why) {
    const auto gap = missing();
    if (!gap) return;
    setMissing(std::nullopt);
    logger_->warn("World marked complete ({}): stream messages {}..{} stay missing from the stream", why,
                  gap->from, gap->to);
}

}  // namespace mmo::sync
