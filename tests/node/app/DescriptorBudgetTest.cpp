#include <gtest/gtest.h>

#include "node/app/DescriptorBudget.hpp"

namespace mmo::node {
namespace {

config::NodeConfig defaults() {
    return config::NodeConfig{};  // game 10000, HTTP 1024 per port, reserve 128
}

// Limits that fit are kept, without a warning.
TEST(DescriptorBudget, LimitsThatFitAreKept) {
    const auto config = defaults();
    EXPECT_EQ(descriptorsNeeded(config), 10000u + 32u + 2 * 1024u + 128u);
    const auto budget = planDescriptorBudget(config, {1u << 20, 1u << 20, 1024});
    EXPECT_EQ(budget.gameConnections, 10000u);
    EXPECT_EQ(budget.httpConnections, 1024u);
    EXPECT_TRUE(budget.warnings.empty());
}

// The common limit of 1024: the game gets what the reserve and the HTTP ports leave, with a warning that
// names every key and number.
TEST(DescriptorBudget, TheGameYieldsToTheReserveAndHttp) {
    const auto budget = planDescriptorBudget(defaults(), {1024, 1024, 1024});
    EXPECT_EQ(budget.httpConnections, (1024u - 128u) / 4);
    EXPECT_EQ(budget.gameConnections, 1024u - 128u - 2 * budget.httpConnections - 32u);
    EXPECT_LE(
        budget.gameConnections + DescriptorBudget::kGameRefusalsInFlight + 2 * budget.httpConnections + 128u,
        1024u);
    ASSERT_EQ(budget.warnings.size(), 1u);
    const auto& warning = budget.warnings.front();
    for (const std::string part :
         {"1024 (hard limit 1024)", "game.max_connections 10000", "server.http_max_connections 1024",
          "server.reserved_file_descriptors 128", "32 game refusals in flight", "need 12208",
          "serving at most 416 game connections", "and 224 connections per HTTP port", "ulimit -n"})
        EXPECT_NE(warning.find(part), std::string::npos) << part << " in: " << warning;
}

// Small configured HTTP limits stay as they are; only the game is lowered.
TEST(DescriptorBudget, SmallHttpLimitsAreKept) {
    auto config = defaults();
    config.server.http_max_connections = 50;
    const auto budget = planDescriptorBudget(config, {1024, 4096, 1024});
    EXPECT_EQ(budget.httpConnections, 50u);
    EXPECT_EQ(budget.gameConnections, 1024u - 128u - 100u - 32u);
    ASSERT_EQ(budget.warnings.size(), 1u);
    EXPECT_EQ(budget.warnings.front().find("per HTTP port"), std::string::npos);
}

// A limit below the reserve still leaves every listener one connection (the node starts, and warns).
TEST(DescriptorBudget, NeverZero) {
    const auto budget = planDescriptorBudget(defaults(), {64, 64, 64});
    EXPECT_EQ(budget.gameConnections, 1u);
    EXPECT_EQ(budget.httpConnections, 1u);
    EXPECT_EQ(budget.warnings.size(), 1u);
}

}  // namespace
}  // namespace mmo::node
