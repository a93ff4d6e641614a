#include "tests/cli/chaos/EchoServer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mmo::test {

EchoServer::EchoServer() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listenFd_, 64) != 0)
        throw std::runtime_error("echo server: cannot listen on 127.0.0.1:0");
    socklen_t length = sizeof address;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

EchoServer::~EchoServer() {
    stopping_ = true;
    ::shutdown(listenFd_, SHUT_RDWR);  // wakes accept()
    acceptor_.join();
    ::close(listenFd_);
    {
        std::lock_guard lock(mutex_);
        for (const int fd : fds_) ::shutdown(fd, SHUT_RDWR);  // wakes every recv()
    }
    for (auto& worker : workers_) worker.join();
    for (const int fd : fds_) ::close(fd);
}

void EchoServer::acceptLoop() {
    while (!stopping_) {
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (stopping_) return;
            continue;
        }
        ++accepted_;
        std::lock_guard lock(mutex_);
        fds_.push_back(fd);
        workers_.emplace_back([fd] { echo(fd); });
    }
}

void EchoServer::echo(int fd) {
    char buffer[64 * 1024];
    while (true) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        for (ssize_t sent = 0; sent < n;) {
            const auto w = ::send(fd, buffer + sent, static_cast<std::size_t>(n - sent), MSG_NOSIGNAL);
            if (w <= 0) return;
            sent += w;
        }
    }
    ::shutdown(fd, SHUT_WR);  // pass the client's end of stream on
}

}  // namespace mmo::test
