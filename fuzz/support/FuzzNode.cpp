#include "fuzz/support/FuzzNode.hpp"

#include <spdlog/sinks/null_sink.h>

#include "fuzz/support/FuzzFixtures.hpp"
#include "node/api/AdminEventRoutes.hpp"
#include "node/api/AuthRoutes.hpp"
#include "node/api/ChunkRoutes.hpp"
#include "node/api/HealthRoutes.hpp"
#include "node/api/StatusRoute.hpp"
#include "node/api/SyncRoutes.hpp"
#include "node/api/WorldRoutes.hpp"
#include "node/metrics/MetricsEndpoint.hpp"
#include "node/metrics/WorldMetrics.hpp"

namespace mmo::fuzz {

namespace {

std::shared_ptr<spdlog::logger> quietLogger() {
    return std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
}

auth::AuthSettings authSettings() {
    auth::AuthSettings settings;  // admin / ChangeMe123! (accepted from loopback only)
    settings.jwt_secret = std::string(kJwtSecret);
    settings.argon2_ops_limit = crypto_pwhash_OPSLIMIT_MIN;
    settings.argon2_mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    settings.data_dir = "/nonexistent-fuzz-data-dir";  // never used: the secret is configured
    return settings;
}

// The HLC of the fuzz clock's millisecond with a logical counter.
std::uint64_t hlcAt(std::uint64_t logical) {
    return (static_cast<std::uint64_t>(kNowUnixSeconds) * 1000 << 16) + logical;
}

sync::SyncStatus fixedSyncStatus() {
    sync::SyncStatus status;
    status.region = std::string(kRegion);
    status.natsConnected = true;
    status.natsServer = "nats://127.0.0.1:4222";
    status.caughtUp = true;
    status.lastPublishedSeq = 7;
    status.lastFlush = fixedNow();
    status.applied.sources["us-east-1"] = {3, 12};
    status.applied.stream_seq = 12;
    return status;
}

}  // namespace

FuzzNode::FuzzNode()
    : logger_(quietLogger()),
      auth_(authSettings(), logger_, [] { return fixedNow(); }),
      loginWorkers_(0, 4),  // logins run inline: no thread timing in what the fuzzer observes
      httpMetrics_(registry_),
      rest_(logger_),
      metrics_(logger_) {
    // A few blocks, so that world queries find something.
    world_.apply(codec::BlockChange{100, 50, 1, hlcAt(1), "us-east-1"});
    world_.apply(codec::BlockChange{-3, 7, 0, hlcAt(2), std::string(kRegion)});
    addRoutes();
    rest_.setObserver([this](const std::string& route, unsigned status, std::chrono::steady_clock::duration) {
        // A fixed duration: the measured one would pick histogram buckets by timing, not by input.
        httpMetrics_.observe(route, status, std::chrono::milliseconds(1));
    });
}

FuzzNode::~FuzzNode() {
    loginWorkers_.join();
}

void FuzzNode::addRoutes() {
    api::addHealthRoutes(rest_, api::alwaysReady);
    const auto started = std::chrono::steady_clock::time_point(std::chrono::hours(1));
    api::addStatusRoute(rest_, {std::string(kRegion), "fuzz", {7777, 7778, 8088, 2112}, started},
                        [started] { return started + std::chrono::seconds(42); },
                        {[](boost::json::object& body) { body["players_online"] = 0; }});
    api::addAuthRoutes(rest_, auth_, loginWorkers_, logger_);
    api::addAdminEventRoutes(
        rest_,
        {auth_,
         [this](std::vector<sync::BlockWrite> writes, sync::AckLevel level, sync::SubmitCallback done) {
             sync::SubmitResult result;
             result.ok = true;
             for (const auto& write : writes) {
                 const std::uint64_t hlc = hlcAt(++nextLogical_);
                 world_.apply(codec::BlockChange{write.x, write.y, write.type, hlc, std::string(kRegion)});
                 result.hlcs.push_back(hlc);
             }
             if (level == sync::AckLevel::Published) result.batchSeq = 8;
             done(std::move(result));
         },
         [](const std::string&, const std::string&) { return true; }, std::string(kRegion),
         io_.get_executor(), logger_});
    api::addWorldRoutes(rest_, world_, std::string(kRegion), [] { return fixedSyncStatus().applied; });
    api::addSyncRoutes(rest_, [] { return fixedSyncStatus(); });
    api::addChunkRoutes(rest_, {world_, std::string(kRegion), auth_,
                                [this](const std::vector<codec::BlockChange>& cells) {
                                    return world_.apply(std::span<const codec::BlockChange>(cells));
                                },
                                [](const std::string&, const world::SyncPositions&) {}});
    metrics::addMetricsRoute(metrics_, {metrics::buildInfoCollector("fuzz", std::string(kRegion)),
                                        [this](std::string& out) { out += registry_.render(); }});
    registry_.addCollector(metrics::worldCollector(world_, true));
}

}  // namespace mmo::fuzz
