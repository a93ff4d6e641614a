#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {

using testing::errorOf;
using ::testing::HasSubstr;
using testing::requestFor;

std::string problemsOf(std::map<std::string, std::string> env) {
    const auto error = errorOf(requestFor(std::nullopt, std::move(env)));
    std::string text;
    for (const auto& problem : error.problems()) text += problem.format() + "\n";
    return text;
}

TEST(CheckpointConfig, DefaultsAndEnvNames) {
    const auto defaults = loadConfig(requestFor(std::nullopt)).config.checkpoint;
    EXPECT_TRUE(defaults.enabled);
    EXPECT_EQ(defaults.every_seconds, 60);
    const auto set = loadConfig(requestFor(std::nullopt, {{"GAME_CHECKPOINT_ENABLED", "false"},
                                                          {"GAME_CHECKPOINT_EVERY_SECONDS", "5"}}))
                         .config.checkpoint;
    EXPECT_FALSE(set.enabled);
    EXPECT_EQ(set.every_seconds, 5);
}

// An interval that lets the stream drop what the last round covered is refused, naming both keys and
// the largest safe value.
TEST(CheckpointConfig, IntervalMustStayWellUnderTheRetention) {
    const auto text =
        problemsOf({{"GAME_CHECKPOINT_EVERY_SECONDS", "1000"}, {"GAME_EVENTBUS_RETENTION_HOURS", "1"}});
    EXPECT_THAT(
        text,
        HasSubstr(
            "checkpoint.every_seconds is 1000 s but eventbus.retention_hours keeps batches for 3600 s"));
    EXPECT_THAT(text,
                HasSubstr("set checkpoint.every_seconds to at most 900 or raise eventbus.retention_hours"));
    EXPECT_NO_THROW(loadConfig(requestFor(
        std::nullopt, {{"GAME_CHECKPOINT_EVERY_SECONDS", "900"}, {"GAME_EVENTBUS_RETENTION_HOURS", "1"}})));
    // Disabled checkpoints have no interval to check.
    EXPECT_NO_THROW(loadConfig(requestFor(std::nullopt, {{"GAME_CHECKPOINT_EVERY_SECONDS", "1000"},
                                                         {"GAME_EVENTBUS_RETENTION_HOURS", "1"},
                                                         {"GAME_CHECKPOINT_ENABLED", "off"}})));
}

}  // namespace
}  // namespace mmo::config
