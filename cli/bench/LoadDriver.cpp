#include "cli/bench/LoadDriver.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <future>
#include <stdexcept>

#include "cli/bench/ChangeStream.hpp"
#include "common/gameclient/GameClient.hpp"
#include "common/gameproto/FrameEncoder.hpp"

namespace mmo::cli::bench {

namespace asio = boost::asio;

namespace {
constexpr auto kTick = std::chrono::milliseconds(2);
}

// One guest connection of the driver. Everything runs on the driver's single I/O thread.
class DriverConnection : public std::enable_shared_from_this<DriverConnection> {
  public:
    DriverConnection(asio::io_context& io, const DriverTarget& target, int lane,
                     const BenchSettings& settings, DriverCounts& counts)
        : io_(io),
          target_(target),
          lane_(lane),
          stream_(settings.seed, target.regionIndex, lane, settings.areaSide),
          inFlight_(static_cast<std::uint64_t>(settings.inFlight)),
          counts_(counts) {}

    void connect() {
        gameclient::ClientOptions options;
        options.tcpPort = target_.tcpPort;
        std::weak_ptr<DriverConnection> weak = weak_from_this();
        client_ =
            gameclient::GameClient::create(io_.get_executor(), options, [weak](gameclient::ServerEvent&& e) {
                if (auto self = weak.lock()) self->onEvent(std::move(e));
            });
        const auto name = "bench-" + target_.region + "-" + std::to_string(lane_);
        client_->connect(game::Hello{game::kProtocolVersion, game::AuthKind::Guest, name},
                         [self = shared_from_this()](boost::system::error_code error) {
                             if (error) self->dead_ = true;
                         });
    }

    bool welcomed() const { return welcomed_.load(); }
    bool dead() const { return dead_.load(); }
    std::uint64_t outstanding() const { return outstanding_; }

    // rate: writes per second for this connection, 0 for as fast as acks allow.
    void start(double rate) {
        rate_ = rate;
        tokens_ = 0;
        writing_ = true;
        if (rate_ == 0) refill();
    }
    void stop() { writing_ = false; }
    // Rate mode: adds the writes due over `seconds` and sends what the window allows.
    void tick(double seconds) {
        if (!writing_ || rate_ == 0) return;
        tokens_ = std::min(tokens_ + rate_ * seconds, static_cast<double>(inFlight_) * 4);
        refill();
    }
    void close() {
        if (client_) {
            client_->send(game::ClientGoodbye{});
            client_->close();
        }
    }

  private:
    void onEvent(gameclient::ServerEvent&& event) {
        if (std::holds_alternative<game::Welcome>(event)) {
            welcomed_ = true;
        } else if (std::holds_alternative<game::BlockAck>(event)) {
            --outstanding_;
            counts_.acked++;
            if (rate_ == 0 && outstanding_ <= inFlight_ / 2) refill();
        } else if (const auto* error = std::get_if<game::ErrorFrame>(&event)) {
            if (error->requestId != 0) {
                --outstanding_;
                counts_.refused++;
            }
            if (error->fatal) dead_ = true;
        } else if (std::holds_alternative<gameclient::Disconnected>(event)) {
            if (!dead_) counts_.disconnects++;
            dead_ = true;
            writing_ = false;
        }
    }

    // Sends as many writes as the window (and, with a rate, the tokens) allow, in one buffer.
    void refill() {
        if (!writing_ || dead_) return;
        std::uint64_t n = inFlight_ > outstanding_ ? inFlight_ - outstanding_ : 0;
        if (rate_ > 0) n = std::min<std::uint64_t>(n, static_cast<std::uint64_t>(tokens_));
        if (n == 0) return;
        std::vector<std::uint8_t> bytes;
        bytes.reserve(n * 16);
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto w = stream_.next();
            const auto frame = game::encodeFrame(game::PlaceBlock{nextRequest_++, w.x, w.y, w.type});
            bytes.insert(bytes.end(), frame.begin(), frame.end());
        }
        if (rate_ > 0) tokens_ -= static_cast<double>(n);
        outstanding_ += n;
        counts_.sent += n;
        client_->sendRaw(std::move(bytes));
    }

    asio::io_context& io_;
    DriverTarget target_;
    int lane_;
    ChangeStream stream_;
    std::uint64_t inFlight_;
    DriverCounts& counts_;
    std::shared_ptr<gameclient::GameClient> client_;
    std::atomic<bool> welcomed_{false};
    std::atomic<bool> dead_{false};
    bool writing_ = false;
    double rate_ = 0;
    double tokens_ = 0;
    std::uint64_t outstanding_ = 0;
    std::uint64_t nextRequest_ = 1;
};

LoadDriver::LoadDriver(const BenchSettings& settings, std::vector<DriverTarget> targets)
    : settings_(settings), targets_(std::move(targets)) {
    for (std::size_t i = 0; i < targets_.size(); ++i) counts_.push_back(std::make_unique<DriverCounts>());
}

LoadDriver::~LoadDriver() {
    close();
}

void LoadDriver::connect(std::chrono::milliseconds timeout) {
    for (std::size_t r = 0; r < targets_.size(); ++r)
        for (int lane = 0; lane < settings_.connections; ++lane)
            connections_.push_back(
                std::make_shared<DriverConnection>(io_, targets_[r], lane, settings_, *counts_[r]));
    asio::post(io_, [this] {
        for (auto& c : connections_) c->connect();
    });
    thread_ = std::thread([this] {
        auto work = asio::make_work_guard(io_);
        io_.run();
    });
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::size_t welcomed = 0;
        for (std::size_t i = 0; i < connections_.size(); ++i) {
            if (connections_[i]->dead())
                throw std::runtime_error(
                    "the game port of " +
                    targets_[i / static_cast<std::size_t>(settings_.connections)].region +
                    " refused or closed a bench connection");
            welcomed += connections_[i]->welcomed() ? 1 : 0;
        }
        if (welcomed == connections_.size()) return;
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("bench connections not welcomed by the game ports within " +
                                     std::to_string(timeout.count()) + " ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void LoadDriver::startWriting(double rate) {
    const double perConnection = rate / static_cast<double>(connections_.size());
    std::promise<std::uint64_t> started;
    asio::post(io_, [this, perConnection, &started] {
        ++generation_;
        for (auto& c : connections_) c->start(perConnection);
        started.set_value(generation_);
    });
    const auto generation = started.get_future().get();
    if (rate <= 0) return;
    // Pacing: one timer for every connection, on the I/O thread.
    auto timer = std::make_shared<asio::steady_timer>(io_);
    auto last = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    auto tick = std::make_shared<std::function<void()>>();
    *tick = [this, timer, last, generation, weakTick = std::weak_ptr<std::function<void()>>(tick)] {
        timer->expires_after(kTick);
        timer->async_wait([this, timer, last, generation, weakTick](boost::system::error_code error) {
            if (error || generation != generation_) return;
            const auto now = std::chrono::steady_clock::now();
            const double dt = std::chrono::duration<double>(now - *last).count();
            *last = now;
            for (auto& c : connections_) c->tick(dt);
            if (auto t = weakTick.lock()) (*t)();
        });
    };
    asio::post(io_, [this, tick] {
        pacer_ = tick;
        (*tick)();
    });
}

void LoadDriver::stopWriting() {
    std::promise<void> done;
    asio::post(io_, [this, &done] {
        ++generation_;
        pacer_.reset();
        for (auto& c : connections_) c->stop();
        done.set_value();
    });
    done.get_future().wait();
}

bool LoadDriver::drain(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (totalAnswered() >= totalSent()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return totalAnswered() >= totalSent();
}

void LoadDriver::close() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
        ++generation_;
        pacer_.reset();
        for (auto& c : connections_) c->close();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    io_.stop();
    thread_.join();
    connections_.clear();
}

std::uint64_t LoadDriver::totalSent() const {
    std::uint64_t n = 0;
    for (const auto& c : counts_) n += c->sent.load();
    return n;
}

std::uint64_t LoadDriver::totalAnswered() const {
    std::uint64_t n = 0;
    for (const auto& c : counts_) n += c->acked.load() + c->refused.load();
    return n;
}

}  // namespace mmo::cli::bench
