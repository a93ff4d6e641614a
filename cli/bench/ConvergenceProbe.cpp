#include "cli/bench/ConvergenceProbe.hpp"

#include <boost/asio/post.hpp>
#include <stdexcept>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/gameclient/GameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"

namespace mmo::cli::bench {

namespace asio = boost::asio;

namespace {
double wallMillis() {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count()) /
           1000.0;
}
}  // namespace

// One subscriber; runs on the probe's single I/O thread.
class ProbeConnection : public std::enable_shared_from_this<ProbeConnection> {
  public:
    ProbeConnection(asio::io_context& io, ConvergenceProbe& probe, ProbeTarget target)
        : io_(io), probe_(probe), target_(std::move(target)) {}

    void connect() {
        gameclient::ClientOptions options;
        options.tcpPort = target_.tcpPort;
        options.maxFrameBytes = 1 << 20;
        std::weak_ptr<ProbeConnection> weak = weak_from_this();
        client_ =
            gameclient::GameClient::create(io_.get_executor(), options, [weak](gameclient::ServerEvent&& e) {
                if (auto self = weak.lock()) self->onEvent(std::move(e));
            });
        client_->connect(
            game::Hello{game::kProtocolVersion, game::AuthKind::Guest, "bench-probe-" + target_.region},
            [self = shared_from_this()](boost::system::error_code error) {
                if (error) self->failed_ = true;
            });
    }
    bool subscribed() const { return subscribed_.load(); }
    bool failed() const { return failed_.load(); }
    void close() {
        if (client_) client_->close();
    }

  private:
    void subscribe() {
        const auto side = static_cast<std::uint32_t>(probe_.side_);
        client_->send(game::Subscribe{0, 0, side, side});
    }
    void onEvent(gameclient::ServerEvent&& event) {
        if (const auto* update = std::get_if<game::BlockUpdate>(&event)) {
            if (update->cell.origin == target_.region || !probe_.recording_.load()) return;
            const double origin =
                static_cast<double>(codec::HybridLogicalClock::physicalOf(update->cell.hlc));
            probe_.record(target_.region, update->cell.origin, std::max(0.0, wallMillis() - origin));
        } else if (std::holds_alternative<game::Welcome>(event)) {
            subscribe();
        } else if (const auto* chunk = std::get_if<game::BlockChunk>(&event)) {
            if (chunk->last) subscribed_ = true;
        } else if (const auto* error = std::get_if<game::ErrorFrame>(&event)) {
            if (error->code == static_cast<std::uint16_t>(game::ErrorCode::Resync)) {
                probe_.resyncs_++;
                subscribe();
            }
            if (error->fatal) failed_ = true;
        } else if (std::holds_alternative<gameclient::Disconnected>(event)) {
            if (!closing_) probe_.disconnects_++;
            failed_ = true;
        }
    }

    asio::io_context& io_;
    ConvergenceProbe& probe_;
    ProbeTarget target_;
    std::shared_ptr<gameclient::GameClient> client_;
    std::atomic<bool> subscribed_{false};
    std::atomic<bool> failed_{false};
    bool closing_ = false;

    friend class ConvergenceProbe;
};

ConvergenceProbe::ConvergenceProbe(std::vector<ProbeTarget> targets, std::int32_t side)
    : targets_(std::move(targets)), side_(side) {}

ConvergenceProbe::~ConvergenceProbe() {
    close();
}

void ConvergenceProbe::connect(std::chrono::milliseconds timeout) {
    for (const auto& t : targets_) connections_.push_back(std::make_shared<ProbeConnection>(io_, *this, t));
    asio::post(io_, [this] {
        for (auto& c : connections_) c->connect();
    });
    thread_ = std::thread([this] {
        auto work = asio::make_work_guard(io_);
        io_.run();
    });
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        bool all = true;
        for (std::size_t i = 0; i < connections_.size(); ++i) {
            if (connections_[i]->failed())
                throw std::runtime_error("the convergence probe of " + targets_[i].region +
                                         " could not connect and subscribe");
            all = all && connections_[i]->subscribed();
        }
        if (all) return;
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("the convergence probes got no area snapshot within " +
                                     std::to_string(timeout.count()) + " ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void ConvergenceProbe::startRecording() {
    {
        std::lock_guard lock(mutex_);
        samples_.clear();
    }
    recording_ = true;
}

void ConvergenceProbe::stopRecording() {
    recording_ = false;
}

void ConvergenceProbe::record(const std::string& destination, const std::string& source, double ms) {
    std::lock_guard lock(mutex_);
    samples_[{source, destination}].push_back(ms);
}

std::vector<double> ConvergenceProbe::samples(const std::string& source,
                                              const std::string& destination) const {
    std::lock_guard lock(mutex_);
    const auto it = samples_.find({source, destination});
    return it == samples_.end() ? std::vector<double>{} : it->second;
}

void ConvergenceProbe::close() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
        for (auto& c : connections_) {
            c->closing_ = true;
            c->close();
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    io_.stop();
    thread_.join();
    connections_.clear();
}

}  // namespace mmo::cli::bench
