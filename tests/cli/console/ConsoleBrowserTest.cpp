// `mmoctl console` in Debian's headless chromium against a real three-region set started by the real
// mmoctl through the chaos link proxy (`up --wan`): the page loads without console errors and shows three
// region cards; a block placed through REST in eu appears on all three maps within 5 s; while ap is
// partitioned a block placed in eu is outlined as a disagreement on ap's map and the matrix shows ap's lag,
// both clear after `chaos heal`; a stopped region's card says it is down; with NATS down the page keeps
// working. Screenshots (PNG) go to
// <build>/test-artifacts/console.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/HeadlessChromium.hpp"
#include "tests/support/TestArtifacts.hpp"
#include "tests/support/Waiting.hpp"

namespace {

using namespace std::chrono_literals;
using mmo::test::HeadlessChromium;
using mmo::test::MmoctlHarness;
using Attributes = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

// The attributes of every start tag `tag` in a serialized DOM.
std::vector<Attributes> tags(const std::string& dom, const std::string& tag) {
    std::vector<Attributes> found;
    const std::regex start("<" + tag + R"((\s[^>]*)?>)");
    const std::regex attribute(R"(([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)\")");
    for (auto it = std::sregex_iterator(dom.begin(), dom.end(), start); it != std::sregex_iterator(); ++it) {
        Attributes attributes;
        const std::string inside = (*it)[1];
        for (auto a = std::sregex_iterator(inside.begin(), inside.end(), attribute);
             a != std::sregex_iterator(); ++a)
            attributes[(*a)[1]] = (*a)[2];
        found.push_back(std::move(attributes));
    }
    return found;
}

// The tag `tag` of class `cls` whose data-region is `region` (empty when there is none).
Attributes regionTag(const std::string& dom, const std::string& tag, const std::string& cls,
                     const std::string& region) {
    for (auto& t : tags(dom, tag))
        if (t["class"] == cls && t["data-region"] == region) return t;
    return {};
}

Attributes body(const std::string& dom) {
    const auto all = tags(dom, "body");
    return all.empty() ? Attributes{} : all.front();
}

Attributes matrixCell(const std::string& dom, const std::string& source, const std::string& destination) {
    for (auto& t : tags(dom, "td"))
        if (t["data-source"] == source && t["data-destination"] == destination) return t;
    return {};
}

class ConsoleBrowserTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!HeadlessChromium::available()) GTEST_SKIP() << HeadlessChromium::unavailableMessage();
    }

    // A three-region set through the chaos proxy, batches flushed every 200 ms, and its console: started by
    // `up --console` (a process of the set) or by `mmoctl console` run here.
    void startSet(int offsetBase, bool consoleFromUp) {
        harness_ = std::make_unique<MmoctlHarness>(offsetBase);
        auto environment = mmo::test::ChildEnvironment::inherited();
        environment.set("GAME_SYNC_FLUSH_EVERY_SECONDS", "0.2");
        std::vector<std::string> args{"up",
                                      "--regions",
                                      "eu,us,ap",
                                      "--detach",
                                      "--wan",
                                      "0ms",
                                      "--port-offset",
                                      std::to_string(harness_->freeOffset()),
                                      harness_->stateDirArg()};
        if (consoleFromUp) args.push_back("--console");
        const auto up = harness_->run(args, 90s, environment);
        ASSERT_EQ(up.code, 0) << up.out << up.err;
        if (consoleFromUp) {
            std::smatch match;
            ASSERT_TRUE(
                std::regex_search(up.out, match, std::regex(R"(console: (http://127\.0\.0\.1:[0-9]+/))")))
                << up.out;
            url_ = match[1];
            return;
        }
        console_ = harness_->start({"console", harness_->stateDirArg()});
        ASSERT_TRUE(mmo::test::waitUntil(
            [&] {
                const auto out = console_->stdoutText();
                std::smatch match;
                if (!std::regex_search(out, match, std::regex(R"(console: (http://127\.0\.0\.1:[0-9]+/))")))
                    return false;
                url_ = match[1];
                return true;
            },
            10s))
            << console_->stdoutText() << console_->stderrText();
    }

    void TearDown() override {
        if (console_) {
            console_->sendSignal(SIGTERM);
            EXPECT_EQ(console_->waitExit(10s), 0) << console_->stderrText();
        }
    }

    // Loads the page (view around `x`, `y`) until `done` holds for its DOM or `timeout` passes; returns the
    // last DOM, and in `startedAfter` when the run that satisfied it began.
    std::string pageUntil(const std::function<bool(const std::string&)>& done,
                          std::chrono::milliseconds timeout, Clock::duration* startedAfter = nullptr,
                          Clock::time_point since = Clock::now()) {
        const auto deadline = Clock::now() + timeout;
        std::string dom;
        do {
            const auto started = Clock::now();
            dom = chromium_.dumpDom(url_ + "?x=0&y=0", 1500).dom;
            if (done(dom)) {
                if (startedAfter) *startedAfter = started - since;
                return dom;
            }
        } while (Clock::now() < deadline);
        return dom;
    }

    void placeInEu(int x, int y) {
        const auto sent = harness_->run(
            {"send-event", "--region", "eu", "--data",
             "{\"x\":" + std::to_string(x) + ",\"y\":" + std::to_string(y) + ",\"block_type\":\"stone\"}",
             harness_->stateDirArg()});
        ASSERT_EQ(sent.code, 0) << sent.out << sent.err;
    }

    void screenshot(const std::string& name) {
        const auto png = mmo::test::testArtifactDir("console") / (name + ".png");
        chromium_.screenshot(url_ + "?x=0&y=0", png, 1400, 1300, 2500);
        std::cout << "screenshot: " << png.string() << "\n";
    }

    std::unique_ptr<MmoctlHarness> harness_;
    std::unique_ptr<mmo::test::ChildProcess> console_;
    std::string url_;
    HeadlessChromium chromium_{60s};
};

const std::vector<std::string> kRegions{"eu-west-1", "us-east-1", "ap-south-1"};

bool everyMapHasBlocks(const std::string& dom, const std::string& blocks) {
    for (const auto& region : kRegions)
        if (regionTag(dom, "div", "map", region)["data-blocks"] != blocks) return false;
    return true;
}

TEST_F(ConsoleBrowserTest, ShowsTheSetAndABlockOnEveryMapAndADownRegion) {
    startSet(17100, true);
    // up --console: a process of the set that status shows and down stops.
    const auto status = harness_->run({"status", harness_->stateDirArg()});
    EXPECT_NE(status.out.find("console     pid "), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("serving yes  " + url_), std::string::npos) << status.out;
    ASSERT_TRUE(harness_->state() && harness_->state()->console);
    const int consolePid = harness_->state()->console->process.pid;
    // Loads without console errors, one card per region, every region up and ready.
    const auto first = pageUntil(
        [](const std::string& dom) {
            for (const auto& region : kRegions)
                if (regionTag(dom, "div", "card", region)["data-ready"] != "yes") return false;
            return true;
        },
        20s);
    EXPECT_TRUE(chromium_.consoleMessages().empty()) << chromium_.consoleMessages().front().text;
    EXPECT_EQ(body(first)["data-console-errors"], "0");
    EXPECT_EQ(body(first)["data-regions"], "3");
    int cards = 0;
    for (auto& t : tags(first, "div"))
        if (t["class"] == "card") ++cards;
    EXPECT_EQ(cards, 3);
    for (const auto& region : kRegions) {
        EXPECT_EQ(regionTag(first, "div", "card", region)["data-state"], "up") << region << first;
        EXPECT_EQ(regionTag(first, "div", "map", region)["data-blocks"], "0") << region;
    }

    // A block placed through REST in eu is on all three maps within 5 s.
    const auto placed = Clock::now();
    placeInEu(5, 5);
    Clock::duration after{};
    const auto shown =
        pageUntil([](const std::string& dom) { return everyMapHasBlocks(dom, "1"); }, 5s, &after, placed);
    ASSERT_TRUE(everyMapHasBlocks(shown, "1")) << shown;
    EXPECT_LE(after, 5s);
    EXPECT_EQ(body(shown)["data-disagreements"], "0");
    // The feed lists the block as applied in us, from eu (GET /api/sync/recent of every region).
    bool fed = false;
    for (auto& row : tags(shown, "tr"))
        fed = fed || (row["data-region"] == "us-east-1" && row["data-origin"] == "eu-west-1");
    EXPECT_TRUE(fed) << shown;
    EXPECT_TRUE(chromium_.consoleMessages().empty());
    screenshot("three-regions");

    // A stopped region's card says it is down; the page keeps working for the others.
    const auto state = harness_->state();
    ASSERT_TRUE(state);
    const auto* ap = mmo::cli::findRegion(*state, "ap");
    ASSERT_NE(ap, nullptr);
    ASSERT_EQ(::kill(ap->process.pid, SIGTERM), 0);
    const auto down = pageUntil(
        [](const std::string& dom) {
            return regionTag(dom, "div", "card", "ap-south-1")["data-state"] == "down";
        },
        20s);
    auto card = regionTag(down, "div", "card", "ap-south-1");
    EXPECT_EQ(card["data-state"], "down") << down;
    EXPECT_NE(down.find("down: "), std::string::npos);
    EXPECT_EQ(regionTag(down, "div", "card", "eu-west-1")["data-state"], "up");
    EXPECT_EQ(regionTag(down, "div", "map", "eu-west-1")["data-blocks"], "1");
    EXPECT_EQ(body(down)["data-console-errors"], "0");
    EXPECT_TRUE(chromium_.consoleMessages().empty());
    screenshot("region-down");

    // With NATS down the nodes still answer: the cards say so and the page keeps working.
    ASSERT_EQ(::kill(state->nats.process.pid, SIGTERM), 0);
    const auto noNats = pageUntil(
        [](const std::string& dom) {
            return regionTag(dom, "div", "card", "eu-west-1")["data-ready"] == "no" &&
                   regionTag(dom, "div", "card", "us-east-1")["data-ready"] == "no";
        },
        30s);
    EXPECT_EQ(regionTag(noNats, "div", "card", "eu-west-1")["data-state"], "up") << noNats;
    EXPECT_NE(noNats.find("not connected to NATS"), std::string::npos);
    EXPECT_NE(noNats.find("disconnected"), std::string::npos);
    EXPECT_EQ(regionTag(noNats, "div", "map", "us-east-1")["data-blocks"], "1");
    EXPECT_EQ(body(noNats)["data-console-errors"], "0");
    EXPECT_TRUE(chromium_.consoleMessages().empty());

    const auto stopped = harness_->run({"down", harness_->stateDirArg()});
    EXPECT_EQ(stopped.code, 0) << stopped.out << stopped.err;
    EXPECT_FALSE(mmo::test::pidRunning(consolePid));
}

TEST_F(ConsoleBrowserTest, APartitionShowsAsDisagreementAndLagUntilHealed) {
    startSet(17300, false);
    pageUntil([](const std::string& dom) { return body(dom)["data-regions-up"] == "3"; }, 20s);
    const auto partition = harness_->run({"chaos", "partition", "--region", "ap", harness_->stateDirArg()});
    ASSERT_EQ(partition.code, 0) << partition.out << partition.err;
    placeInEu(6, 6);
    const auto split = pageUntil(
        [](const std::string& dom) {
            return body(dom)["data-disagree-cells"] == "6,6" &&
                   regionTag(dom, "div", "map", "ap-south-1")["data-disagreements"] == "1" &&
                   matrixCell(dom, "eu-west-1", "ap-south-1")["data-lag"] == "behind" &&
                   regionTag(dom, "div", "map", "us-east-1")["data-blocks"] == "1";
        },
        20s);
    EXPECT_EQ(body(split)["data-disagree-cells"], "6,6") << split;
    EXPECT_EQ(regionTag(split, "div", "map", "ap-south-1")["data-blocks"], "0");
    EXPECT_EQ(regionTag(split, "div", "map", "ap-south-1")["data-disagreements"], "1");
    auto lag = matrixCell(split, "eu-west-1", "ap-south-1");
    EXPECT_EQ(lag["data-lag"], "behind");
    EXPECT_GE(std::stoi(lag["data-lag-batches"].empty() ? "0" : lag["data-lag-batches"]), 1);
    EXPECT_EQ(matrixCell(split, "eu-west-1", "us-east-1")["data-lag-batches"], "0");
    screenshot("partitioned");

    const auto heal = harness_->run({"chaos", "heal", harness_->stateDirArg()});
    ASSERT_EQ(heal.code, 0) << heal.out << heal.err;
    const auto healed = pageUntil(
        [](const std::string& dom) {
            return body(dom)["data-disagreements"] == "0" && body(dom)["data-max-lag"] == "0" &&
                   everyMapHasBlocks(dom, "1");
        },
        30s);
    EXPECT_EQ(body(healed)["data-disagreements"], "0") << healed;
    EXPECT_EQ(body(healed)["data-max-lag"], "0");
    EXPECT_EQ(matrixCell(healed, "eu-west-1", "ap-south-1")["data-lag"], "none");
    EXPECT_EQ(body(healed)["data-console-errors"], "0");
    screenshot("healed");
}

}  // namespace
