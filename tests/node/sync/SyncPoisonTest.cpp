// Hostile or broken messages on a region's sync subject: each is rejected, counted, logged once with its
// source, and the region keeps syncing. Real nats-server, real SyncService.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <zlib.h>

#include <fstream>
#include <future>
#include <random>
#include <sstream>

#include "common/codec/BatchCodec.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/SyncService.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::sync {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

Bytes frameHeader(std::uint8_t version, std::uint8_t flags, std::uint32_t bodySize, std::uint32_t crc) {
    Bytes b{'M', 'M', 'O', 'B', version, flags};
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(bodySize >> (8 * i)));
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
    return b;
}

// About 1 KiB of gzip that inflates to 1 MiB of zeros, behind a header that declares a 100-byte body.
Bytes gzipBomb() {
    const Bytes zeros(1 << 20, 0);
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
    Bytes out(deflateBound(&z, zeros.size()));
    z.next_in = const_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    auto message = frameHeader(1, 1, 100, 0);
    message.insert(message.end(), out.begin(), out.end());
    return message;
}

std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

class SyncPoison : public ::testing::Test {
  protected:
    void SetUp() override {
        nats_ = std::make_unique<test::NatsServerProcess>(dir_.path() / "nats", dir_.path());
        config::NodeConfig config;
        config.eventbus.url = nats_->url();
        config.sync.region_id = "us-east-1";
        config.sync.flush_every_seconds = 0.05;
        config.storage.data_dir = (dir_.path() / "us").string();
        logger_->set_level(spdlog::level::info);
        service_ = std::make_unique<SyncService>(config, registry_, logger_);
        service_->start(true);
        bus_.servers = {nats_->url()};
        bus_.regionId = "tester";
        publisher_ = std::make_unique<eventbus::NatsConnection>(bus_, logger_, nullptr);
    }
    void publishRaw(const Bytes& payload, const std::string& id) {
        publisher_->publish(bus_.syncSubject("eu-west-1"), payload, id, {}, 5s);
    }
    double decodeErrors() { return registry_.counter("eventbus_decode_errors_total", "").get().value(); }

    test::TempDir dir_{"sync-poison"};
    std::unique_ptr<test::NatsServerProcess> nats_;
    std::ostringstream logs_;
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("sync", std::make_shared<spdlog::sinks::ostream_sink_mt>(logs_));
    metrics::MetricsRegistry registry_;
    std::unique_ptr<SyncService> service_;
    eventbus::BusSettings bus_;
    std::unique_ptr<eventbus::NatsConnection> publisher_;
};

// A 4 GiB declared size, a gzip bomb, a truncated batch, a wrong version and random bytes are each
// rejected and counted once, memory stays bounded, and a good batch after them is still applied.
TEST_F(SyncPoison, BadBatchesAreRejectedAndSyncContinues) {
    codec::BatchCodec codec;
    codec::Batch good{
        "eu-west-1", 1, 0, {{5, 6, 1, codec::HybridLogicalClock::pack(1'700'000'000'000, 0), {}}}};
    const auto valid = codec.encode(good, false);
    auto truncated = valid;
    truncated.resize(valid.size() - 3);
    auto wrongVersion = valid;
    wrongVersion[4] = 9;
    Bytes random(512);
    std::mt19937 rng(7);
    for (auto& b : random) b = static_cast<std::uint8_t>(rng());

    const auto before = residentBytes();
    publishRaw(frameHeader(1, 0, 0xFFFFFFFFu, 0), "bad-1");  // declares a 4 GiB body
    publishRaw(gzipBomb(), "bad-2");
    publishRaw(truncated, "bad-3");
    publishRaw(wrongVersion, "bad-4");
    publishRaw(random, "bad-5");
    ASSERT_TRUE(test::waitUntil([&] { return decodeErrors() >= 5; }, 20s)) << logs_.str();

    good.sequence = 2;
    publishRaw(codec.encode(good, true), "good-2");
    ASSERT_TRUE(test::waitUntil([&] { return service_->world().get(5, 6).type == 1; }, 20s));
    EXPECT_EQ(decodeErrors(), 5);
    EXPECT_LT(residentBytes() - std::min(before, residentBytes()), std::size_t{64} << 20);

    const auto log = logs_.str();
    std::size_t rejected = 0;
    for (auto pos = log.find("rejected a"); pos != std::string::npos; pos = log.find("rejected a", pos + 1)) {
        ++rejected;
        EXPECT_NE(log.find("from eu-west-1", pos), std::string::npos);
    }
    EXPECT_EQ(rejected, 5u) << log;
}

// A batch whose origin field does not match the region of its subject is rejected.
TEST_F(SyncPoison, OriginMustMatchSubject) {
    codec::BatchCodec codec;
    const codec::Batch forged{
        "ap-south-1", 1, 0, {{1, 1, 1, codec::HybridLogicalClock::pack(1'700'000'000'000, 0), {}}}};
    publishRaw(codec.encode(forged, false), "forged");
    ASSERT_TRUE(test::waitUntil([&] { return decodeErrors() >= 1; }, 20s));
    EXPECT_EQ(service_->world().get(1, 1).type, 0);
}

// The same batch under a second message id (a republish after the dedupe window) changes nothing and
// counts as a duplicate.
TEST_F(SyncPoison, DuplicateBatchChangesNothing) {
    codec::BatchCodec codec;
    const codec::Batch batch{
        "eu-west-1", 1, 0, {{7, 7, 2, codec::HybridLogicalClock::pack(1'700'000'000'000, 0), {}}}};
    publishRaw(codec.encode(batch, true), "first");
    ASSERT_TRUE(test::waitUntil([&] { return service_->world().get(7, 7).type == 2; }, 20s));
    const auto digest = service_->world().digestHex();
    publishRaw(codec.encode(batch, false), "second");
    auto& duplicates =
        registry_.counter("eventbus_duplicates_total", "", {"source_region"}).labels({"eu-west-1"});
    ASSERT_TRUE(test::waitUntil([&] { return duplicates.value() >= 1; }, 20s));
    EXPECT_EQ(service_->world().digestHex(), digest);
}

}  // namespace
}  // namespace mmo::sync
