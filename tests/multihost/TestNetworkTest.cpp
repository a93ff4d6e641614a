// TestNetwork and NetworkNamespace themselves: hosts reach each other through the bridge and nothing else,
// links are shaped, and nothing is left behind: not on destruction, not when construction throws, and
// not from a crashed earlier run (removeStale). Skipped without root, `ip` or netns support.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <regex>

#include "tests/support/ChildProcess.hpp"
#include "tests/support/NetworkNamespace.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/TestNetwork.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;

class TestNetworkTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (const auto reason = netns::unavailableReason(); !reason.empty())
            GTEST_SKIP() << "multi-host test skipped: " << reason;
    }
};

// A listening TCP socket on 0.0.0.0 of the network stack the calling thread is in; closed on destruction.
class Listener {
  public:
    Listener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        socklen_t length = sizeof address;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(fd_, 4) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            throw std::runtime_error("listening socket");
        port_ = ntohs(address.sin_port);
    }
    ~Listener() { ::close(fd_); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    std::uint16_t port() const { return port_; }

  private:
    int fd_;
    std::uint16_t port_ = 0;
};

// True when the command's output has `name` not next to another digit (mmh12 is not mmh123's).
bool listed(const std::vector<std::string>& command, const std::string& name) {
    return std::regex_search(netns::runOrThrow(command), std::regex("(^|\\D)" + name + "(\\D|$)"));
}

std::string ipBinary() {
    return std::filesystem::exists("/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip";
}

TEST_F(TestNetworkTest, HostsReachEachOtherThroughTheBridgeOnly) {
    TestNetwork network({"eu", "us"});
    std::unique_ptr<Listener> listener;  // opened in us's stack
    network.host("us").run([&] { listener = std::make_unique<Listener>(); });
    bool fromEu = false;
    bool euLoopback = true;
    network.host("eu").run([&] {
        fromEu = tcpPortAccepts(network.address("us"), listener->port());
        euLoopback = tcpPortAccepts("127.0.0.1", listener->port());
    });
    EXPECT_TRUE(fromEu) << "eu does not reach " << network.address("us");
    EXPECT_FALSE(euLoopback) << "eu's loopback is us's";
    EXPECT_FALSE(tcpPortAccepts("127.0.0.1", listener->port())) << "the test's own stack has us's port";
    // Both ends of each host's link are shaped.
    const auto tag = std::string(TestNetwork::namePrefix()) + std::to_string(::getpid());
    EXPECT_TRUE(listed({"tc", "qdisc", "show", "dev", tag + "v1"}, "tbf"));
    EXPECT_TRUE(listed(
        {"ip", "netns", "exec", network.host("eu").name(), "tc", "qdisc", "show", "dev", "eth0"}, "tbf"));
}

TEST_F(TestNetworkTest, DestructionKillsItsProcessesAndRemovesNamespacesAndLinks) {
    TempDir dir("mmo-netns");
    std::unique_ptr<ChildProcess> sleeper;  // outlives the network: the network must kill it
    std::string name;
    {
        TestNetwork network({"eu"});
        name = network.host("eu").name();
        auto args = network.host("eu").execPrefix();
        args.insert(args.end(), {"sleep", "300"});
        sleeper = std::make_unique<ChildProcess>(ipBinary(), args, ChildEnvironment::inherited(), dir.path());
        ASSERT_TRUE(waitUntil(
            [&] {
                return listed({"ip", "netns", "pids", name}, std::to_string(sleeper->pid()));
            },
            5s));
    }
    EXPECT_TRUE(sleeper->waitExit(10s).has_value()) << "the process in the namespace still runs";
    const auto tag = std::string(TestNetwork::namePrefix()) + std::to_string(::getpid());
    EXPECT_FALSE(listed({"ip", "netns", "list"}, tag));
    EXPECT_FALSE(listed({"ip", "-o", "link", "show"}, tag));
}

TEST_F(TestNetworkTest, AFailedConstructionLeavesNothing) {
    EXPECT_THROW(TestNetwork({"eu", "eu"}), std::runtime_error);  // the second `ip netns add` fails
    const auto tag = std::string(TestNetwork::namePrefix()) + std::to_string(::getpid());
    EXPECT_FALSE(listed({"ip", "netns", "list"}, tag));
    EXPECT_FALSE(listed({"ip", "-o", "link", "show"}, tag));
}

// Ended, or a zombie nobody reaped yet (a process whose parent died is reaped by init in its own time).
bool processGone(long pid) {
    const auto stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    return stat.empty() || (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z');
}

TEST_F(TestNetworkTest, ANewNetworkRemovesWhatACrashedRunLeft) {
    // A run that is killed (SIGKILL) after it made its namespace, with a process in it, and its bridge.
    TempDir dir("mmo-netns");
    const std::string prefix = TestNetwork::namePrefix();
    ChildProcess crashing(
        "/bin/sh",
        {"-c", "ip netns add " + prefix + "$$-eu && ip link add " + prefix +
                   "$$br type bridge && ip netns exec " + prefix + "$$-eu sleep 300 & exec sleep 300"},
        ChildEnvironment::inherited(), dir.path());
    const auto tag = prefix + std::to_string(crashing.pid());
    std::string orphan;
    ASSERT_TRUE(waitUntil(
        [&] {
            orphan = netns::runOrThrow({"sh", "-c", "ip netns pids " + tag + "-eu 2>/dev/null || true"});
            return !orphan.empty() && listed({"ip", "-o", "link", "show"}, tag + "br");
        },
        10s))
        << crashing.stderrText();
    crashing.sendSignal(SIGKILL);
    ASSERT_TRUE(crashing.waitExit(10s).has_value());  // reaped: its process id no longer exists
    {
        TestNetwork network({"us"});
        EXPECT_TRUE(waitUntil([&] { return processGone(std::stol(orphan)); }, 10s))
            << "the crashed run's process still runs";
        EXPECT_FALSE(listed({"ip", "netns", "list"}, tag));
        EXPECT_FALSE(listed({"ip", "-o", "link", "show"}, tag));
    }
    netns::runQuietly({"ip", "netns", "del", tag + "-eu"});  // only if the test failed
    netns::runQuietly({"ip", "link", "del", tag + "br"});
}

}  // namespace
}  // namespace mmo::test
