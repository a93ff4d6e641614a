#include "node/sync/Outbox.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <random>
#include <stdexcept>
#include <system_error>

#include "common/codec/ByteWriter.hpp"
#include "common/posix/PrivateDirectory.hpp"
#include "node/sync/OutboxFd.hpp"
#include "node/sync/OutboxRecord.hpp"

namespace mmo::sync {
namespace {

// What appendSeal may still ask for: tracked so the file never holds a seal that recovery would have to
// call corrupt.
struct Tally {
    std::uint64_t unsealed = 0;
    std::uint64_t nextSeq = 1;
};

std::uint64_t randomEpoch() {
    std::random_device device;
    std::uint64_t epoch = 0;
    while (epoch == 0) epoch = (std::uint64_t{device()} << 32) | device();
    return epoch;
}

// Replays the records after the header into `out`; returns the offset where the valid prefix ends.
std::size_t replay(std::span<const std::uint8_t> bytes, OutboxContents& out) {
    std::size_t offset = OutboxHeader::kSize;
    std::uint64_t lastSealed = 0;
    std::size_t sealedFrom = 0;  // unsealed changes before this index are already in a batch
    std::vector<codec::BlockChange> changes;
    while (offset < bytes.size()) {
        std::size_t used = 0;
        const auto record = decodeOutboxRecord(bytes.subspan(offset), used);
        if (!record) break;
        if (record->type == OutboxRecordType::Change) {
            changes.push_back(record->change);
        } else if (record->type == OutboxRecordType::Seal) {
            if (record->count > changes.size() - sealedFrom) break;  // asks for more than exists: corrupt
            const auto first = changes.begin() + static_cast<std::ptrdiff_t>(sealedFrom);
            out.unpublished.push_back({record->sequence, {first, first + record->count}});
            sealedFrom += record->count;
            lastSealed = std::max(lastSealed, record->sequence);
        } else {
            std::erase_if(out.unpublished,
                          [&](const SealedBatch& b) { return b.sequence == record->sequence; });
        }
        offset += used;
    }
    out.unsealed.assign(changes.begin() + static_cast<std::ptrdiff_t>(sealedFrom), changes.end());
    if (lastSealed != 0) out.nextBatchSeq = std::max(out.nextBatchSeq, lastSealed + 1);
    return offset;
}

}  // namespace

struct Outbox::Impl {
    std::filesystem::path dir;
    std::filesystem::path file;
    std::filesystem::path tmp;
    std::shared_ptr<spdlog::logger> log;
    OutboxFd fd;
    std::uint64_t epoch = 0;
    std::uint64_t durableBytes = 0;
    codec::ByteWriter pending;
    Tally durable;
    Tally staged;
    bool broken = false;  // a failed truncate left bytes we cannot vouch for: refuse further writes
    OutboxContents recovered;

    void open();
    void writeFreshFile(const OutboxHeader& header, std::span<const std::uint8_t> body);
    void dropPending();
};

void Outbox::Impl::open() {
    if (const auto ec = posix::createPrivateDirectory(dir))
        throw std::system_error(ec, "cannot create the outbox directory " + dir.string());
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);  // a compaction that crashed before its rename
    fd = OutboxFd::open(file, O_RDWR | O_APPEND);
    if (!fd.valid() || fd.size() == 0) {  // new, or a crash right after an external create
        epoch = randomEpoch();
        writeFreshFile({epoch, 1}, {});
        recovered = OutboxContents{epoch, 1, {}, {}, 0};
        log->info("Outbox {} created: epoch={:016x}", file.string(), epoch);
        return;
    }
    const std::vector<std::uint8_t> bytes = fd.readAll();
    const auto header = decodeOutboxHeader(bytes);
    if (!header)
        throw std::runtime_error(
            "Outbox " + file.string() +
            " has a damaged header (not an MMOO version 1 outbox); it may hold acknowledged "
            "changes, so it is not discarded: move it aside to start with an empty outbox");
    epoch = header->epoch;
    recovered.epoch = epoch;
    recovered.nextBatchSeq = std::max<std::uint64_t>(header->seqFloor, 1);
    const std::size_t good = replay(bytes, recovered);
    if (good < bytes.size()) {
        recovered.truncatedTailBytes = bytes.size() - good;
        log->warn(
            "Outbox {}: torn or corrupt record at byte offset {}; cutting off the last {} bytes (writes "
            "that were never acknowledged)",
            file.string(), good, recovered.truncatedTailBytes);
        fd.truncate(good);
        fd.syncData();
    }
    durableBytes = good;
    durable = {recovered.unsealed.size(), recovered.nextBatchSeq};
    staged = durable;
    log->info("Outbox {} opened: epoch={:016x} unpublished={} unsealed={} next_batch={}", file.string(),
              epoch, recovered.unpublished.size(), recovered.unsealed.size(), recovered.nextBatchSeq);
}

// Writes header + body to the temp file, makes it durable, renames it over the outbox and reopens it, so a
// crash leaves either the old file or the new one.
void Outbox::Impl::writeFreshFile(const OutboxHeader& header, std::span<const std::uint8_t> body) {
    codec::ByteWriter head(OutboxHeader::kSize);
    encodeOutboxHeader(header, head);
    try {
        OutboxFd out = OutboxFd::open(tmp, O_WRONLY | O_CREAT | O_TRUNC);
        out.writeAll(head.bytes());
        out.writeAll(body);
        out.syncAll();
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) OutboxFd::fail(ec.value(), "cannot rename the new outbox over", file);
    try {
        fd = OutboxFd::open(file, O_RDWR | O_APPEND);  // first, so no append can reach the replaced inode
        durableBytes = fd.size();
    } catch (...) {
        broken = true;
        throw;
    }
    OutboxFd::open(dir, O_RDONLY | O_DIRECTORY).syncAll();
}

void Outbox::Impl::dropPending() {
    pending = codec::ByteWriter();
    staged = durable;
}

Outbox::Outbox(const std::filesystem::path& dataDir, std::shared_ptr<spdlog::logger> logger)
    : impl_(std::make_unique<Impl>()) {
    impl_->dir = dataDir;
    impl_->file = dataDir / "outbox.log";
    impl_->tmp = dataDir / "outbox.log.tmp";
    impl_->log = logger ? std::move(logger) : std::make_shared<spdlog::logger>("outbox");
    impl_->open();
}

Outbox::~Outbox() = default;

OutboxContents Outbox::takeRecovered() {
    return std::exchange(impl_->recovered, OutboxContents{});
}

void Outbox::appendChanges(std::span<const codec::BlockChange> changes) {
    for (const auto& change : changes) encodeOutboxChange(change, impl_->pending);
    impl_->staged.unsealed += changes.size();
}

void Outbox::appendSeal(std::uint64_t sequence, std::uint32_t count) {
    if (count > impl_->staged.unsealed || sequence < impl_->staged.nextSeq)
        throw std::invalid_argument("Outbox::appendSeal(" + std::to_string(sequence) + ", " +
                                    std::to_string(count) + "): " + std::to_string(impl_->staged.unsealed) +
                                    " unsealed changes, next sequence " +
                                    std::to_string(impl_->staged.nextSeq));
    encodeOutboxSeal(sequence, count, impl_->pending);
    impl_->staged.unsealed -= count;
    impl_->staged.nextSeq = sequence + 1;
}

void Outbox::appendPublished(std::uint64_t sequence) {
    encodeOutboxPublished(sequence, impl_->pending);
}

void Outbox::sync() {
    Impl& s = *impl_;
    if (s.broken) {
        s.dropPending();
        OutboxFd::fail(EIO, "outbox unusable after an earlier failed truncate (restart the node):", s.file);
    }
    if (s.pending.size() == 0) return;
    try {
        s.fd.writeAll(s.pending.bytes());
        s.fd.syncData();
    } catch (const std::system_error& error) {
        s.dropPending();
        try {
            s.fd.truncate(s.durableBytes);
            s.fd.syncData();
        } catch (const std::system_error& truncateError) {
            s.broken = true;
            s.log->error("Outbox {}: {}; further writes are refused", s.file.string(), truncateError.what());
        }
        s.log->error("Outbox {}: sync failed: {}", s.file.string(), error.what());
        throw;
    }
    s.durableBytes += s.pending.size();
    s.pending = codec::ByteWriter();
    s.durable = s.staged;
}

bool Outbox::compactIfLarge(const std::vector<SealedBatch>& unpublished,
                            std::span<const codec::BlockChange> unsealed, std::uint64_t nextBatchSeq,
                            std::uint64_t compactBytes) {
    Impl& s = *impl_;
    if (s.durableBytes + s.pending.size() <= compactBytes) return false;
    sync();  // the arguments should already include these records; written anyway in case they do not
    const std::uint64_t before = s.durableBytes;
    codec::ByteWriter body;
    for (const SealedBatch& batch : unpublished) {
        for (const auto& change : batch.changes) encodeOutboxChange(change, body);
        encodeOutboxSeal(batch.sequence, static_cast<std::uint32_t>(batch.changes.size()), body);
    }
    for (const auto& change : unsealed) encodeOutboxChange(change, body);
    // The header carries nextBatchSeq, not the oldest unpublished sequence: a published batch newer than
    // every unpublished one must not get its sequence (and Nats-Msg-Id) reused after a restart.
    s.writeFreshFile({s.epoch, nextBatchSeq}, body.bytes());
    s.durable = {unsealed.size(), nextBatchSeq};
    s.staged = s.durable;
    s.log->info("Outbox {} compacted: {} -> {} bytes, unpublished={} unsealed={}", s.file.string(), before,
                s.durableBytes, unpublished.size(), unsealed.size());
    return true;
}

std::uint64_t Outbox::epoch() const {
    return impl_->epoch;
}

std::uint64_t Outbox::fileBytes() const {
    return impl_->durableBytes;
}

std::filesystem::path Outbox::path() const {
    return impl_->file;
}

}  // namespace mmo::sync
