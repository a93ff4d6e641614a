#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>

// A listener that could not be opened: which protocol, which host and port, and the OS error.
namespace mmo::net {

enum class Transport { Tcp, Udp };

class BindError : public std::runtime_error {
  public:
    BindError(Transport transport, std::string host, std::uint16_t port, std::string operation,
              std::error_code error);

    Transport transport() const { return transport_; }
    const std::string& host() const { return host_; }
    std::uint16_t port() const { return port_; }
    const std::error_code& error() const { return error_; }
    const std::string& operation() const { return operation_; }

    // Go's wording, kept from the guide: "listen tcp :8088: bind: address already in use".
    std::string goStyleMessage() const;

  private:
    Transport transport_;
    std::string host_;
    std::uint16_t port_;
    std::string operation_;  // "bind", "listen", "socket", "lookup"
    std::error_code error_;
};

// "tcp" or "udp".
const char* transportName(Transport transport);

// host:port as Go writes a listen address: ":8088" for a wildcard host, "[::1]:8088" for IPv6.
std::string goListenAddress(const std::string& host, std::uint16_t port);

// The OS error text in Go's lower-case style ("address already in use").
std::string lowerCaseErrorText(const std::error_code& error);

}  // namespace mmo::net
