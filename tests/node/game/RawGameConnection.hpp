#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mmo::game::test {

// A game TCP connection at the byte level, as a client written from docs/protocol.md alone sees it: bytes
// go out as given, frames come back as bytes (length prefix included). Nothing is decoded, nothing is
// answered, and the socket stays open until the object goes (so a test can keep it open after GOODBYE).
class RawGameConnection {
  public:
    explicit RawGameConnection(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
            const std::string why = std::strerror(errno);
            ::close(fd_);
            throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " + why);
        }
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~RawGameConnection() { ::close(fd_); }
    RawGameConnection(const RawGameConnection&) = delete;
    RawGameConnection& operator=(const RawGameConnection&) = delete;

    void send(const std::vector<std::uint8_t>& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
            sent += static_cast<std::size_t>(n);
        }
    }

    // The next whole frame, length prefix included; nullopt when the peer closed or `timeout` passed.
    std::optional<std::vector<std::uint8_t>> readFrame(
        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            if (buffer_.size() >= 4) {
                const std::size_t length = buffer_[0] | (buffer_[1] << 8) | (buffer_[2] << 16) |
                                           (static_cast<std::size_t>(buffer_[3]) << 24);
                if (buffer_.size() >= 4 + length) {
                    std::vector<std::uint8_t> frame(buffer_.begin(), buffer_.begin() + 4 + length);
                    buffer_.erase(buffer_.begin(), buffer_.begin() + 4 + length);
                    return frame;
                }
            }
            if (!receive(deadline)) return std::nullopt;
        }
    }

    // True once the peer has closed (EOF or reset) within `timeout`; frames received meanwhile are kept.
    bool waitClosed(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!eof_)
            if (!receive(deadline) && !eof_) return false;
        return true;
    }

  private:
    // Appends what arrives before `deadline`; false on timeout or EOF.
    bool receive(std::chrono::steady_clock::time_point deadline) {
        if (eof_) return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        std::uint8_t chunk[65536];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        buffer_.insert(buffer_.end(), chunk, chunk + n);
        return true;
    }

    int fd_ = -1;
    bool eof_ = false;
    std::vector<std::uint8_t> buffer_;
};

// A frame as the docs draw it: u32 LE length (type + payload), the type, the payload.
inline std::vector<std::uint8_t> rawFrame(std::uint8_t type, const std::vector<std::uint8_t>& payload) {
    const auto length = static_cast<std::uint32_t>(payload.size() + 1);
    std::vector<std::uint8_t> out{static_cast<std::uint8_t>(length), static_cast<std::uint8_t>(length >> 8),
                                  static_cast<std::uint8_t>(length >> 16),
                                  static_cast<std::uint8_t>(length >> 24), type};
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

// A protocol string: varint length, then the bytes.
inline std::vector<std::uint8_t> rawString(const std::string& text) {
    std::vector<std::uint8_t> out;
    auto n = static_cast<std::uint64_t>(text.size());
    do {
        std::uint8_t b = n & 0x7f;
        n >>= 7;
        out.push_back(n ? static_cast<std::uint8_t>(b | 0x80) : b);
    } while (n);
    out.insert(out.end(), text.begin(), text.end());
    return out;
}

// HELLO version 1 with the credential: auth 0 guest, 1 token.
inline std::vector<std::uint8_t> rawHello(std::uint8_t auth, const std::string& credential) {
    std::vector<std::uint8_t> payload{0x01, 0x00, auth};
    const auto s = rawString(credential);
    payload.insert(payload.end(), s.begin(), s.end());
    return rawFrame(0x01, payload);
}

// The bytes an ERROR frame starts with after its length prefix: 87, code u16 LE, request id (varint bytes
// as given), fatal; the message follows.
inline std::vector<std::uint8_t> rawErrorHead(std::uint16_t code, const std::vector<std::uint8_t>& requestId,
                                              bool fatal) {
    std::vector<std::uint8_t> out{0x87, static_cast<std::uint8_t>(code),
                                  static_cast<std::uint8_t>(code >> 8)};
    out.insert(out.end(), requestId.begin(), requestId.end());
    out.push_back(fatal ? 1 : 0);
    return out;
}

// True when `frame` (prefix included) is an ERROR frame that starts with `head` and whose message string
// fills the rest exactly.
inline bool isErrorFrame(const std::vector<std::uint8_t>& frame, const std::vector<std::uint8_t>& head) {
    if (frame.size() < 4 + head.size() + 1) return false;
    if (!std::equal(head.begin(), head.end(), frame.begin() + 4)) return false;
    std::size_t at = 4 + head.size();
    std::uint64_t length = 0;
    for (int shift = 0; at < frame.size(); shift += 7) {
        const auto b = frame[at++];
        length |= std::uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80)) break;
    }
    return at + length == frame.size();
}

// "87 0b 00 ..." for failure messages.
inline std::string hex(const std::vector<std::uint8_t>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const auto b : bytes) {
        if (!out.empty()) out += ' ';
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

}  // namespace mmo::game::test
