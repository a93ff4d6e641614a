#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/gameclient/GameClient.hpp"

namespace mmo::gameclient {

// A GameClient with its own I/O thread and an inbox of events, for tests and simple tools: connect, send,
// then wait for the event you expect. Not for thousands of players (use GameClient on a shared context).
class BlockingGameClient {
  public:
    static constexpr std::chrono::milliseconds kDefaultWait{5000};

    explicit BlockingGameClient(ClientOptions options);
    ~BlockingGameClient();
    BlockingGameClient(const BlockingGameClient&) = delete;
    BlockingGameClient& operator=(const BlockingGameClient&) = delete;

    // Connects and sends HELLO (none: a raw connection); throws std::runtime_error when the TCP connection
    // fails.
    void connect(std::optional<game::Hello> hello);
    // Connects as a guest and waits for WELCOME; throws std::runtime_error naming what came instead.
    game::Welcome joinAsGuest(const std::string& name, std::chrono::milliseconds timeout = kDefaultWait);
    GameClient& client() { return *client_; }

    // Removes and returns the first event (oldest first) that `match` accepts, waiting up to `timeout`.
    std::optional<ServerEvent> waitForEvent(const std::function<bool(const ServerEvent&)>& match,
                                            std::chrono::milliseconds timeout = kDefaultWait);
    // The first event of type T (that `match` accepts, when given).
    template <typename T>
    std::optional<T> waitFor(std::function<bool(const T&)> match = {},
                             std::chrono::milliseconds timeout = kDefaultWait) {
        auto event = waitForEvent(
            [&](const ServerEvent& e) {
                const auto* t = std::get_if<T>(&e);
                return t && (!match || match(*t));
            },
            timeout);
        if (!event) return std::nullopt;
        return std::get<T>(std::move(*event));
    }
    // Every event received so far (the inbox is emptied).
    std::deque<ServerEvent> drain();

  private:
    boost::asio::io_context io_;
    std::shared_ptr<GameClient> client_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<ServerEvent> inbox_;
};

}  // namespace mmo::gameclient
