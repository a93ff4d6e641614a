#include "common/gameclient/BlockingGameClient.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <future>
#include <stdexcept>

namespace mmo::gameclient {

namespace asio = boost::asio;

BlockingGameClient::BlockingGameClient(ClientOptions options) {
    client_ = GameClient::create(io_.get_executor(), std::move(options), [this](ServerEvent&& event) {
        {
            std::lock_guard lock(mutex_);
            inbox_.push_back(std::move(event));
        }
        arrived_.notify_all();
    });
    thread_ = std::thread([this] {
        auto work = asio::make_work_guard(io_);
        io_.run();
    });
}

BlockingGameClient::~BlockingGameClient() {
    client_->close();
    io_.stop();
    thread_.join();
}

void BlockingGameClient::connect(std::optional<game::Hello> hello) {
    std::promise<boost::system::error_code> connected;
    client_->connect(std::move(hello),
                     [&connected](boost::system::error_code error) { connected.set_value(error); });
    const auto error = connected.get_future().get();
    if (error) throw std::runtime_error("cannot connect to the game server: " + error.message());
}

game::Welcome BlockingGameClient::joinAsGuest(const std::string& name, std::chrono::milliseconds timeout) {
    connect(game::Hello{game::kProtocolVersion, game::AuthKind::Guest, name});
    auto event = waitForEvent(
        [](const ServerEvent& e) {
            return std::holds_alternative<game::Welcome>(e) || std::holds_alternative<game::ErrorFrame>(e) ||
                   std::holds_alternative<Disconnected>(e);
        },
        timeout);
    if (!event) throw std::runtime_error("no WELCOME within the timeout");
    if (const auto* error = std::get_if<game::ErrorFrame>(&*event))
        throw std::runtime_error("HELLO refused: " + error->message);
    if (const auto* gone = std::get_if<Disconnected>(&*event))
        throw std::runtime_error("disconnected: " + gone->reason);
    return std::get<game::Welcome>(*event);
}

std::optional<ServerEvent> BlockingGameClient::waitForEvent(
    const std::function<bool(const ServerEvent&)>& match, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex_);
    std::size_t scanned = 0;
    while (true) {
        for (; scanned < inbox_.size(); ++scanned) {
            if (!match(inbox_[scanned])) continue;
            ServerEvent found = std::move(inbox_[scanned]);
            inbox_.erase(inbox_.begin() + static_cast<std::ptrdiff_t>(scanned));
            return found;
        }
        if (arrived_.wait_until(lock, deadline) == std::cv_status::timeout && scanned == inbox_.size())
            return std::nullopt;
    }
}

std::deque<ServerEvent> BlockingGameClient::drain() {
    std::lock_guard lock(mutex_);
    return std::exchange(inbox_, {});
}

}  // namespace mmo::gameclient
