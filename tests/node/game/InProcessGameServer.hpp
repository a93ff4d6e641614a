#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "common/world/World.hpp"
#include "node/game/GameServer.hpp"
#include "node/game/GameTcpListener.hpp"
#include "node/game/GameUdpEndpoint.hpp"
#include "node/metrics/GameMetrics.hpp"

namespace mmo::game {

// A GameServer on loopback port 0 with an in-memory world as its backend (writes apply at once with
// origin kRegion and feed onApplied; chat loops back through onChat), its io_context on `threads` threads
// (the node's server.io_threads; one unless a test asks for more).
class InProcessGameServer {
  public:
    static constexpr const char* kRegion = "eu-west-1";

    explicit InProcessGameServer(GameLimits limits = {}, std::size_t threads = 1)
        : io_(static_cast<int>(threads)),
          logger_(std::make_shared<spdlog::logger>("game-test")),
          metrics_(registry_),
          tcp_(openTcp(), logger_, [this](boost::asio::ip::tcp::socket s) { server_->accept(std::move(s)); }),
          udp_(openUdp(), logger_,
               [this](auto datagram, const auto& from) { server_->onDatagram(datagram, from); }) {
        server_ =
            std::make_unique<GameServer>(io_.get_executor(), &udp_, backend(), limits, metrics_, logger_);
        server_->start();
        tcp_.start();
        udp_.start();
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
    }
    ~InProcessGameServer() {
        work_.reset();
        io_.stop();
        for (auto& t : threads_) t.join();
    }

    gameclient::ClientOptions clientOptions() const {
        gameclient::ClientOptions o;
        o.tcpPort = tcp_.localEndpoint().port();
        o.udpPort = udp_.localEndpoint().port();
        return o;
    }
    GameServer& server() { return *server_; }
    world::World& world() { return world_; }
    metrics::GameMetrics& metrics() { return metrics_; }
    double frames(const std::string& type) { return metrics_.frames.labels({type}).value(); }
    std::atomic<bool> chatConnected{true};

  private:
    boost::asio::ip::tcp::acceptor openTcp() {
        boost::asio::ip::tcp::acceptor a(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
        return a;
    }
    boost::asio::ip::udp::socket openUdp() {
        return boost::asio::ip::udp::socket(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
    }
    GameBackend backend() {
        GameBackend b;
        b.region = kRegion;
        b.accountNames = {"admin"};  // the name "good-token" carries
        b.write = [this](std::int32_t x, std::int32_t y, std::uint16_t type,
                         std::function<void(WriteOutcome)> done) {
            const codec::BlockChange change{x, y, type, ++hlc_, kRegion};
            world_.apply(change);
            server_->onApplied({change});
            done({true, change.hlc, {}});
        };
        b.blocksIn = [this](std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1,
                            const std::function<void(const Cell&)>& visit) {
            world_.forEachCell([&](const world::CellView& c) {
                if (c.type != 0 && c.x >= x0 && c.x < x1 && c.y >= y0 && c.y < y1)
                    visit(Cell{c.x, c.y, c.type, c.hlc, std::string(c.origin)});
            });
        };
        b.say = [this](const std::string& from, const std::string& text) {
            if (!chatConnected) return false;
            server_->onChat({kRegion, from, text, 1});
            return true;
        };
        b.authorize = [](std::string_view token) -> std::optional<std::string> {
            if (token == "good-token") return "admin";
            return std::nullopt;
        };
        return b;
    }

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
    std::shared_ptr<spdlog::logger> logger_;
    metrics::MetricsRegistry registry_;
    metrics::GameMetrics metrics_;
    world::World world_;
    std::atomic<std::uint64_t> hlc_{1000};
    GameTcpListener tcp_;
    GameUdpEndpoint udp_;
    std::unique_ptr<GameServer> server_;
    std::vector<std::thread> threads_;
};

}  // namespace mmo::game

namespace mmo {
// Polls `condition` every 10 ms for up to `timeout`.
inline bool test_wait(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}
}  // namespace mmo
