#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mmo::test {

// A blocking TCP client socket for the proxy tests, every wait bounded.
class TestSocket {
  public:
    // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
    explicit TestSocket(std::uint16_t port);
    ~TestSocket();
    TestSocket(const TestSocket&) = delete;
    TestSocket& operator=(const TestSocket&) = delete;

    // Sends everything (false when the connection failed).
    bool send(const std::string& bytes);

    // Reads exactly n bytes within timeout; nullopt when the time passed, the peer closed or reset first.
    std::optional<std::string> receive(std::size_t n, std::chrono::milliseconds timeout);

    enum class End { Open, Closed, Reset };
    // Waits up to timeout for the connection to end (reading and dropping data): how it ended, or Open.
    End waitForEnd(std::chrono::milliseconds timeout);

  private:
    int fd_ = -1;
};

}  // namespace mmo::test
