#include "cli/bots/Bot.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace mmo::cli {

namespace asio = boost::asio;
using namespace mmo::game;

Bot::Bot(asio::any_io_executor executor, BotPlan plan, BotStats& stats)
    : strand_(asio::make_strand(executor)),
      plan_(std::move(plan)),
      stats_(stats),
      actionTimer_(strand_),
      moveTimer_(strand_),
      random_(plan_.seed) {}

void Bot::start() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        std::weak_ptr<Bot> weak = self;
        self->client_ = gameclient::GameClient::create(
            self->strand_, self->plan_.target, [weak](gameclient::ServerEvent&& event) {
                auto bot = weak.lock();
                if (!bot) return;
                asio::post(bot->strand_,
                           [bot, e = std::move(event)]() mutable { bot->onEvent(std::move(e)); });
            });
        self->client_->connect(Hello{kProtocolVersion, AuthKind::Guest, self->plan_.name},
                               [self](boost::system::error_code error) {
                                   if (error) self->stats_.disconnects++;
                               });
    });
}

void Bot::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        if (self->stopped_) return;
        self->stopped_ = true;
        self->actionTimer_.cancel();
        self->moveTimer_.cancel();
        if (self->client_) self->client_->send(ClientGoodbye{});
    });
}

void Bot::onEvent(gameclient::ServerEvent&& event) {
    if (auto* welcome = std::get_if<Welcome>(&event)) {
        region_ = welcome->region;
        stats_.connected++;
        client_->send(Subscribe{plan_.areaX, plan_.areaY, plan_.areaSide, plan_.areaSide});
    } else if (auto* chunk = std::get_if<BlockChunk>(&event)) {
        if (chunk->last && !playing_ && !stopped_) {
            playing_ = true;
            x_ = static_cast<float>(plan_.areaX) + static_cast<float>(random_() % plan_.areaSide);
            y_ = static_cast<float>(plan_.areaY) + static_cast<float>(random_() % plan_.areaSide);
            scheduleAction();
            scheduleMove();
        }
    } else if (auto* ack = std::get_if<BlockAck>(&event)) {
        stats_.actionsAcked++;
        if (const auto it = pending_.find(ack->requestId); it != pending_.end()) {
            stats_.addLatency(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - it->second)
                    .count());
            pending_.erase(it);
        }
    } else if (auto* update = std::get_if<BlockUpdate>(&event)) {
        stats_.updatesReceived++;
        if (update->cell.origin != region_) stats_.crossRegionUpdates++;
    } else if (auto* error = std::get_if<ErrorFrame>(&event)) {
        stats_.errors++;
        pending_.erase(error->requestId);
        if (error->code == static_cast<std::uint16_t>(ErrorCode::Resync) && !stopped_)
            client_->send(Subscribe{plan_.areaX, plan_.areaY, plan_.areaSide, plan_.areaSide});
    } else if (std::holds_alternative<PositionsDatagram>(event)) {
        stats_.positionsReceived++;
    } else if (std::holds_alternative<gameclient::Disconnected>(event)) {
        if (region_.empty() || !stopped_) stats_.disconnects++;
        if (!region_.empty()) stats_.connected--;
        playing_ = false;
        actionTimer_.cancel();
        moveTimer_.cancel();
    }
}

void Bot::scheduleAction() {
    // Exponential gaps: bots do not act in lock step, and the mean rate is actionsPerSecond.
    std::exponential_distribution<double> gap(plan_.actionsPerSecond);
    actionTimer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(gap(random_))));
    actionTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
        if (error || self->stopped_ || !self->playing_) return;
        self->act();
        self->scheduleAction();
    });
}

void Bot::act() {
    const auto x = plan_.areaX + static_cast<std::int32_t>(random_() % plan_.areaSide);
    const auto y = plan_.areaY + static_cast<std::int32_t>(random_() % plan_.areaSide);
    const auto id = nextRequest_++;
    pending_[id] = std::chrono::steady_clock::now();
    if (id % 2 == 1)
        client_->send(PlaceBlock{id, x, y, static_cast<std::uint16_t>(1 + random_() % 15)});
    else
        client_->send(BreakBlock{id, x, y});
    stats_.actionsSent++;
}

void Bot::scheduleMove() {
    moveTimer_.expires_after(plan_.moveEvery);
    moveTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
        if (error || self->stopped_ || !self->playing_) return;
        std::uniform_real_distribution<float> step(-1.0f, 1.0f);
        self->x_ += step(self->random_);
        self->y_ += step(self->random_);
        self->client_->sendPosition(self->x_, self->y_);
        self->scheduleMove();
    });
}

}  // namespace mmo::cli
