#pragma once

#include <spdlog/logger.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "common/codec/BlockChange.hpp"

namespace mmo::sync {

// A batch that was sealed (its composition fixed and on disk) but whose PubAck has not been recorded.
struct SealedBatch {
    std::uint64_t sequence = 0;
    std::vector<codec::BlockChange> changes;  // origin left empty: they are all this region's
};

// What the outbox held when it was opened: to be re-applied to the world and republished.
struct OutboxContents {
    std::uint64_t epoch = 0;                   // random id of this outbox's lifetime (part of message ids)
    std::uint64_t nextBatchSeq = 1;            // the sequence the next sealed batch gets
    std::vector<SealedBatch> unpublished;      // in sequence order
    std::vector<codec::BlockChange> unsealed;  // changes not yet in any batch, in append order
    std::uint64_t truncatedTailBytes = 0;      // bytes of a torn last record that were cut off
};

// The region's on-disk outbox (`<data_dir>/outbox.log`): an append-only log of this region's changes,
// batch seals and publish acknowledgements, so that a change acknowledged to its caller survives
// kill -9 at any moment and every batch is republished after a restart with the same sequence (and so
// the same Nats-Msg-Id). Records: change, seal(seq, count) = "the next count unsealed changes form batch
// seq", published(seq). Each record carries a CRC-32; a torn or corrupt tail is cut off on open (it can
// only hold changes that were never acknowledged, since acknowledgement waits for sync()).
// Not thread-safe: owned by the sync thread.
class Outbox {
  public:
    // Opens or creates the outbox in data_dir (created if missing) and reads back what it holds.
    // Throws std::system_error naming the file on I/O errors, std::runtime_error on an unreadable header.
    Outbox(const std::filesystem::path& dataDir, std::shared_ptr<spdlog::logger> logger);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // What was in the file when it was opened (moved out: call once).
    OutboxContents takeRecovered();

    // Buffers change records (not yet durable).
    void appendChanges(std::span<const codec::BlockChange> changes);
    // Buffers a seal record: the next `count` unsealed changes form batch `sequence`. Throws
    // std::invalid_argument when fewer than `count` changes are unsealed or `sequence` is below the next one.
    void appendSeal(std::uint64_t sequence, std::uint32_t count);
    // Buffers a published record for batch `sequence`.
    void appendPublished(std::uint64_t sequence);
    // Writes the buffered records and fsyncs. Throws std::system_error (e.g. ENOSPC) naming the file; on
    // failure the file is truncated back to its last durable size so no half record stays behind.
    void sync();

    // Rewrites the file holding only what is still needed (unpublished batches and unsealed changes,
    // passed in by the owner) when it has grown past compactBytes; atomic (temp file, fsync, rename).
    // Returns true when it compacted. Buffered records are synced first; the arguments must include them.
    bool compactIfLarge(const std::vector<SealedBatch>& unpublished,
                        std::span<const codec::BlockChange> unsealed, std::uint64_t nextBatchSeq,
                        std::uint64_t compactBytes = 8u << 20);

    // The random id of this outbox's lifetime (kept across compactions).
    std::uint64_t epoch() const;
    // Durable bytes in the file (buffered records not counted).
    std::uint64_t fileBytes() const;
    // `<data_dir>/outbox.log`.
    std::filesystem::path path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mmo::sync
