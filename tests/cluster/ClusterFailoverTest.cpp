// Three regions on a 3-server JetStream cluster (stream R3), each node on its own server first: servers
// are killed with -9 under continuous writes and restarted on their store. Nothing acknowledged is lost,
// nothing is stored or applied twice, and the killed servers rejoin. Real nats-server and mmo-node
// processes, changes sent through the REST API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <map>
#include <sstream>

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/eventbus/StreamSetup.hpp"
#include "tests/support/ChangeWriter.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsClusterProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr const char* kStream = "GLOBAL_EVENTS";

// What the cluster says about the stream.
struct StreamView {
    std::string leader;  // server name, "" when there is none
    std::int64_t replicas = 0;
    std::map<std::string, std::uint64_t> messagesBySubject;  // of <stream>.sync.>
};

eventbus::BusSettings clientSettings(const NatsClusterProcess& cluster, const std::string& stream) {
    eventbus::BusSettings settings;
    for (int i = 0; i < cluster.size(); ++i) settings.servers.push_back(cluster.url(i));
    settings.stream = stream;
    settings.regionId = "test-client";
    return settings;
}

std::shared_ptr<spdlog::logger> loggerInto(std::ostringstream& out) {
    return std::make_shared<spdlog::logger>("bus", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
}

StreamView streamView(NatsClusterProcess& cluster) {
    std::ostringstream ignored;
    eventbus::NatsConnection connection(clientSettings(cluster, kStream), loggerInto(ignored), nullptr);
    jsOptions options;
    jsOptions_Init(&options);
    options.Stream.Info.SubjectsFilter = "GLOBAL_EVENTS.sync.>";
    jsStreamInfo* raw = nullptr;
    StreamView view;
    // Right after a leader change the stream may not answer for a moment.
    waitUntil(
        [&] { return js_GetStreamInfo(&raw, connection.jetStream(), kStream, &options, nullptr) == NATS_OK; },
        20s);
    eventbus::StreamInfoHandle info(raw);
    if (!info) return view;
    view.replicas = info->Config->Replicas;
    if (info->Cluster != nullptr && info->Cluster->Leader != nullptr) view.leader = info->Cluster->Leader;
    if (const auto* subjects = info->State.Subjects; subjects != nullptr)
        for (int i = 0; i < subjects->Count; ++i)
            view.messagesBySubject[subjects->List[i].Subject] = subjects->List[i].Msgs;
    return view;
}

class ClusterFailover : public ::testing::Test {
  protected:
    void SetUp() override {
        for (int i = 0; i < 3; ++i)
            regions_.push_back(std::make_unique<RegionNode>(
                kIds[i], dir_.path(), cluster_.urlListFrom(i),
                std::map<std::string, std::string>{{"GAME_EVENTBUS_REPLICAS", "3"}}));
        for (auto& region : regions_)
            ASSERT_TRUE(waitUntil([&] { return httpGet(region->rest(), "/readyz").status == 200; }, 20s))
                << region->log();
    }

    std::vector<int> ackedCounts() const {
        std::vector<int> counts;
        for (const auto& writer : writers_) counts.push_back(writer->acked());
        return counts;
    }
    // Every region's publisher got a PubAck past `published` and every writer was acknowledged `more`
    // changes past `acked`: sync works end to end again.
    bool progressed(const std::vector<double>& published, const std::vector<int>& acked, int more) const {
        for (std::size_t i = 0; i < regions_.size(); ++i)
            if (regions_[i]->metric("sync_published_batch_seq") <= published[i] ||
                writers_[i]->acked() < acked[i] + more)
                return false;
        return true;
    }
    std::vector<double> publishedSeqs() const {
        std::vector<double> seqs;
        for (const auto& region : regions_) seqs.push_back(region->metric("sync_published_batch_seq"));
        return seqs;
    }
    // Kills server i under writes, waits until every region publishes again, restarts it and waits until
    // it rejoined: healthy (JetStream current) with routes to both others.
    void killAndRestart(int server, const std::string& why) {
        const auto published = publishedSeqs();
        const auto acked = ackedCounts();
        cluster_.kill(server);
        ASSERT_TRUE(waitUntil([&] { return progressed(published, acked, 20); }, 30s))
            << "sync did not resume after killing " << why << "\n"
            << regions_[0]->log() << cluster_.logs();
        cluster_.restart(server);
        ASSERT_TRUE(cluster_.waitHealthy(30s)) << "the restarted server did not catch up\n"
                                               << cluster_.logs();
        EXPECT_TRUE(waitUntil([&] { return cluster_.routes(server) == cluster_.size() - 1; }, 10s));
    }

    static constexpr const char* kIds[3] = {"eu-west-1", "us-east-1", "ap-south-1"};
    TempDir dir_{"cluster-failover"};
    NatsClusterProcess cluster_{dir_.path() / "nats", 3};
    std::vector<std::unique_ptr<RegionNode>> regions_;
    std::vector<std::unique_ptr<ChangeWriter>> writers_;
};

// The node's own server, then its stream's leader, die under writes: every acknowledged change reaches
// every region, every batch is stored once and applied once everywhere, the servers rejoin.
TEST_F(ClusterFailover, KilledServersLoseAndDuplicateNothing) {
    for (int i = 0; i < 3; ++i)
        EXPECT_THAT(regions_[i]->log(), HasSubstr("Connected to NATS at " + cluster_.url(i) + ", stream"))
            << "each node connects to its own server first";
    EXPECT_EQ(streamView(cluster_).replicas, 3);
    for (int i = 0; i < 3; ++i) writers_.push_back(std::make_unique<ChangeWriter>(*regions_[i], i + 1, 10ms));
    ASSERT_TRUE(waitUntil([&] { return progressed({0, 0, 0}, {0, 0, 0}, 30); }, 30s));

    // 1. eu's own server: eu fails over to the next server of its list and says so.
    killAndRestart(0, "eu's server " + cluster_.url(0));
    EXPECT_THAT(regions_[0]->log(), HasSubstr("NATS connection lost (" + cluster_.url(0) + ")"));
    EXPECT_THAT(regions_[0]->log(),
                HasSubstr("NATS connection restored: moved from " + cluster_.url(0) + " to "));

    // 2. The stream's leader (whichever server that is now): a new leader is elected, publishing resumes.
    const int leader = cluster_.indexOf(streamView(cluster_).leader);
    ASSERT_GE(leader, 0) << "no stream leader";
    killAndRestart(leader, "the stream leader " + NatsClusterProcess::name(leader));

    std::vector<AckedChange> acked;
    for (auto& writer : writers_) {
        writer->stop();
        const auto some = writer->ackedChanges();
        acked.insert(acked.end(), some.begin(), some.end());
    }
    ASSERT_TRUE(waitUntil(
        [&] {
            const auto digest = regions_[0]->digest();
            return !digest.empty() && regions_[1]->digest() == digest && regions_[2]->digest() == digest;
        },
        30s))
        << "digests differ: " << regions_[0]->digest() << " " << regions_[1]->digest() << " "
        << regions_[2]->digest();
    // Equal digests mean equal worlds; every acknowledged change must be in that world.
    EXPECT_TRUE(regions_[1]->hasAll(acked)) << acked.size() << " acknowledged changes";

    // Exactly once where it matters: each batch a region published is stored once in the stream, and
    // every other region applied each of them once (redeliveries after a failover are counted in
    // eventbus_duplicates_total and change nothing).
    const auto view = streamView(cluster_);
    for (const auto& source : regions_) {
        const double batches = source->metric("eventbus_published_batches_total");
        EXPECT_GT(batches, 0);
        EXPECT_EQ(source->metric("sync_published_batch_seq"), batches) << source->id();
        const auto subject = std::string(kStream) + ".sync." + source->id();
        EXPECT_EQ(static_cast<double>(
                      view.messagesBySubject.count(subject) ? view.messagesBySubject.at(subject) : 0),
                  batches)
            << "batches of " << source->id() << " stored in the stream";
        for (const auto& region : regions_) {
            if (region == source) continue;
            const std::map<std::string, std::string> from{{"source_region", source->id()}};
            EXPECT_EQ(region->metric("sync_applied_batch_seq", from), batches)
                << region->id() << " from " << source->id();
            const double consumed = region->metric("eventbus_consumed_batches_total", from);
            const double duplicates = std::max(0.0, region->metric("eventbus_duplicates_total", from));
            EXPECT_EQ(consumed - duplicates, batches) << region->id() << " from " << source->id();
        }
    }
}

// ---- the stream's replica count ----

class ClusterStream : public ::testing::Test {
  protected:
    TempDir dir_{"cluster-stream"};
    NatsClusterProcess cluster_{dir_.path() / "nats", 3};
};

// A node asking for another replica count than the existing stream's keeps the stream and says so.
TEST_F(ClusterStream, OtherReplicaCountIsKeptWithAWarning) {
    std::ostringstream log;
    auto settings = clientSettings(cluster_, "REPLICA_TEST");
    settings.replicas = 3;
    eventbus::NatsConnection connection(settings, loggerInto(log), nullptr);
    EXPECT_TRUE(eventbus::ensureStream(connection, settings, *loggerInto(log)).created);
    EXPECT_THAT(log.str(), HasSubstr("Created JetStream stream REPLICA_TEST"));
    EXPECT_THAT(log.str(), HasSubstr("3 replicas"));
    settings.replicas = 1;
    EXPECT_FALSE(eventbus::ensureStream(connection, settings, *loggerInto(log)).created);
    EXPECT_THAT(log.str(),
                HasSubstr("Stream REPLICA_TEST has 3 replica(s), this node's eventbus.replicas is 1: "
                          "keeping the stream's"));
    jsStreamInfo* raw = nullptr;
    ASSERT_EQ(js_GetStreamInfo(&raw, connection.jetStream(), "REPLICA_TEST", nullptr, nullptr), NATS_OK);
    eventbus::StreamInfoHandle info(raw);
    EXPECT_EQ(info->Config->Replicas, 3);
}

// More replicas than a lone nats-server can hold: the error names eventbus.replicas.
TEST(StreamReplicas, MoreThanTheServersNamesTheKey) {
    TempDir dir("stream-replicas");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    std::ostringstream log;
    eventbus::BusSettings settings;
    settings.servers = {nats.url()};
    settings.stream = "R3_ON_ONE";
    settings.replicas = 3;
    eventbus::NatsConnection connection(settings, loggerInto(log), nullptr);
    try {
        eventbus::ensureStream(connection, settings, *loggerInto(log));
        FAIL() << "an R3 stream was created on a single server";
    } catch (const eventbus::BusError& e) {
        EXPECT_THAT(e.what(), HasSubstr("create stream R3_ON_ONE with eventbus.replicas=3 (needs a JetStream "
                                        "cluster of at least that many servers"));
    }
}

}  // namespace
}  // namespace mmo::test
