#include "cli/bench/players/BenchPlayer.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>

namespace mmo::cli::bench::players {

namespace asio = boost::asio;
using namespace mmo::game;

namespace {

// How far a player wanders from its home (cells, each axis).
constexpr float kWander = 8.0f;

double millisSince(BenchPlayer::Clock::time_point sent, BenchPlayer::Clock::time_point now) {
    return std::chrono::duration<double, std::milli>(now - sent).count();
}

}  // namespace

BenchPlayer::BenchPlayer(asio::any_io_executor executor, PlayerPlan plan, RegionLoad& load,
                         std::vector<RegionLoad*> regions, PlaceLedger& places, const MeasureWindow& window)
    : strand_(asio::make_strand(executor)),
      plan_(std::move(plan)),
      load_(load),
      regions_(std::move(regions)),
      places_(places),
      window_(window),
      moveTimer_(strand_),
      placeTimer_(strand_),
      random_(plan_.seed) {}

void BenchPlayer::start() {
    load_.connecting++;
    asio::dispatch(strand_, [self = shared_from_this()] {
        std::weak_ptr<BenchPlayer> weak = self;
        // The client's strand runs inside this one: its events and the timers never run at once.
        self->client_ = gameclient::GameClient::create(self->strand_, self->plan_.target,
                                                       [weak](gameclient::ServerEvent&& event) {
                                                           if (auto player = weak.lock())
                                                               player->onEvent(std::move(event));
                                                       });
        self->client_->connect(Hello{kProtocolVersion, AuthKind::Guest, self->plan_.name},
                               [self](boost::system::error_code error) {
                                   if (!error || self->settled_) return;
                                   self->settled_ = true;
                                   self->load_.connecting--;
                                   self->load_.refused++;
                               });
    });
}

void BenchPlayer::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        if (self->stopped_) return;
        self->stopped_ = true;
        self->moveTimer_.cancel();
        self->placeTimer_.cancel();
        if (self->client_) {
            self->client_->send(ClientGoodbye{});
            self->client_->close();
        }
    });
}

void BenchPlayer::onEvent(gameclient::ServerEvent&& event) {
    const auto now = Clock::now();
    if (auto* positions = std::get_if<PositionsDatagram>(&event)) {
        onPositions(*positions);
    } else if (auto* ack = std::get_if<BlockAck>(&event)) {
        if (const auto it = pending_.find(ack->requestId); it != pending_.end()) {
            load_.placesAcked++;
            if (window_.contains(it->second)) load_.placeAck.recordMillis(millisSince(it->second, now));
            pending_.erase(it);
        }
    } else if (auto* update = std::get_if<BlockUpdate>(&event)) {
        if (update->cell.origin == region_) return;
        const auto seen =
            places_.seenBy(plan_.regionIndex, update->cell.x, update->cell.y, update->cell.type);
        if (!seen || seen->origin >= regions_.size()) return;
        regions_[seen->origin]->remoteUpdates++;
        if (window_.contains(seen->sentAt))
            regions_[seen->origin]->remoteUpdate.recordMillis(millisSince(seen->sentAt, now));
    } else if (auto* chunk = std::get_if<BlockChunk>(&event)) {
        if (chunk->last && welcomed_ && !held_ && !stopped_) startPlaying();
    } else if (auto* welcome = std::get_if<Welcome>(&event)) {
        welcomed_ = true;
        region_ = welcome->region;
        load_.positionHz = welcome->positionHz;
        load_.positions.bind(welcome->playerId, plan_.slot);
        const double hz = plan_.moveHz > 0 ? plan_.moveHz : std::max<double>(1, welcome->positionHz);
        moveEvery_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / hz));
        client_->send(Subscribe{plan_.viewX, plan_.viewY, plan_.view, plan_.view});
    } else if (auto* error = std::get_if<ErrorFrame>(&event)) {
        if (!welcomed_) {
            if (!settled_) {
                settled_ = true;
                load_.connecting--;
                load_.refused++;
            }
            return;
        }
        load_.errors++;
        pending_.erase(error->requestId);
        if (error->code == static_cast<std::uint16_t>(ErrorCode::Resync) && !stopped_)
            client_->send(Subscribe{plan_.viewX, plan_.viewY, plan_.view, plan_.view});
    } else if (std::holds_alternative<gameclient::Disconnected>(event)) {
        if (!settled_) {
            settled_ = true;
            load_.connecting--;
            load_.refused++;
        }
        if (held_) load_.held--;
        if (!stopped_) load_.disconnects++;
        held_ = false;
        moveTimer_.cancel();
        placeTimer_.cancel();
    }
}

void BenchPlayer::onPositions(const PositionsDatagram& datagram) {
    load_.positionsDatagrams++;
    const auto now = Clock::now();
    const auto origin = load_.ticks.firstSeen(datagram.tick, now);
    if (window_.contains(origin)) load_.tickDelay.recordMillis(millisSince(origin, now));
    for (const auto& p : datagram.players) {
        const auto match = load_.positions.find(p.playerId, p.x, p.y);
        if (!match) continue;
        auto& last = lastSeen_[p.playerId];
        if (match->seq <= last) continue;  // seen in an earlier tick: only the first sight counts
        last = match->seq;
        if (window_.contains(match->sentAt)) load_.fanOut.recordMillis(millisSince(match->sentAt, now));
    }
}

void BenchPlayer::startPlaying() {
    held_ = true;
    if (!settled_) {
        settled_ = true;
        load_.connecting--;
    }
    load_.held++;
    x_ = static_cast<float>(plan_.homeX);
    y_ = static_cast<float>(plan_.homeY);
    std::uniform_real_distribution<double> phase(0.0, 1.0);
    scheduleMove(Clock::now() + std::chrono::duration_cast<Clock::duration>(moveEvery_ * phase(random_)));
    if (plan_.placeEvery > 0)
        schedulePlace(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(plan_.placeEvery * phase(random_))));
}

void BenchPlayer::scheduleMove(Clock::time_point at) {
    moveTimer_.expires_at(at);
    moveTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
        if (error || self->stopped_ || !self->held_) return;
        std::uniform_real_distribution<float> step(-0.5f, 0.5f);
        const auto homeX = static_cast<float>(self->plan_.homeX),
                   homeY = static_cast<float>(self->plan_.homeY);
        self->x_ = std::clamp(self->x_ + step(self->random_), homeX - kWander, homeX + kWander);
        self->y_ = std::clamp(self->y_ + step(self->random_), homeY - kWander, homeY + kWander);
        self->load_.positions.recordSend(self->plan_.slot, self->x_, self->y_, Clock::now());
        self->client_->sendPosition(self->x_, self->y_);
        self->load_.positionsSent++;
        // From the deadline, not from now: the rate holds even when a tick runs late.
        self->scheduleMove(self->moveTimer_.expiry() + self->moveEvery_);
    });
}

void BenchPlayer::schedulePlace(Clock::time_point at) {
    placeTimer_.expires_at(at);
    placeTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
        if (error || self->stopped_ || !self->held_) return;
        self->place();
        const auto every = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(self->plan_.placeEvery));
        self->schedulePlace(self->placeTimer_.expiry() + every);
    });
}

void BenchPlayer::place() {
    const auto x = plan_.viewX + static_cast<std::int32_t>(random_() % plan_.view);
    const auto y = plan_.viewY + static_cast<std::int32_t>(random_() % plan_.view);
    const auto type = static_cast<std::uint16_t>(1 + random_() % 15);
    const auto id = nextRequest_++;
    const auto now = Clock::now();
    pending_[id] = now;
    places_.recordPlace(plan_.regionIndex, x, y, type, now);
    client_->send(PlaceBlock{id, x, y, type});
    load_.placesSent++;
}

}  // namespace mmo::cli::bench::players
