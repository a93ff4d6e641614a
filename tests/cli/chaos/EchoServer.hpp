#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace mmo::test {

// A real TCP echo server on 127.0.0.1 (OS-picked port): every connection gets back what it sends, from a
// thread of its own. Stops and joins everything on destruction.
class EchoServer {
  public:
    EchoServer();
    ~EchoServer();
    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;

    std::uint16_t port() const { return port_; }
    // Connections accepted so far.
    int accepted() const { return accepted_.load(); }

  private:
    void acceptLoop();
    static void echo(int fd);

    int listenFd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread acceptor_;
    std::mutex mutex_;
    std::vector<int> fds_;
    std::vector<std::thread> workers_;
};

}  // namespace mmo::test
