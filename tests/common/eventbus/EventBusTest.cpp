// The nats.c layer against a real nats-server: stream create-or-accept, message-id deduplication,
// and the durable consumer resuming from the position the node asks for.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/eventbus/PullConsumer.hpp"
#include "common/eventbus/StreamSetup.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::eventbus {
namespace {

using namespace std::chrono_literals;

class EventBus : public ::testing::Test {
  protected:
    void SetUp() override {
        nats_ = std::make_unique<test::NatsServerProcess>(dir_.path() / "nats", dir_.path());
        settings_.servers = {nats_->url()};
        settings_.stream = "BUS_TEST";
        settings_.regionId = "eu-west-1";
        connection_ = std::make_unique<NatsConnection>(settings_, logger_, nullptr);
    }
    PublishResult publish(const std::string& region, const std::string& id, const std::string& text = "x") {
        const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
        return connection_->publish(settings_.syncSubject(region), {data, text.size()}, id, {}, 5s);
    }
    std::vector<std::uint64_t> fetchSeqs(PullConsumer& consumer) {
        std::vector<std::uint64_t> seqs;
        for (auto& m : consumer.fetch(100, 1s)) {
            seqs.push_back(m.streamSeq());
            m.ack();
        }
        return seqs;
    }
    // Acks are fire and forget: waits until the server has counted every one sent (no delivery pending),
    // as a node's consumer long used would be.
    void waitForAcks() {
        const bool counted = test::waitUntil(
            [&] {
                jsConsumerInfo* raw = nullptr;
                if (js_GetConsumerInfo(&raw, connection_->jetStream(), settings_.stream.c_str(),
                                       settings_.consumerName().c_str(), nullptr, nullptr) != NATS_OK)
                    return false;
                ConsumerInfoHandle info(raw);
                return info->NumAckPending == 0;
            },
            5s);
        ASSERT_TRUE(counted) << "the server did not count the acks";
    }

    test::TempDir dir_{"eventbus"};
    std::unique_ptr<test::NatsServerProcess> nats_;
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("bus", std::make_shared<spdlog::sinks::null_sink_mt>());
    BusSettings settings_;
    std::unique_ptr<NatsConnection> connection_;
};

// The first node creates the stream; the next accepts it as it is.
TEST_F(EventBus, CreatesThenAcceptsStream) {
    EXPECT_TRUE(ensureStream(*connection_, settings_, *logger_).created);
    EXPECT_FALSE(ensureStream(*connection_, settings_, *logger_).created);
}

// A stream of that name whose subjects do not cover <stream>.sync.> is refused with a clear error.
TEST_F(EventBus, RefusesIncompatibleStream) {
    auto other = settings_;
    other.stream = "BUS_TEST";
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = "BUS_TEST";
    const char* subjects[] = {"unrelated.>"};
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    jsStreamInfo* info = nullptr;
    ASSERT_EQ(js_AddStream(&info, connection_->jetStream(), &config, nullptr, nullptr), NATS_OK);
    jsStreamInfo_Destroy(info);
    try {
        ensureStream(*connection_, settings_, *logger_);
        FAIL() << "an incompatible stream was accepted";
    } catch (const BusError& e) {
        EXPECT_NE(std::string(e.what()).find("do not include BUS_TEST.>"), std::string::npos) << e.what();
    }
}

// A batch published twice with the same message id is stored once.
TEST_F(EventBus, SameMessageIdIsStoredOnce) {
    ensureStream(*connection_, settings_, *logger_);
    const auto first = publish("eu-west-1", "eu-west-1-0-1");
    const auto again = publish("eu-west-1", "eu-west-1-0-1");
    EXPECT_FALSE(first.duplicate);
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(again.streamSeq, first.streamSeq);
}

// The durable consumer delivers every region's batches and resumes after what was acknowledged.
TEST_F(EventBus, ConsumerResumesAfterAcknowledged) {
    ensureStream(*connection_, settings_, *logger_);
    publish("eu-west-1", "a");
    publish("us-east-1", "b");
    {
        PullConsumer consumer(*connection_, settings_, 0, *logger_);
        EXPECT_EQ(consumer.pendingAtStart(), 2u);
        EXPECT_EQ(fetchSeqs(consumer), (std::vector<std::uint64_t>{1, 2}));
    }
    waitForAcks();
    publish("ap-south-1", "c");
    PullConsumer consumer(*connection_, settings_, 2, *logger_);
    EXPECT_EQ(consumer.pendingAtStart(), 1u);
    EXPECT_EQ(fetchSeqs(consumer), (std::vector<std::uint64_t>{3}));
}

// When the snapshot is behind what the consumer acknowledged (a crash before the snapshot), the
// consumer is rewound so nothing the snapshot lacks is skipped.
TEST_F(EventBus, ConsumerRewindsToSnapshotPosition) {
    ensureStream(*connection_, settings_, *logger_);
    for (const char* id : {"a", "b", "c"}) publish("us-east-1", id);
    {
        PullConsumer consumer(*connection_, settings_, 0, *logger_);
        ASSERT_EQ(fetchSeqs(consumer).size(), 3u);
    }
    waitForAcks();
    PullConsumer rewound(*connection_, settings_, 1, *logger_);
    EXPECT_EQ(fetchSeqs(rewound), (std::vector<std::uint64_t>{2, 3}));
}

// A delivery that never arrived (lost with a broken connection) while later ones were applied lies below
// the node's position: the consumer set up again rewinds to its ack floor, so it comes back at once,
// not after the 30 s ack wait (and is not skipped by a restart from a snapshot past it).
TEST_F(EventBus, ConsumerRedeliversUnacknowledgedBelowPositionAtOnce) {
    ensureStream(*connection_, settings_, *logger_);
    for (const char* id : {"a", "b", "c"}) publish("us-east-1", id);
    {
        PullConsumer consumer(*connection_, settings_, 0, *logger_);
        auto messages = consumer.fetch(100, 1s);
        ASSERT_EQ(messages.size(), 3u);
        messages[1].ack();  // 1 is "lost": never applied, never acknowledged
        messages[2].ack();
    }
    PullConsumer again(*connection_, settings_, 3, *logger_);
    const auto seqs = fetchSeqs(again);
    ASSERT_FALSE(seqs.empty()) << "seq 1 would only come back after the ack wait";
    EXPECT_EQ(seqs.front(), 1u);
}

// Connecting to a closed port fails with the guide's wording.
TEST_F(EventBus, ConnectFailureSaysConnectionRefused) {
    BusSettings closed = settings_;
    closed.servers = {"nats://127.0.0.1:1"};
    try {
        NatsConnection connection(closed, logger_, nullptr);
        FAIL() << "connected to a closed port";
    } catch (const ConnectError& e) {
        EXPECT_STREQ(e.what(), "nats connect: connection refused");
    }
}

// Server lists split on commas and ignore blanks.
TEST(BusSettings, SplitsServerList) {
    EXPECT_EQ(splitServerList(" nats://a:4222 ,nats://b:4222,, "),
              (std::vector<std::string>{"nats://a:4222", "nats://b:4222"}));
}

// TLS is on with a tls:// URL (any case, any entry) or any TLS file, and off otherwise.
TEST(BusSettings, TlsWantedByUrlOrFile) {
    BusSettings settings;
    settings.servers = {"nats://a:4222", "nats://b:4222"};
    EXPECT_FALSE(settings.tlsWanted());
    settings.servers.push_back("TLS://c:4222");
    EXPECT_TRUE(settings.tlsWanted());
    settings.servers = {"nats://a:4222"};
    settings.tlsCaFile = "ca.pem";
    EXPECT_TRUE(settings.tlsWanted());
}

}  // namespace
}  // namespace mmo::eventbus
