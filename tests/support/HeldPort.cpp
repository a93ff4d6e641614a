#include "tests/support/HeldPort.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace mmo::test {

HeldPort::HeldPort(Kind kind, std::uint16_t port) {
    fd_ = ::socket(AF_INET, (kind == Kind::Tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        (kind == Kind::Tcp && ::listen(fd_, 16) != 0)) {
        const std::string error = std::strerror(errno);
        ::close(fd_);
        throw std::runtime_error("hold port " + std::to_string(port) + ": " + error);
    }
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
}

HeldPort::~HeldPort() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace mmo::test
