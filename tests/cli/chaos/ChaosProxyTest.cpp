// The real `mmoctl chaos serve` between a TCP client and a real echo server: announced ports, latency,
// jitter without reordering, the rate cap, bounded queues, blackhole and reset partitions, --for, and the
// control commands' errors. The figures it measures are printed (docs/chaos.md quotes them).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/cli/chaos/EchoServer.hpp"
#include "tests/cli/chaos/TestSocket.hpp"
#include "tests/support/ChaosProxyProcess.hpp"
#include "tests/support/HeldPort.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double millisSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class ChaosProxyTest : public ::testing::Test {
  protected:
    // A proxy with link eu-west-1 (and us-east-1) in front of the echo server, plus `extra` flags.
    ChaosProxyProcess& serve(const std::vector<std::string>& extra) {
        std::vector<std::string> args{
            "--listen=eu=0,us=0", "--upstream=127.0.0.1:" + std::to_string(echo_.port()), "--control-port=0",
            "--seed=7", "--token-file=" + (mmoctl_.dir().path() / "chaos.token").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        proxy_ = std::make_unique<ChaosProxyProcess>(mmoctl_.dir().path(), args);
        return *proxy_;
    }
    std::uint16_t eu() const { return proxy_->linkPort("eu-west-1"); }
    MmoctlResult chaos(std::vector<std::string> args) {
        args.insert(args.begin(), "chaos");
        args.push_back("--control=" + proxy_->controlUrl());
        args.push_back("--token-file=" + proxy_->tokenFile().string());
        return mmoctl_.run(args, 20s);
    }
    // The proxy's view of link eu-west-1 (GET /api/links).
    boost::json::object euLink() {
        const auto answer = httpRequest("GET", proxy_->controlPort(), "/api/links", {},
                                        {{"Authorization", "Bearer " + proxy_->token()}});
        const auto body = boost::json::parse(answer.body);
        for (const auto& link : body.at("links").as_array())
            if (link.at("region") == "eu-west-1") return link.as_object();
        return {};
    }

    EchoServer echo_;
    MmoctlHarness mmoctl_{0};
    std::unique_ptr<ChaosProxyProcess> proxy_;
};

// Every bound port is announced on stdout, and the control API answers on its port.
TEST_F(ChaosProxyTest, AnnouncesEveryBoundPort) {
    auto& proxy = serve({});
    EXPECT_NE(proxy.linkPort("eu-west-1"), 0);
    EXPECT_NE(proxy.linkPort("us-east-1"), 0);
    EXPECT_NE(proxy.linkPort("eu-west-1"), proxy.linkPort("us-east-1"));
    EXPECT_EQ(httpGet(proxy.controlPort(), "/healthz").status, 200);
    TestSocket client(eu());
    ASSERT_TRUE(client.send("hello"));
    EXPECT_EQ(client.receive(5, 2s), "hello");
}

// Configured latency is added in each direction: a round trip takes 2 x latency (lower bound exact).
TEST_F(ChaosProxyTest, LatencyIsAddedInEachDirection) {
    serve({"--wan=eu=80ms"});
    TestSocket client(eu());
    double total = 0;
    for (int i = 0; i < 5; ++i) {
        const auto start = Clock::now();
        ASSERT_TRUE(client.send("x"));
        ASSERT_EQ(client.receive(1, 5s), "x");
        const double rtt = millisSince(start);
        EXPECT_GE(rtt, 160.0);
        EXPECT_LT(rtt, 160.0 + 150.0);
        total += rtt;
    }
    std::cout << "[chaos figures] latency 80ms each way: mean round trip " << total / 5
              << " ms (ideal 160)\n";
}

// With jitter every round trip stays within 2 x (latency +- jitter), and the byte stream keeps its order.
TEST_F(ChaosProxyTest, JitterStaysInBoundsAndNeverReorders) {
    serve({"--wan=eu=50ms", "--wan-jitter=eu=30ms"});
    TestSocket client(eu());
    std::string sent;
    for (int i = 0; i < 200; ++i) {
        const auto piece = "<" + std::to_string(i) + ">";
        ASSERT_TRUE(client.send(piece));
        sent += piece;
        std::this_thread::sleep_for(1ms);  // separate reads, so chunks get different draws
    }
    EXPECT_EQ(client.receive(sent.size(), 10s), sent);
    for (int i = 0; i < 5; ++i) {
        const auto start = Clock::now();
        ASSERT_TRUE(client.send("y"));
        ASSERT_EQ(client.receive(1, 5s), "y");
        const double rtt = millisSince(start);
        EXPECT_GE(rtt, 40.0);
        EXPECT_LT(rtt, 160.0 + 150.0);
    }
}

// The rate cap holds for a bulk transfer (both directions capped, pipelined), within 15%.
TEST_F(ChaosProxyTest, RateCapHolds) {
    serve({"--wan-rate=eu=1600kbit"});  // 200 KB/s
    TestSocket client(eu());
    const std::string payload(600'000, 'r');
    const auto start = Clock::now();
    std::thread writer([&] { client.send(payload); });
    const auto echoed = client.receive(payload.size(), 20s);
    const double seconds = millisSince(start) / 1000.0;
    writer.join();
    ASSERT_TRUE(echoed);
    const double kbit = static_cast<double>(payload.size()) * 8 / seconds / 1000;
    std::cout << "[chaos figures] rate 1600kbit: " << payload.size() << " bytes echoed in " << seconds
              << " s = " << kbit << " kbit/s\n";
    EXPECT_GT(kbit, 1600 * 0.85);
    EXPECT_LT(kbit, 1600 * 1.10);
}

// A slow link never holds more than --queue-limit per direction: the sender is pushed back instead.
TEST_F(ChaosProxyTest, QueueStaysBoundedUnderBackpressure) {
    serve({"--wan-rate=eu=80kbit", "--queue-limit=64KiB"});
    TestSocket client(eu());
    const std::string payload(2u << 20, 'q');
    std::thread writer([&] { client.send(payload); });
    std::optional<std::string> echoed;
    std::thread reader([&] { echoed = client.receive(payload.size(), 60s); });
    std::uint64_t maxQueued = 0;
    for (int i = 0; i < 20; ++i) {
        const auto link = euLink();
        maxQueued = std::max({maxQueued, link.at("queued_up").to_number<std::uint64_t>(),
                              link.at("queued_down").to_number<std::uint64_t>()});
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_GT(maxQueued, 0u);
    EXPECT_LE(maxQueued, 64u * 1024);
    EXPECT_LT(euLink().at("bytes_up").to_number<std::uint64_t>(), payload.size() / 4);
    ASSERT_EQ(chaos({"set", "--region=eu", "--rate=unlimited"}).code, 0);  // let it drain
    writer.join();
    reader.join();
    EXPECT_EQ(echoed, payload);
}

// Blackhole: nothing moves either way, new connections are held too; heal releases all of it in order.
TEST_F(ChaosProxyTest, BlackholeHoldsDataAndReleasesItOnHeal) {
    serve({});
    TestSocket client(eu());
    ASSERT_TRUE(client.send("ping"));
    ASSERT_EQ(client.receive(4, 2s), "ping");

    const auto cut = chaos({"partition", "--region=eu"});
    ASSERT_EQ(cut.code, 0) << cut.err;
    EXPECT_NE(cut.out.find("partitioned (blackhole) until healed"), std::string::npos) << cut.out;
    ASSERT_TRUE(client.send("held"));
    TestSocket late(eu());  // accepted and held as well
    ASSERT_TRUE(late.send("late"));
    EXPECT_FALSE(client.receive(4, 500ms));
    EXPECT_FALSE(late.receive(4, 100ms));
    const auto link = euLink();
    EXPECT_EQ(link.at("partition").at("mode"), "blackhole");
    EXPECT_EQ(link.at("connections").to_number<int>(), 2);

    const auto heal = chaos({"heal", "--region=eu"});
    ASSERT_EQ(heal.code, 0) << heal.err;
    EXPECT_EQ(client.receive(4, 5s), "held");
    EXPECT_EQ(late.receive(4, 5s), "late");
    EXPECT_TRUE(euLink().at("partition").is_null());
}

// Reset: every connection of the region is reset at once, new ones are reset until healed; then it works.
TEST_F(ChaosProxyTest, ResetDropsConnectionsAndRefusesNewOnes) {
    serve({});
    TestSocket client(eu());
    ASSERT_TRUE(client.send("ping"));
    ASSERT_EQ(client.receive(4, 2s), "ping");
    TestSocket other(proxy_->linkPort("us-east-1"));  // another region is not touched

    ASSERT_EQ(chaos({"partition", "--region=eu", "--mode=reset"}).code, 0);
    EXPECT_EQ(client.waitForEnd(2s), TestSocket::End::Reset);
    TestSocket refused(eu());
    EXPECT_NE(refused.waitForEnd(2s), TestSocket::End::Open);
    EXPECT_EQ(euLink().at("connections_refused").to_number<int>(), 1);
    ASSERT_TRUE(other.send("us"));
    EXPECT_EQ(other.receive(2, 2s), "us");

    ASSERT_EQ(chaos({"heal"}).code, 0);
    TestSocket again(eu());
    ASSERT_TRUE(again.send("back"));
    EXPECT_EQ(again.receive(4, 2s), "back");
}

// --for heals by itself: the command returns at once, the held bytes arrive after the partition ends.
TEST_F(ChaosProxyTest, PartitionForHealsByItself) {
    serve({});
    TestSocket client(eu());
    const auto start = Clock::now();
    const auto cut = chaos({"partition", "--region=eu", "--for=1s"});
    ASSERT_EQ(cut.code, 0) << cut.err;
    EXPECT_LT(millisSince(start), 1000.0);
    EXPECT_NE(cut.out.find("partitioned (blackhole) until 20"), std::string::npos) << cut.out;
    ASSERT_TRUE(client.send("auto"));
    EXPECT_FALSE(client.receive(4, 300ms));
    EXPECT_EQ(client.receive(4, 5s), "auto");
    EXPECT_GE(millisSince(start), 1000.0);
    EXPECT_TRUE(euLink().at("partition").is_null());
}

// set changes a link's shape at run time, and status shows it.
TEST_F(ChaosProxyTest, SetChangesTheShapeAndStatusShowsIt) {
    serve({});
    const auto set = chaos({"set", "--region=eu", "--latency=60ms", "--jitter=5ms", "--rate=2mbit"});
    ASSERT_EQ(set.code, 0) << set.err;
    EXPECT_NE(set.out.find("eu-west-1: latency 60ms, jitter 5ms, rate 2mbit, connected"), std::string::npos)
        << set.out;
    const auto status = chaos({"status"});
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_NE(status.out.find("2mbit"), std::string::npos) << status.out;
    const auto json = chaos({"status", "--json"});
    const auto links = boost::json::parse(json.out).at("links").as_array();
    EXPECT_EQ(links.at(0).at("latency_ms").to_number<int>(), 60);
    TestSocket client(eu());
    const auto start = Clock::now();
    ASSERT_TRUE(client.send("z"));
    ASSERT_EQ(client.receive(1, 5s), "z");
    EXPECT_GE(millisSince(start), 2 * 55.0);
}

// An upstream that refuses: the client is closed (a NATS client then reconnects), the proxy stays up.
TEST_F(ChaosProxyTest, UnreachableUpstreamClosesTheClient) {
    std::uint16_t closedPort = 0;
    {
        const HeldPort once(HeldPort::Kind::Tcp);  // a port the OS gave out and took back: nobody listens
        closedPort = once.port();
    }
    proxy_ = std::make_unique<ChaosProxyProcess>(
        mmoctl_.dir().path(),
        std::vector<std::string>{"--listen=eu=0", "--upstream=127.0.0.1:" + std::to_string(closedPort),
                                 "--control-port=0"});
    TestSocket client(eu());
    EXPECT_NE(client.waitForEnd(5s), TestSocket::End::Open);
    EXPECT_TRUE(proxy_->process().running());
}

// Control errors: unknown region and bad values are usage errors (2); no proxy to talk to is 3.
TEST_F(ChaosProxyTest, ControlErrorsHaveTheirExitCodes) {
    serve({});
    const auto unknown = chaos({"partition", "--region=mars"});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("no link for region \"mars\"; the links are: eu-west-1, us-east-1"),
              std::string::npos)
        << unknown.err;
    const auto nothing = chaos({"set", "--region=eu"});
    EXPECT_EQ(nothing.code, 2);
    EXPECT_NE(nothing.err.find("give at least one of --latency, --jitter, --rate"), std::string::npos);
    const auto badRate = chaos({"set", "--region=eu", "--rate=512kbps"});
    EXPECT_EQ(badRate.code, 2);
    EXPECT_NE(badRate.err.find("\"bps\" is ambiguous"), std::string::npos) << badRate.err;
    const auto badMode = chaos({"partition", "--region=eu", "--mode=drop"});
    EXPECT_EQ(badMode.code, 2);

    const auto noSet = mmoctl_.run({"chaos", "status", mmoctl_.stateDirArg()});
    EXPECT_EQ(noSet.code, 3);
    EXPECT_NE(noSet.err.find("no running set"), std::string::npos) << noSet.err;
    proxy_->process().sendSignal(SIGTERM);
    EXPECT_EQ(proxy_->process().waitExit(5s), 0);
    const auto gone = chaos({"status"});
    EXPECT_EQ(gone.code, 3);
    EXPECT_NE(gone.err.find("cannot reach the chaos proxy at"), std::string::npos) << gone.err;
}

// serve refuses bad flags (2) and a taken port (3), naming them.
TEST_F(ChaosProxyTest, ServeRefusesBadFlagsAndTakenPorts) {
    const auto badListen = mmoctl_.run({"chaos", "serve", "--listen=eu=abc", "--upstream=127.0.0.1:4222"});
    EXPECT_EQ(badListen.code, 2);
    EXPECT_NE(badListen.err.find("--listen: \"eu=abc\""), std::string::npos) << badListen.err;
    const auto badWan =
        mmoctl_.run({"chaos", "serve", "--listen=eu=0", "--upstream=127.0.0.1:4222", "--wan=us=5ms"});
    EXPECT_EQ(badWan.code, 2);
    EXPECT_NE(badWan.err.find("region \"us\" is not one of the regions (eu-west-1)"), std::string::npos)
        << badWan.err;
    HeldPort held(HeldPort::Kind::Tcp);
    const auto taken = mmoctl_.run(
        {"chaos", "serve", "--listen=eu=" + std::to_string(held.port()), "--upstream=127.0.0.1:4222"}, 10s);
    EXPECT_EQ(taken.code, 3);
    EXPECT_NE(taken.err.find("address already in use"), std::string::npos) << taken.err;
}

}  // namespace
}  // namespace mmo::test
