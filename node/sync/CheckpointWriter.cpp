#include "node/sync/CheckpointWriter.hpp"

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/WorldStore.hpp"
#include "common/world/CheckpointFormat.hpp"

namespace mmo::sync {

CheckpointWriter::CheckpointWriter(eventbus::BusSettings bus, std::chrono::seconds interval, bool gzip,
                                   world::World& world, PositionsSource positions, CompleteCheck complete,
                                   CheckpointMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                                   SyncClock& time)
    : bus_(std::move(bus)),
      interval_(interval),
      gzip_(gzip ? std::make_unique<codec::GzipCompressor>(1)
                 : nullptr),  // level 1: cheap, near level 6's size
      world_(world),
      positions_(std::move(positions)),
      complete_(std::move(complete)),
      metrics_(metrics),
      logger_(std::move(logger)),
      worker_("checkpoint", time) {}

CheckpointWriter::~CheckpointWriter() {
    stop();
}

void CheckpointWriter::attach(std::shared_ptr<eventbus::NatsConnection> connection) {
    std::lock_guard lock(mutex_);
    connection_ = std::move(connection);
}

void CheckpointWriter::start() {
    worker_.start([this] { run(); });
}

void CheckpointWriter::stop() {
    worker_.stop();
}

void CheckpointWriter::run() {
    std::unique_lock lock(worker_.mutex());
    while (worker_.waitFor(lock, interval_, [] { return false; })) {
        lock.unlock();
        writeRound();
        lock.lock();
    }
}

bool CheckpointWriter::writeRound() {
    std::lock_guard round(roundMutex_);
    std::shared_ptr<eventbus::NatsConnection> connection;
    {
        std::lock_guard lock(mutex_);
        connection = connection_;
    }
    if (!connection || !connection->connected()) return false;
    if (!complete_()) {
        if (!toldIncomplete_)
            logger_->warn(
                "Checkpoints paused: this region's world is incomplete, its rounds would claim more "
                "than it holds");
        toldIncomplete_ = true;
        return false;
    }
    toldIncomplete_ = false;
    const auto started = std::chrono::steady_clock::now();
    eventbus::WorldStore store(*connection, bus_);
    std::vector<world::ChunkCoord> chunks;
    std::size_t written = 0;
    try {
        // Every round: a store deleted meanwhile is created again (and then written whole, below).
        store.ensure(*logger_);
        const auto recorded = store.get(store.subjects().round(bus_.regionId));
        const bool intact = recorded && lastWritten_ &&
                            world::CheckpointFormat::decodeRound(*recorded, {}).streamSeq == *lastWritten_;
        if (!intact) {
            if (lastWritten_)
                logger_->warn(
                    "World store: this region's round record is gone or changed; writing every chunk "
                    "again");
            world_.markAllChanged();
        }
        // The position first: the chunks read after it hold at least what it claims.
        const auto positions = positions_();
        chunks = world_.takeChangedChunks();
        double bytes = 0;
        for (; written < chunks.size(); ++written) {
            const auto chunk = chunks[written];
            world::ChunkCheckpoint checkpoint{chunk, positions.stream_seq, bus_.regionId,
                                              world_.chunkCells(chunk)};
            const auto encoded = world::CheckpointFormat::encodeChunk(checkpoint, gzip_.get());
            store.put(store.subjects().chunk(bus_.regionId, chunk.cx, chunk.cy), encoded);
            bytes += static_cast<double>(encoded.size());
        }
        world::CheckpointRound record{
            bus_.regionId, positions.stream_seq, world_.chunkCount(),
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count()),
            positions};
        store.put(store.subjects().round(bus_.regionId), world::CheckpointFormat::encodeRound(record));
        lastWritten_ = positions.stream_seq;
        metrics_.rounds.labels({"ok"}).inc();
        metrics_.chunksWritten.inc(static_cast<double>(chunks.size()));
        metrics_.bytesWritten.inc(bytes);
        metrics_.coveredStreamSeq.set(static_cast<double>(positions.stream_seq));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        metrics_.roundSeconds.set(seconds);
        if (!chunks.empty())
            logger_->debug("Checkpoint round: {} chunks ({:.0f} bytes) at stream seq {} in {:.3f}s",
                           chunks.size(), bytes, positions.stream_seq, seconds);
        return true;
    } catch (const std::exception& e) {
        // What was not stored is written by the next round.
        world_.markChanged(std::span<const world::ChunkCoord>(chunks).subspan(written));
        metrics_.rounds.labels({"failed"}).inc();
        logger_->warn("Checkpoint round failed after {} of {} chunks (retrying in {}s): {}", written,
                      chunks.size(), interval_.count(), e.what());
        return false;
    }
}

}  // namespace mmo::sync
