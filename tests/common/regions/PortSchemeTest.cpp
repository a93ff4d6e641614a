#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "common/regions/PortScheme.hpp"

namespace mmo::regions {
namespace {

// Region 0 gets the guide's first ports, region 1 the guide's second-region ports.
TEST(PortScheme, FirstTwoRegionsMatchTheGuide) {
    const auto eu = portsForRegion(0);
    EXPECT_EQ(eu.tcp, 7777);
    EXPECT_EQ(eu.udp, 7778);
    EXPECT_EQ(eu.rest, 8088);
    EXPECT_EQ(eu.metrics, 2112);
    const auto us = portsForRegion(1);
    EXPECT_EQ(us.tcp, 7779);
    EXPECT_EQ(us.udp, 7780);
    EXPECT_EQ(us.rest, 8089);
    EXPECT_EQ(us.metrics, 2113);
}

// The i-th region follows 7777+2i, 7778+2i, 8088+i, 2112+i.
TEST(PortScheme, IthRegionFormula) {
    for (int i = 0; i < 10; ++i) {
        const auto p = portsForRegion(i);
        EXPECT_EQ(p.tcp, 7777 + 2 * i);
        EXPECT_EQ(p.udp, 7778 + 2 * i);
        EXPECT_EQ(p.rest, 8088 + i);
        EXPECT_EQ(p.metrics, 2112 + i);
    }
}

// An offset shifts every port, NATS included.
TEST(PortScheme, OffsetShiftsEverything) {
    const auto p = portsForRegion(2, 100);
    EXPECT_EQ(p.tcp, 7881);
    EXPECT_EQ(p.udp, 7882);
    EXPECT_EQ(p.rest, 8190);
    EXPECT_EQ(p.metrics, 2214);
    EXPECT_EQ(natsPorts(100).client, 4322);
    EXPECT_EQ(natsPorts(100).monitoring, 8322);
}

// Three regions plus NATS use fourteen distinct ports.
TEST(PortScheme, GuideSetHasNoCollisions) {
    const auto uses = plannedPorts({"eu-west-1", "us-east-1", "ap-south-1"}, 0, true);
    EXPECT_EQ(uses.size(), 14u);
    EXPECT_TRUE(findCollisions(uses).empty());
}

// Many regions eventually run into each other's ranges, and the collision names both owners.
TEST(PortScheme, DetectsCollisionsBetweenRanges) {
    std::vector<std::string> regions;
    for (int i = 0; i < 160; ++i) regions.push_back("r" + std::to_string(i));
    const auto collisions = findCollisions(plannedPorts(regions, 0, true));
    ASSERT_FALSE(collisions.empty());
    EXPECT_NE(collisions.front().find("both use"), std::string::npos);
}

// The same number on TCP and UDP is no collision.
TEST(PortScheme, TcpAndUdpDoNotCollide) {
    const std::vector<PortUse> uses{{"a", Protocol::Tcp, 9000}, {"b", Protocol::Udp, 9000}};
    EXPECT_TRUE(findCollisions(uses).empty());
}

// Auto offset skips offsets whose ports a probe reports busy.
TEST(PortScheme, AutoOffsetSkipsBusyPorts) {
    const std::set<int> busy{8088, 4223};  // offset 0 hits eu rest, offset 1 hits nats client
    const auto probe = [&](Protocol, int port) { return busy.count(port) == 0; };
    EXPECT_EQ(findFreeOffset({"eu-west-1", "us-east-1"}, true, probe), 2);
}

// Auto offset gives up instead of producing ports above 65535.
TEST(PortScheme, AutoOffsetStopsAtPortRange) {
    const auto probe = [](Protocol, int) { return false; };
    EXPECT_EQ(findFreeOffset({"eu-west-1"}, true, probe, 100000), std::nullopt);
}

// Out-of-range ports are named.
TEST(PortScheme, OutOfRangeIsNamed) {
    const auto problem = findOutOfRange(plannedPorts({"eu-west-1"}, 60000, false));
    ASSERT_TRUE(problem.has_value());
    EXPECT_NE(problem->find("eu-west-1"), std::string::npos);
}

// The host probe reports a port held by a listening socket as busy, and free once it is closed.
TEST(PortScheme, HostProbeSeesBoundPort) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    const int port = ntohs(addr.sin_port);
    EXPECT_FALSE(isPortFreeOnHost(Protocol::Tcp, port));
    ::close(fd);
    EXPECT_TRUE(isPortFreeOnHost(Protocol::Tcp, port));
}

}  // namespace
}  // namespace mmo::regions
