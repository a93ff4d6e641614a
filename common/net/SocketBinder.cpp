#include "common/net/SocketBinder.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

namespace mmo::net {

namespace asio = boost::asio;

namespace {

std::string unbracket(const std::string& host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
    return host;
}

}  // namespace

asio::ip::address resolveListenAddress(const std::string& host, std::uint16_t port, Transport transport) {
    const auto plain = unbracket(host);
    if (plain.empty()) return asio::ip::address_v4::any();
    boost::system::error_code ec;
    auto address = asio::ip::make_address(plain, ec);
    if (!ec) return address;
    // A host name (e.g. "localhost"): resolve it once, at start.
    asio::io_context lookupContext;
    asio::ip::tcp::resolver resolver(lookupContext);
    const auto results = resolver.resolve(plain, "", asio::ip::resolver_base::passive, ec);
    if (ec || results.empty()) throw BindError(transport, host, port, "lookup " + plain, ec);
    return results.begin()->endpoint().address();
}

asio::ip::tcp::acceptor openTcpAcceptor(const asio::any_io_executor& executor, const std::string& host,
                                        std::uint16_t port) {
    const asio::ip::tcp::endpoint endpoint(resolveListenAddress(host, port, Transport::Tcp), port);
    asio::ip::tcp::acceptor acceptor(executor);
    boost::system::error_code ec;
    const auto fail = [&](const char* step) { throw BindError(Transport::Tcp, host, port, step, ec); };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) fail("socket");
    // SO_REUSEADDR lets a restarted node bind while old connections sit in TIME_WAIT. SO_REUSEPORT is
    // deliberately not set: it would let a second node share the port instead of failing.
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) fail("setsockopt");
    acceptor.bind(endpoint, ec);
    if (ec) fail("bind");
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) fail("listen");
    return acceptor;
}

asio::ip::udp::socket openUdpSocket(const asio::any_io_executor& executor, const std::string& host,
                                    std::uint16_t port) {
    const asio::ip::udp::endpoint endpoint(resolveListenAddress(host, port, Transport::Udp), port);
    asio::ip::udp::socket socket(executor);
    boost::system::error_code ec;
    socket.open(endpoint.protocol(), ec);
    if (ec) throw BindError(Transport::Udp, host, port, "socket", ec);
    socket.bind(endpoint, ec);
    if (ec) throw BindError(Transport::Udp, host, port, "bind", ec);
    return socket;
}

std::string formatEndpoint(const asio::ip::address& address, std::uint16_t port) {
    if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(port);
    return address.to_string() + ":" + std::to_string(port);
}

}  // namespace mmo::net
