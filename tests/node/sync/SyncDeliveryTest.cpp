// What the consumer does with batches that arrive again, late or out of order: nothing changes.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <algorithm>

#include "common/codec/BatchCodec.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/SyncConsumer.hpp"

namespace mmo::sync {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kMs = 1'700'000'000'000;

// A consumer of region us-east-1 with its own world, fed by hand.
struct Replica {
    Replica() {
        bus.stream = "GLOBAL_EVENTS";
        bus.regionId = "us-east-1";
        consumer = std::make_unique<SyncConsumer>(bus, codec::DecodeLimits{}, world, clock, metrics, logger,
                                                  world::SyncPositions{}, time);
    }
    ConsumeOutcome feed(const std::string& origin, const Bytes& payload, std::uint64_t streamSeq) {
        return consumer->handle(payload, "GLOBAL_EVENTS.sync." + origin, streamSeq);
    }
    SteadySyncClock time;  // the consumer's thread is never started here
    eventbus::BusSettings bus;
    world::World world;
    codec::HybridLogicalClock clock{[] { return kMs; }};
    metrics::MetricsRegistry registry;
    SyncMetrics metrics{registry};
    std::shared_ptr<spdlog::logger> logger =
        std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
    std::unique_ptr<SyncConsumer> consumer;
};

Bytes encode(const std::string& origin, std::uint64_t seq, std::vector<codec::BlockChange> changes,
             bool gzip) {
    codec::BatchCodec codec;
    return codec.encode(codec::Batch{origin, seq, 0, std::move(changes)}, gzip);
}

codec::BlockChange change(int x, int y, std::uint16_t type, std::uint64_t ms, std::uint64_t logical = 0) {
    return {x, y, type, codec::HybridLogicalClock::pack(ms, logical), {}};
}

// Three batches from two regions writing the same blocks, some at the same instant.
std::vector<std::pair<std::string, Bytes>> conflictingBatches() {
    return {
        {"eu-west-1",
         encode("eu-west-1", 1, {change(0, 0, 1, kMs), change(1, 0, 2, kMs), change(2, 0, 3, kMs)}, true)},
        {"ap-south-1", encode("ap-south-1", 1, {change(0, 0, 4, kMs), change(1, 0, 0, kMs + 5)}, false)},
        {"eu-west-1", encode("eu-west-1", 2, {change(2, 0, 0, kMs + 1), change(1, 0, 6, kMs + 2)}, true)},
    };
}

// A redelivered batch (same bytes again) is a duplicate: the world and its digest stay as they were.
TEST(SyncDelivery, RedeliveryChangesNothing) {
    Replica r;
    const auto batch = encode("eu-west-1", 1, {change(5, 5, 1, kMs)}, true);
    EXPECT_EQ(r.feed("eu-west-1", batch, 1), ConsumeOutcome::Applied);
    const auto digest = r.world.digestHex();
    EXPECT_EQ(r.feed("eu-west-1", batch, 1), ConsumeOutcome::Duplicate);
    EXPECT_EQ(r.feed("eu-west-1", batch, 7),
              ConsumeOutcome::Duplicate);  // re-published under a new message id
    EXPECT_EQ(r.world.digestHex(), digest);
    EXPECT_EQ(r.metrics.duplicates.labels({"eu-west-1"}).value(), 2);
    EXPECT_EQ(r.metrics.consumedBatches.labels({"eu-west-1"}).value(), 3);
}

// Every order of the same batches gives the same world, block by block, and the same digest.
TEST(SyncDelivery, ReorderedBatchesConverge) {
    auto batches = conflictingBatches();
    std::vector<int> order{0, 1, 2};
    std::string expectedDigest;
    std::vector<world::BlockState> expectedCells;
    do {
        Replica r;
        std::uint64_t seq = 1;
        for (const int i : order) r.feed(batches[i].first, batches[i].second, seq++);
        std::vector<world::BlockState> cells;
        for (int x = 0; x < 3; ++x) cells.push_back(r.world.get(x, 0));
        if (expectedDigest.empty()) {
            expectedDigest = r.world.digestHex();
            expectedCells = cells;
        }
        EXPECT_EQ(r.world.digestHex(), expectedDigest);
        EXPECT_EQ(cells, expectedCells);
    } while (std::next_permutation(order.begin(), order.end()));
    // The winners by (hlc, region id): at the same instant the greater id ("eu-west-1" > "ap-south-1")
    // wins; later writes beat earlier ones.
    EXPECT_EQ(expectedCells[0].type, 1);
    EXPECT_EQ(expectedCells[0].origin, "eu-west-1");
    EXPECT_EQ(expectedCells[1].type, 0);  // ap's removal at +5 ms is the newest write
    EXPECT_EQ(expectedCells[2].type, 0);  // eu's own removal at +1 ms
}

// A region's own batches coming back through the stream are applied but not counted as consumed.
TEST(SyncDelivery, OwnBatchesAreNotCountedAsConsumed) {
    Replica r;
    r.feed("us-east-1", encode("us-east-1", 1, {change(9, 9, 1, kMs)}, false), 1);
    EXPECT_EQ(r.world.get(9, 9).type, 1);
    EXPECT_EQ(r.metrics.consumedBatches.labels({"us-east-1"}).value(), 0);
    EXPECT_EQ(r.consumer->positions().sources.at("us-east-1").batch_seq, 1u);
}

// sync_applied_batch_seq has a series for every source of the positions (what /api/sync/status `sources`
// and /api/world/digest `applied` show), this region's own included, with the same value; an own batch
// coming back is never a duplicate, even though all its changes were already here.
TEST(SyncDelivery, AppliedSequenceGaugeMatchesThePositionsOwnRegionIncluded) {
    Replica r;
    const auto own = encode("us-east-1", 5, {change(9, 9, 1, kMs)}, false);
    r.feed("us-east-1", own, 1);
    r.feed("us-east-1", own, 2);  // a republished copy: changes nothing, still not a duplicate
    r.feed("eu-west-1", encode("eu-west-1", 3, {change(1, 1, 1, kMs)}, false), 3);
    const auto positions = r.consumer->positions();
    ASSERT_EQ(positions.sources.size(), 2u);
    for (const auto& [source, position] : positions.sources)
        EXPECT_EQ(r.metrics.appliedBatchSeq.labels({source}).value(), static_cast<double>(position.batch_seq))
            << source;
    EXPECT_EQ(r.metrics.appliedBatchSeq.labels({"us-east-1"}).value(), 5);
    EXPECT_EQ(r.metrics.duplicates.labels({"us-east-1"}).value(), 0);
}

// eventbus_duplicates_total counts a batch of another region only when every change of it was already here
// (the same write). A batch whose changes all lost last-writer-wins is not a duplicate: its changes count in
// sync_conflicts_total instead. A batch mixing an already-present change with a losing one is not either.
TEST(SyncDelivery, DuplicatesCountOnlyBatchesWhoseEveryChangeWasAlreadyHere) {
    Replica r;
    r.feed("eu-west-1", encode("eu-west-1", 1, {change(1, 1, 1, kMs + 10), change(2, 1, 1, kMs + 10)}, false),
           1);
    // Older writes to both cells from another region: both lose.
    EXPECT_EQ(
        r.feed("ap-south-1", encode("ap-south-1", 1, {change(1, 1, 2, kMs), change(2, 1, 2, kMs)}, false), 2),
        ConsumeOutcome::Applied);
    EXPECT_EQ(r.metrics.duplicates.labels({"ap-south-1"}).value(), 0);
    EXPECT_EQ(r.metrics.conflicts.value(), 2);
    // The first batch again (a redelivery): a duplicate.
    EXPECT_EQ(
        r.feed("eu-west-1",
               encode("eu-west-1", 1, {change(1, 1, 1, kMs + 10), change(2, 1, 1, kMs + 10)}, false), 3),
        ConsumeOutcome::Duplicate);
    EXPECT_EQ(r.metrics.duplicates.labels({"eu-west-1"}).value(), 1);
    // One change already here, one losing: not a duplicate.
    r.feed("eu-west-1", encode("eu-west-1", 2, {change(1, 1, 1, kMs + 10), change(2, 1, 3, kMs)}, false), 4);
    EXPECT_EQ(r.metrics.duplicates.labels({"eu-west-1"}).value(), 1);
    EXPECT_EQ(r.metrics.conflicts.value(), 3);
}

// eventbus_consumed_bytes_total counts whole messages as received: the 14-byte frame header plus the payload.
TEST(SyncDelivery, ConsumedBytesCountWholeMessagesHeaderIncluded) {
    Replica r;
    const auto gzipped = encode("eu-west-1", 1, {change(1, 1, 1, kMs), change(2, 1, 1, kMs)}, true);
    const auto plain = encode("eu-west-1", 2, {change(3, 1, 1, kMs)}, false);
    r.feed("eu-west-1", gzipped, 1);
    r.feed("eu-west-1", plain, 2);
    EXPECT_EQ(r.metrics.consumedBytes.labels({"eu-west-1"}).value(),
              static_cast<double>(gzipped.size() + plain.size()));
    const auto header = codec::BatchCodec::peekHeader(plain);
    ASSERT_TRUE(header);
    EXPECT_EQ(plain.size(), codec::BatchCodec::kFrameHeaderSize + header->body_size);
}

// The consumer records, per source, the newest batch applied and the stream position to resume after.
TEST(SyncDelivery, TracksPositions) {
    Replica r;
    r.feed("eu-west-1", encode("eu-west-1", 4, {change(1, 1, 1, kMs)}, false), 10);
    r.feed("eu-west-1", encode("eu-west-1", 3, {change(1, 2, 1, kMs)}, false), 11);  // late
    const auto positions = r.consumer->positions();
    EXPECT_EQ(positions.stream_seq, 11u);
    EXPECT_EQ(positions.sources.at("eu-west-1").batch_seq, 4u);
    EXPECT_EQ(r.metrics.appliedBatchSeq.labels({"eu-west-1"}).value(), 4);
}

}  // namespace
}  // namespace mmo::sync
