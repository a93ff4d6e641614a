// Which addresses a set started by the real `mmoctl up` listens on (issue 16 item 11): 127.0.0.1 unless
// --bind asks for every address, with the guide's ports either way; `config generate --hosts` keeps
// binding every address, which the hosts of a deployment need. docs/security.md, "Files, secrets on disk
// and mmoctl".
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "common/regions/PortScheme.hpp"
#include "tests/cli/MmoctlHarness.hpp"

namespace mmo::test {
namespace {

namespace fs = std::filesystem;

// The local IPv4 addresses (as /proc/net prints them, 8 hex digits) of the sockets in `table`
// (/proc/net/tcp or udp) bound to `port` in `state` (0A: TCP listen, 07: UDP unconnected).
std::set<std::string> boundAddresses(const char* table, int port, const char* state) {
    std::set<std::string> addresses;
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, st;
        fields >> slot >> local >> remote >> st;
        const auto colon = local.find(':');
        if (colon == std::string::npos || st != state) continue;
        if (std::stoi(local.substr(colon + 1), nullptr, 16) == port) addresses.insert(local.substr(0, colon));
    }
    return addresses;
}

constexpr const char* kLoopback = "0100007F";  // 127.0.0.1 in /proc/net's byte order
constexpr const char* kAnyAddress = "00000000";
constexpr const char* kAnyAddress6 = "00000000000000000000000000000000";  // [::] (nats-server's 0.0.0.0)

// TCP listeners on port, IPv4 and IPv6; [::] (dual stack: every address) is reported as 0.0.0.0.
std::set<std::string> tcpListeners(int port) {
    auto addresses = boundAddresses("/proc/net/tcp", port, "0A");
    for (const auto& address : boundAddresses("/proc/net/tcp6", port, "0A"))
        addresses.insert(address == kAnyAddress6 ? kAnyAddress : address);
    return addresses;
}

// An IPv4 address of this host that is not loopback, if it has one.
std::optional<in_addr> outsideAddress() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return std::nullopt;
    std::optional<in_addr> found;
    for (auto* it = list; it && !found; it = it->ifa_next)
        if (it->ifa_addr && it->ifa_addr->sa_family == AF_INET) {
            const auto address = reinterpret_cast<sockaddr_in*>(it->ifa_addr)->sin_addr;
            if ((ntohl(address.s_addr) >> 24) != 127) found = address;
        }
    ::freeifaddrs(list);
    return found;
}

// True when a TCP connection to address:port is accepted.
bool connects(in_addr address, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(static_cast<std::uint16_t>(port));
    target.sin_addr = address;
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0;
    ::close(fd);
    return ok;
}

std::string fileText(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// By default every port of the set (the node's four, NATS client and monitoring) is bound to 127.0.0.1
// only, on the guide's numbers plus the offset: another host cannot reach any of them.
TEST(MmoctlUpBind, ALocalSetListensOnLoopbackOnly) {
    MmoctlHarness h(15500);
    const int offset = h.freeOffset(1);
    const auto up =
        h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), "--port-offset=" + std::to_string(offset)});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    EXPECT_NE(up.out.find("listening on 127.0.0.1 (this host only"), std::string::npos) << up.out;
    const auto node = regions::portsForRegion(0, offset);
    const auto nats = regions::natsPorts(offset);
    EXPECT_EQ(node.rest, 8088 + offset);
    EXPECT_EQ(nats.client, 4222 + offset);
    const std::set<std::string> loopbackOnly{kLoopback};
    for (const int port : {node.tcp, node.rest, node.metrics, nats.client, nats.monitoring})
        EXPECT_EQ(tcpListeners(port), loopbackOnly) << "port " << port;
    EXPECT_EQ(boundAddresses("/proc/net/udp", node.udp, "07"), loopbackOnly);
    EXPECT_NE(fileText(h.stateDir() / "configs" / "config-eu-west-1.yml").find("host: \"127.0.0.1\""),
              std::string::npos);
    if (const auto outside = outsideAddress()) {
        EXPECT_FALSE(connects(*outside, node.rest)) << "REST answered on a non-loopback address";
        EXPECT_FALSE(connects(*outside, nats.client)) << "NATS answered on a non-loopback address";
    }
}

// --bind 0.0.0.0 asks for every address (nodes and NATS); other addresses are refused (exit 2).
TEST(MmoctlUpBind, BindAnyIsOnRequestAndOtherAddressesAreRefused) {
    MmoctlHarness h(15600);
    const auto refused = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), "--bind=10.9.8.7"});
    EXPECT_EQ(refused.code, 2) << refused.err;
    EXPECT_NE(refused.err.find("--bind: \"10.9.8.7\" is not supported"), std::string::npos) << refused.err;
    EXPECT_FALSE(h.state());

    const int offset = h.freeOffset(1);
    const auto up = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), "--bind=0.0.0.0",
                           "--port-offset=" + std::to_string(offset)});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    const auto node = regions::portsForRegion(0, offset);
    const auto nats = regions::natsPorts(offset);
    const std::set<std::string> any{kAnyAddress};
    for (const int port : {node.tcp, node.rest, node.metrics, nats.client, nats.monitoring})
        EXPECT_EQ(tcpListeners(port), any) << "port " << port;
    ASSERT_TRUE(h.state());
    EXPECT_EQ(h.state()->bindAddress, "0.0.0.0");
}

// A deployment's node configs keep binding every address: the hosts serve players and their peers.
TEST(MmoctlUpBind, DeploymentConfigsBindEveryAddress) {
    MmoctlHarness h(15700);
    const auto out = h.dir().path() / "deploy";
    const auto generated = h.run({"config", "generate", "--regions=eu,us,ap",
                                  "--hosts=eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net",
                                  "--nats-cluster", "--out=" + out.string(), "--etc-dir=" + out.string(),
                                  "--var-dir=" + (h.dir().path() / "var").string()});
    ASSERT_EQ(generated.code, 0) << generated.out << generated.err;
    int nodeConfigs = 0;
    for (const auto& entry : fs::directory_iterator(out)) {
        const auto text = fileText(entry.path());
        if (text.find("\nserver:\n") == std::string::npos) continue;
        ++nodeConfigs;
        EXPECT_NE(text.find("host: \"0.0.0.0\""), std::string::npos) << entry.path();
    }
    EXPECT_EQ(nodeConfigs, 3);
}

}  // namespace
}  // namespace mmo::test
