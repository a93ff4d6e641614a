#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// A game TCP connection at the byte level, as a client written from docs/protocol.md alone sees it: it
// sends bytes and reads whole frames (4-byte length prefix + type + payload) exactly as they arrive, with
// no codec in between.
namespace mmo::test {

using Bytes = std::vector<std::uint8_t>;

class RawGameSocket {
  public:
    explicit RawGameSocket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0)
            throw std::runtime_error("cannot connect to the game port " + std::to_string(port));
    }
    ~RawGameSocket() { ::close(fd_); }
    RawGameSocket(const RawGameSocket&) = delete;
    RawGameSocket& operator=(const RawGameSocket&) = delete;

    void send(const Bytes& bytes) const {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("the node closed the game connection while we sent");
            sent += static_cast<std::size_t>(n);
        }
    }

    // The next whole frame, prefix included; nullopt when none arrives within `timeout` or the node closed.
    std::optional<Bytes> readFrame(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (buffer_.size() >= 4) {
                const std::size_t length = buffer_[0] | (buffer_[1] << 8) | (buffer_[2] << 16) |
                                           (static_cast<std::size_t>(buffer_[3]) << 24);
                if (buffer_.size() >= 4 + length) {
                    Bytes frame(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(4 + length));
                    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(4 + length));
                    return frame;
                }
            }
            if (!receive(deadline)) return std::nullopt;
        }
    }

    // True once the node closed the connection (EOF or reset) within `timeout`; frames before it are kept.
    bool waitClosed(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!closed_)
            if (!receive(deadline) && !closed_) return false;
        return true;
    }

  private:
    // Appends what arrives before `deadline`; false on timeout or close.
    bool receive(std::chrono::steady_clock::time_point deadline) {
        if (closed_) return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd fd{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) != 1) return false;
        std::uint8_t chunk[65536];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            closed_ = true;
            return false;
        }
        buffer_.insert(buffer_.end(), chunk, chunk + n);
        return true;
    }

    int fd_;
    bool closed_ = false;
    Bytes buffer_;
};

}  // namespace mmo::test
