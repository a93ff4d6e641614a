#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <string>

#include "common/net/BindError.hpp"

// Opens listening sockets synchronously so that every listener is bound before anything is served and a
// busy port fails at start. Every failure is a BindError naming the step and the OS error.
namespace mmo::net {

// The address for `host`: a literal IPv4/IPv6 address, or a name resolved once (first result).
boost::asio::ip::address resolveListenAddress(const std::string& host, std::uint16_t port,
                                              Transport transport);

// A TCP acceptor bound to host:port (SO_REUSEADDR, never SO_REUSEPORT) and listening.
boost::asio::ip::tcp::acceptor openTcpAcceptor(const boost::asio::any_io_executor& executor,
                                               const std::string& host, std::uint16_t port);

// A UDP socket bound to host:port.
boost::asio::ip::udp::socket openUdpSocket(const boost::asio::any_io_executor& executor,
                                           const std::string& host, std::uint16_t port);

// "0.0.0.0:8088" or "[::]:8088": an endpoint as the listening log lines show it.
std::string formatEndpoint(const boost::asio::ip::address& address, std::uint16_t port);

}  // namespace mmo::net
