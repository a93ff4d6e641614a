#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <stdlib.h>

#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/SyncManager.hpp"
#include "tests/node/sync/ManualSyncClock.hpp"
#include "tests/support/TmpfsMount.hpp"

namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

// Collects what the manager hands to the publisher.
class PublishRecorder {
  public:
    void operator()(std::shared_ptr<const SealedBatch> batch) {
        std::lock_guard lock(mutex_);
        batches_.push_back(std::move(batch));
        cv_.notify_all();
    }
    // Waits (bounded) until n batches arrived; returns them.
    std::vector<std::shared_ptr<const SealedBatch>> waitFor(std::size_t n,
                                                            std::chrono::milliseconds limit = 5s) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, limit, [&] { return batches_.size() >= n; });
        return batches_;
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return batches_.size();
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::shared_ptr<const SealedBatch>> batches_;
};

class SyncManagerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "syncmgr-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        settings_.regionId = "eu-west-1";
        settings_.dataDir = dir_;
        settings_.batchSize = 3;
        settings_.flushEvery = std::chrono::hours(1);
        settings_.shutdownDrainTimeout = 100ms;
    }
    void TearDown() override {
        manager_.reset();
        outbox_.reset();
        std::filesystem::remove_all(dir_);
    }
    void open() {
        outbox_ = std::make_unique<Outbox>(outboxDir_.empty() ? dir_ : outboxDir_, logger_);
        manager_ = std::make_unique<SyncManager>(
            settings_, world_, clock_, *outbox_, metrics_, logger_,
            [this](auto b) { recorder_(std::move(b)); }, time_);
        manager_->recover(outbox_->takeRecovered());
        manager_->start();
    }
    // Submits and waits for the callback.
    SubmitResult submitAndWait(std::vector<BlockWrite> writes, AckLevel level = AckLevel::Durable) {
        std::promise<SubmitResult> promise;
        auto future = promise.get_future();
        manager_->submit(std::move(writes), level, [&](SubmitResult r) { promise.set_value(std::move(r)); });
        EXPECT_EQ(future.wait_for(5s), std::future_status::ready);
        return future.get();
    }

    std::filesystem::path dir_;
    std::filesystem::path outboxDir_;  // empty: dir_
    test::ManualSyncClock time_;       // the flush timer moves only when a test advances it
    SyncSettings settings_;
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    world::World world_;
    std::uint64_t fakeMs_ = 1'700'000'000'000;
    codec::HybridLogicalClock clock_{[this] { return fakeMs_; }};
    metrics::MetricsRegistry registry_;
    SyncMetrics metrics_{registry_};
    PublishRecorder recorder_;
    std::unique_ptr<Outbox> outbox_;
    std::unique_ptr<SyncManager> manager_;
};

// An acknowledged write is stamped, applied to the world and fsynced in the outbox.
TEST_F(SyncManagerTest, DurableAckAppliesAndPersists) {
    open();
    const auto result = submitAndWait({{100, 50, 1}});
    ASSERT_TRUE(result.ok) << result.error;
    ASSERT_EQ(result.hlcs.size(), 1u);
    const auto block = world_.get(100, 50);
    EXPECT_EQ(block.type, 1);
    EXPECT_EQ(block.origin, "eu-west-1");
    EXPECT_EQ(block.hlc, result.hlcs[0]);
    manager_.reset();  // no shutdown drain for this check: reopen the raw outbox
    outbox_.reset();
    Outbox reopened(dir_, logger_);
    const auto contents = reopened.takeRecovered();
    const auto total = contents.unsealed.size() +
                       (contents.unpublished.empty() ? 0 : contents.unpublished[0].changes.size());
    EXPECT_EQ(total, 1u);
}

// A batch holding batch_size changes is sealed at once, not on the (one-hour) timer.
TEST_F(SyncManagerTest, FullBatchSealsImmediately) {
    open();
    submitAndWait({{1, 1, 1}, {2, 2, 1}, {3, 3, 1}});
    const auto batches = recorder_.waitFor(1);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0]->sequence, 1u);
    EXPECT_EQ(batches[0]->changes.size(), 3u);
    EXPECT_EQ(metrics_.flushes.labels({"size"}).value(), 1);
    EXPECT_EQ(manager_->pendingChanges(), 0u);
}

// Seven changes with batch_size 3 make two full batches and leave one pending.
TEST_F(SyncManagerTest, SplitsIntoFullBatches) {
    open();
    submitAndWait({{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 1}, {5, 5, 1}, {6, 6, 1}, {7, 7, 1}});
    const auto batches = recorder_.waitFor(2);
    ASSERT_EQ(batches.size(), 2u);
    EXPECT_EQ(batches[1]->sequence, 2u);
    EXPECT_EQ(manager_->pendingChanges(), 1u);
}

// A partial batch is sealed flush_every_seconds after its first change, not a moment before (on the
// injected clock: no real-time wait).
TEST_F(SyncManagerTest, TimerSealsPartialBatch) {
    settings_.flushEvery = 50ms;
    open();
    submitAndWait({{1, 1, 1}});
    ASSERT_TRUE(time_.advanceAndSettle(49ms));
    EXPECT_EQ(recorder_.count(), 0u) << "sealed before flush_every_seconds";
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    ASSERT_EQ(recorder_.count(), 1u);
    EXPECT_EQ(recorder_.waitFor(1)[0]->changes.size(), 1u);
    EXPECT_EQ(metrics_.flushes.labels({"timer"}).value(), 1);
    // The next change starts a new timer from its own arrival.
    ASSERT_TRUE(time_.advanceAndSettle(1h));
    submitAndWait({{2, 2, 1}});
    ASSERT_TRUE(time_.advanceAndSettle(49ms));
    EXPECT_EQ(recorder_.count(), 1u);
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    EXPECT_EQ(recorder_.count(), 2u);
}

// A write the outbox cannot persist because its disk is full is refused with the cause, not applied, and
// counted in sync_writes_refused_total{reason="disk_full"}; once space is back, writes are accepted again.
TEST_F(SyncManagerTest, WritesRefusedOnAFullDiskAreCounted) {
    outboxDir_ = dir_ / "data";
    std::filesystem::create_directories(outboxDir_);
    test::TmpfsMount mount(outboxDir_, 1u << 20);
    if (!mount.mounted()) GTEST_SKIP() << "needs a tmpfs mount (root): " << mount.error();
    open();
    EXPECT_EQ(metrics_.refusedWrites.labels({"disk_full"}).value(), 0);
    EXPECT_EQ(metrics_.refusedWrites.labels({"io_error"}).value(), 0);

    const auto filler = outboxDir_ / "filler";
    test::fillUp(filler);
    // More than the page tmpfs already gave the outbox file, so the write needs new space.
    std::vector<BlockWrite> writes;
    for (int i = 0; i < 1000; ++i) writes.push_back({i, 1, 1});
    const auto refused = submitAndWait(writes);
    EXPECT_FALSE(refused.ok);
    EXPECT_NE(refused.error.find("No space left on device"), std::string::npos) << refused.error;
    EXPECT_EQ(world_.get(1, 1).type, 0) << "a refused write took effect";
    EXPECT_EQ(metrics_.refusedWrites.labels({"disk_full"}).value(), 1000);
    EXPECT_EQ(metrics_.refusedWrites.labels({"io_error"}).value(), 0);

    std::filesystem::remove(filler);
    const auto accepted = submitAndWait({{4, 4, 1}});
    EXPECT_TRUE(accepted.ok) << accepted.error;
    EXPECT_EQ(metrics_.refusedWrites.labels({"disk_full"}).value(), 1000);
    manager_.reset();
    outbox_.reset();
}

// A write and the seal of the batch it completes share one fsync. When that fsync fails, neither is in the
// outbox: the write is refused, the changes pending before it stay pending, and the next write completes
// the batch with them.
TEST_F(SyncManagerTest, ARefusedWriteDoesNotSealTheBatchItWouldHaveCompleted) {
    outboxDir_ = dir_ / "data";
    std::filesystem::create_directories(outboxDir_);
    test::TmpfsMount mount(outboxDir_, 1u << 20);
    if (!mount.mounted()) GTEST_SKIP() << "needs a tmpfs mount (root): " << mount.error();
    open();
    ASSERT_TRUE(submitAndWait({{1, 1, 1}, {2, 2, 1}}).ok);

    const auto filler = outboxDir_ / "filler";
    test::fillUp(filler);
    std::vector<BlockWrite> writes;
    for (int i = 0; i < 1000; ++i) writes.push_back({i, 7, 1});
    EXPECT_FALSE(submitAndWait(writes).ok);
    EXPECT_EQ(recorder_.count(), 0u);
    EXPECT_EQ(manager_->pendingChanges(), 2u);
    EXPECT_EQ(metrics_.flushes.labels({"size"}).value(), 0);

    std::filesystem::remove(filler);
    ASSERT_TRUE(submitAndWait({{3, 3, 1}}).ok);
    const auto batches = recorder_.waitFor(1);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0]->sequence, 1u);
    ASSERT_EQ(batches[0]->changes.size(), 3u);
    EXPECT_EQ(batches[0]->changes[0].x, 1);
    EXPECT_EQ(batches[0]->changes[2].x, 3);
    manager_.reset();
    outbox_.reset();
    Outbox reopened(outboxDir_, logger_);
    const auto contents = reopened.takeRecovered();
    ASSERT_EQ(contents.unpublished.size(), 1u);
    EXPECT_EQ(contents.unpublished[0].changes, batches[0]->changes);
    EXPECT_TRUE(contents.unsealed.empty());
}

// Local writes (applied under one world lock per round on the sync thread) while another thread applies
// remote batches and a third reads: the world ends up exactly as applying everything on one thread, and the
// observer hears only local changes that took effect, with this region as their origin. (Run under TSan.)
TEST_F(SyncManagerTest, LocalRoundsAndRemoteBatchesApplyConcurrently) {
    std::mutex observedMutex;
    std::vector<codec::BlockChange> observed;
    settings_.batchSize = 50;
    outbox_ = std::make_unique<Outbox>(dir_, logger_);
    manager_ = std::make_unique<SyncManager>(
        settings_, world_, clock_, *outbox_, metrics_, logger_, [this](auto b) { recorder_(std::move(b)); },
        time_);
    manager_->setAppliedObserver([&](const std::vector<codec::BlockChange>& applied) {
        std::lock_guard lock(observedMutex);
        observed.insert(observed.end(), applied.begin(), applied.end());
    });
    manager_->recover(outbox_->takeRecovered());
    manager_->start();

    constexpr int kSubmitters = 2, kRounds = 30, kWrites = 40;
    std::vector<std::vector<codec::BlockChange>> local(kSubmitters);
    std::vector<std::thread> threads;
    for (int t = 0; t < kSubmitters; ++t)
        threads.emplace_back([&, t] {
            for (int r = 0; r < kRounds; ++r) {
                std::vector<BlockWrite> writes;
                for (int i = 0; i < kWrites; ++i)
                    writes.push_back(
                        {(t * 7 + r * 13 + i * 5) % 64, (r + i) % 64, static_cast<std::uint16_t>(1 + i % 9)});
                const auto result = submitAndWait(writes);
                ASSERT_TRUE(result.ok) << result.error;
                for (std::size_t i = 0; i < writes.size(); ++i)
                    local[t].push_back(
                        {writes[i].x, writes[i].y, writes[i].type, result.hlcs[i], "eu-west-1"});
            }
        });
    std::vector<std::vector<codec::BlockChange>> remote;
    const std::uint64_t base = codec::HybridLogicalClock::pack(fakeMs_, 0);
    for (std::uint64_t b = 0; b < 40; ++b) {
        remote.emplace_back();
        for (std::uint64_t i = 0; i < 50; ++i)
            remote.back().push_back({static_cast<std::int32_t>((b * 11 + i * 3) % 64),
                                     static_cast<std::int32_t>((b + i * 7) % 64),
                                     static_cast<std::uint16_t>(i % 5), base + b * 60 + i, "us-east-1"});
    }
    threads.emplace_back([&] {
        for (const auto& batch : remote) world_.applyFrom("us-east-1", batch);
    });
    threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
            (void)world_.digest();
            (void)world_.get(i % 64, i % 64);
        }
    });
    for (auto& thread : threads) thread.join();

    world::World expected;
    for (const auto& changes : local) expected.apply(std::span<const codec::BlockChange>(changes));
    for (const auto& batch : remote) expected.applyFrom("us-east-1", batch);
    EXPECT_EQ(world_.digest(), expected.digest());
    EXPECT_EQ(world_.cellCount(), expected.cellCount());
    std::lock_guard lock(observedMutex);
    EXPECT_FALSE(observed.empty());
    for (const auto& change : observed) EXPECT_EQ(change.origin, "eu-west-1");
}

// An idle region seals nothing, even at shutdown.
TEST_F(SyncManagerTest, IdleRegionPublishesNothing) {
    open();
    manager_->stop();
    EXPECT_EQ(recorder_.count(), 0u);
}

// Shutdown seals what is pending with reason "shutdown".
TEST_F(SyncManagerTest, ShutdownSealsPending) {
    open();
    submitAndWait({{1, 1, 1}});
    manager_->stop();
    EXPECT_EQ(recorder_.count(), 1u);
    EXPECT_EQ(metrics_.flushes.labels({"shutdown"}).value(), 1);
}

// A Published-level submit completes only after its batch is acknowledged.
TEST_F(SyncManagerTest, PublishedAckWaitsForPubAck) {
    open();
    std::promise<SubmitResult> promise;
    auto future = promise.get_future();
    manager_->submit({{1, 1, 1}, {2, 2, 1}, {3, 3, 1}}, AckLevel::Published,
                     [&](SubmitResult r) { promise.set_value(std::move(r)); });
    const auto batches = recorder_.waitFor(1);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(future.wait_for(0ms), std::future_status::timeout);
    manager_->onPublished(batches[0]->sequence);
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    const auto result = future.get();
    EXPECT_TRUE(result.ok);
    EXPECT_EQ(result.batchSeq, 1u);
}

// After a restart, a sealed batch that was never acknowledged is republished with the same sequence,
// and its changes are back in the world.
TEST_F(SyncManagerTest, RestartRepublishesSameSequence) {
    open();
    submitAndWait({{1, 1, 1}, {2, 2, 1}, {3, 3, 1}});
    ASSERT_EQ(recorder_.waitFor(1).size(), 1u);
    manager_.reset();
    outbox_.reset();

    world::World fresh;
    PublishRecorder again;
    Outbox outbox(dir_, logger_);
    SyncManager manager(
        settings_, fresh, clock_, outbox, metrics_, logger_, [&](auto b) { again(std::move(b)); }, time_);
    manager.recover(outbox.takeRecovered());
    const auto batches = again.waitFor(1);
    ASSERT_GE(batches.size(), 1u);
    EXPECT_EQ(batches[0]->sequence, 1u);
    EXPECT_EQ(batches[0]->changes.size(), 3u);
    EXPECT_EQ(fresh.get(2, 2).type, 1);
    EXPECT_EQ(fresh.get(2, 2).origin, "eu-west-1");
}

// An acknowledged batch is not republished after a restart, and numbering continues after it.
TEST_F(SyncManagerTest, AcknowledgedBatchIsNotRepublished) {
    open();
    submitAndWait({{1, 1, 1}, {2, 2, 1}, {3, 3, 1}});
    ASSERT_EQ(recorder_.waitFor(1).size(), 1u);
    manager_->onPublished(1);
    manager_->stop();
    manager_.reset();
    outbox_.reset();

    world::World fresh;
    PublishRecorder again;
    Outbox outbox(dir_, logger_);
    SyncManager manager(
        settings_, fresh, clock_, outbox, metrics_, logger_, [&](auto b) { again(std::move(b)); }, time_);
    manager.recover(outbox.takeRecovered());
    manager.start();
    std::promise<void> done;
    manager.submit({{4, 4, 1}, {5, 5, 1}, {6, 6, 1}}, AckLevel::Durable,
                   [&](SubmitResult) { done.set_value(); });
    done.get_future().wait_for(5s);
    const auto batches = again.waitFor(1);
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0]->sequence, 2u);
}

// Writes after stop() are refused with a clear error.
TEST_F(SyncManagerTest, RefusesWritesWhileShuttingDown) {
    open();
    manager_->stop();
    const auto result = submitAndWait({{1, 1, 1}});
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.error.find("shutting down"), std::string::npos);
}

}  // namespace
}  // namespace mmo::sync
