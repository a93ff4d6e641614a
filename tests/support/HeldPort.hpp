#pragma once

#include <cstdint>

namespace mmo::test {

// A port held by a plain socket for the life of the object, to make a listener of the node fail:
// TCP is bound on 0.0.0.0 and listening; UDP is bound on 0.0.0.0. Port 0 lets the OS pick.
class HeldPort {
  public:
    enum class Kind { Tcp, Udp };

    explicit HeldPort(Kind kind, std::uint16_t port = 0);
    ~HeldPort();

    HeldPort(const HeldPort&) = delete;
    HeldPort& operator=(const HeldPort&) = delete;

    std::uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace mmo::test
