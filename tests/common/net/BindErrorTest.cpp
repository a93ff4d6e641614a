#include <gtest/gtest.h>

#include "common/net/BindError.hpp"

namespace mmo::net {
namespace {

// Wildcard hosts are written ":PORT", as Go does.
TEST(BindErrorTest, WildcardHostIsOmitted) {
    EXPECT_EQ(goListenAddress("0.0.0.0", 8088), ":8088");
    EXPECT_EQ(goListenAddress("::", 8088), ":8088");
    EXPECT_EQ(goListenAddress("", 8088), ":8088");
}

// Other hosts are kept; IPv6 ones in brackets.
TEST(BindErrorTest, ConcreteHostIsKept) {
    EXPECT_EQ(goListenAddress("127.0.0.1", 8088), "127.0.0.1:8088");
    EXPECT_EQ(goListenAddress("::1", 8088), "[::1]:8088");
}

// The message is the guide's line for a busy port.
TEST(BindErrorTest, AddressInUseMessageMatchesGuide) {
    const BindError error(Transport::Tcp, "0.0.0.0", 8088, "bind",
                          std::make_error_code(std::errc::address_in_use));
    EXPECT_EQ(error.goStyleMessage(), "listen tcp :8088: bind: address already in use");
}

// UDP failures name udp.
TEST(BindErrorTest, UdpIsNamed) {
    const BindError error(Transport::Udp, "127.0.0.1", 7778, "bind",
                          std::make_error_code(std::errc::permission_denied));
    EXPECT_EQ(error.goStyleMessage(), "listen udp 127.0.0.1:7778: bind: permission denied");
}

}  // namespace
}  // namespace mmo::net
