#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>

#include "tests/support/HttpClient.hpp"
#include "tests/support/Waiting.hpp"

// A TCP client socket on loopback that the connection-limit tests hold open, from a chosen source address
// (127.0.0.0/8 is all local on Linux, so 127.0.0.2 is a second client address).
namespace mmo::test {

class LoopbackSocket {
  public:
    LoopbackSocket(std::uint16_t port, const std::string& from = "127.0.0.1")
        : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
        connected_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                     ::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0;
    }
    ~LoopbackSocket() {
        if (fd_ >= 0) ::close(fd_);
    }
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;

    bool connected() const { return connected_; }
    void send(const std::string& data) const { ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL); }

    // True once the server closed its side (EOF or a reset); reads and drops what arrives meanwhile.
    bool closedByPeer() {
        if (closed_) return true;
        char buffer[4096];
        for (;;) {
            const auto n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                received_.append(buffer, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
            closed_ = true;  // 0: EOF; another error: reset
            return true;
        }
    }

    // Waits up to `timeout` for closedByPeer().
    bool waitClosed(std::chrono::milliseconds timeout) {
        return waitUntil([this] { return closedByPeer(); }, timeout);
    }

    // Sends `request` and reads the answer until the server closes (a request with "Connection: close").
    HttpResult exchange(const std::string& request,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        send(request);
        waitClosed(timeout);
        return parseHttpResponse(received_);
    }

  private:
    int fd_;
    bool connected_ = false;
    bool closed_ = false;
    std::string received_;
};

// GET path from the source address `from`, answered and closed.
inline HttpResult httpGetFrom(const std::string& from, std::uint16_t port, const std::string& path) {
    LoopbackSocket socket(port, from);
    if (!socket.connected()) return {};
    return socket.exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

}  // namespace mmo::test
