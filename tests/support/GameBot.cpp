#include "tests/support/GameBot.hpp"

#include <memory>
#include <optional>

#include "common/gameclient/BlockingGameClient.hpp"

namespace mmo::test {

namespace {

using namespace std::chrono_literals;
using gameclient::BlockingGameClient;
using gameclient::ServerEvent;

struct BlockKind {
    std::uint16_t id;
    const char* name;  // as GET /api/world/block names it
};
constexpr BlockKind kKinds[] = {{1, "stone"}, {2, "dirt"}, {3, "grass"}, {4, "sand"}, {6, "wood"}};

// A joined session, or nullptr when the node does not answer (down, restarting) or refuses the HELLO.
std::unique_ptr<BlockingGameClient> join(std::uint16_t port, const std::string& name) {
    if (port == 0) return nullptr;
    gameclient::ClientOptions options;
    options.tcpPort = port;
    auto client = std::make_unique<BlockingGameClient>(options);
    try {
        client->joinAsGuest(name, 2s);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
    return client;
}

// What answered write `id`: its ack, its error, or nothing (the connection ended or `timeout` passed).
struct Answer {
    std::optional<game::BlockAck> ack;
    std::optional<game::ErrorFrame> error;
};

bool answers(const ServerEvent& event, std::uint64_t id) {
    if (const auto* ack = std::get_if<game::BlockAck>(&event)) return ack->requestId == id;
    if (const auto* error = std::get_if<game::ErrorFrame>(&event))
        return error->requestId == id || error->fatal;
    return std::holds_alternative<gameclient::Disconnected>(event) ||
           std::holds_alternative<game::ServerGoodbye>(event);
}

}  // namespace

GameBot::GameBot(PortSource port, GameBotOptions options)
    : port_(std::move(port)), options_(std::move(options)) {
    thread_ = std::thread([this] { run(); });
}

GameBot::GameBot(const RegionNode& region, GameBotOptions options)
    : GameBot([&region] { return region.tcp(); }, std::move(options)) {}

GameBot::~GameBot() {
    stop();
}

void GameBot::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::vector<AckedChange> GameBot::ackedChanges() const {
    std::lock_guard lock(mutex_);
    return ackedChanges_;
}

std::vector<AckedChange> GameBot::refusedChanges() const {
    std::lock_guard lock(mutex_);
    return refusedChanges_;
}

std::map<std::uint16_t, int> GameBot::refusalsByCode() const {
    std::lock_guard lock(mutex_);
    return refusals_;
}

std::string GameBot::lastRefusal() const {
    std::lock_guard lock(mutex_);
    return lastRefusal_;
}

void GameBot::run() {
    std::unique_ptr<BlockingGameClient> client;
    std::uint64_t requestId = 0;
    for (int cell = 0; !stop_;) {
        if (!client) {
            client = join(port_(), options_.name);
            if (!client) {
                std::this_thread::sleep_for(20ms);  // pacing reconnect attempts while the node is down
                continue;
            }
        }
        const auto& kind = kKinds[cell % std::size(kKinds)];
        const int x = options_.lane.x0 + cell % options_.lane.width;
        const int y = options_.lane.y0 + cell / options_.lane.width;
        ++cell;  // a new cell for every write, answered or not
        const auto id = ++requestId;
        const auto sentAt = LatencyRecorder::Clock::now();
        client->client().send(game::PlaceBlock{id, x, y, kind.id});

        std::optional<ServerEvent> answer;
        // Short slices, so stop() is never held up by a write the node will not answer.
        while (!answer && !stop_ && LatencyRecorder::Clock::now() - sentAt < options_.ackTimeout)
            answer = client->waitForEvent([id](const ServerEvent& e) { return answers(e, id); }, 200ms);
        if (!answer) {
            if (stop_) break;
            ++disconnects_;  // unanswered: give the connection up; the write is not counted
            client.reset();
            continue;
        }
        if (std::holds_alternative<game::BlockAck>(*answer)) {
            latency_.record(sentAt, LatencyRecorder::Clock::now() - sentAt);
            std::lock_guard lock(mutex_);
            ackedChanges_.push_back({x, y, kind.name});
            ++acked_;
        } else if (const auto* error = std::get_if<game::ErrorFrame>(&*answer); error && !error->fatal) {
            std::lock_guard lock(mutex_);
            refusedChanges_.push_back({x, y, kind.name});
            ++refusals_[error->code];
            lastRefusal_ = error->message;
            ++refused_;
        } else {
            ++disconnects_;  // killed, goodbye or a fatal error: reconnect; the write is not counted
            client.reset();
            continue;
        }
        client->drain();                             // nothing else is expected; keep the inbox from growing
        std::this_thread::sleep_for(options_.pace);  // load shaping, not a wait for state
    }
    if (client) client->client().send(game::ClientGoodbye{});
}

}  // namespace mmo::test
