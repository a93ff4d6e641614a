#include <gtest/gtest.h>

#include "node/app/ListenFailure.hpp"

namespace mmo::node {
namespace {

ListenFailure failure(const char* service, const char* key, net::Transport transport, const char* host,
                      std::uint16_t port, std::errc error) {
    return ListenFailure(service, key,
                         net::BindError(transport, host, port, "bind", std::make_error_code(error)));
}

// A busy REST port gives the guide's line and a hint naming the key and the guide's variable.
TEST(ListenFailureTest, BusyRestPort) {
    const auto f = failure("REST API", "server.rest_port", net::Transport::Tcp, "0.0.0.0", 8088,
                           std::errc::address_in_use);
    EXPECT_EQ(f.message(), "❌ Failed to start REST API: listen tcp :8088: bind: address already in use");
    EXPECT_EQ(f.hint(),
              "hint: another process holds tcp port 8088; set server.rest_port in the config file or "
              "GAME_REST_PORT in the environment (0 lets the OS pick)");
}

// A busy UDP game port names udp, server.udp_port and GAME_UDP_PORT.
TEST(ListenFailureTest, BusyUdpPort) {
    const auto f = failure("game server", "server.udp_port", net::Transport::Udp, "127.0.0.1", 7778,
                           std::errc::address_in_use);
    EXPECT_EQ(f.message(),
              "❌ Failed to start game server: listen udp 127.0.0.1:7778: bind: address already in use");
    EXPECT_NE(f.hint().find("udp port 7778; set server.udp_port in the config file or GAME_UDP_PORT"),
              std::string::npos);
}

// A privileged port explains the 1024 rule.
TEST(ListenFailureTest, PermissionDenied) {
    const auto f = failure("metrics server", "server.metrics_port", net::Transport::Tcp, "0.0.0.0", 80,
                           std::errc::permission_denied);
    EXPECT_EQ(f.message(), "❌ Failed to start metrics server: listen tcp :80: bind: permission denied");
    EXPECT_NE(f.hint().find("below 1024"), std::string::npos);
    EXPECT_NE(f.hint().find("GAME_METRICS_PORT"), std::string::npos);
}

// An address the machine does not have points at server.host.
TEST(ListenFailureTest, AddressNotAvailable) {
    const auto f = failure("REST API", "server.rest_port", net::Transport::Tcp, "10.255.0.1", 8088,
                           std::errc::address_not_available);
    EXPECT_EQ(
        f.message(),
        "❌ Failed to start REST API: listen tcp 10.255.0.1:8088: bind: cannot assign requested address");
    EXPECT_NE(f.hint().find("server.host \"10.255.0.1\" is not an address of this machine"),
              std::string::npos);
    EXPECT_NE(f.hint().find("GAME_SERVER_HOST"), std::string::npos);
}

}  // namespace
}  // namespace mmo::node
