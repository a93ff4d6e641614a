// Issue 17 item 12: every limit of docs/protocol.md section 6 that names a config key is a real key, with
// its env name, its line in --print-config, and a clear refusal of bad values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {

using testing::errorOf;
using testing::errorOfText;
using ::testing::HasSubstr;
using testing::requestFor;

std::string problemsOf(const ConfigError& error) {
    std::string text;
    for (const auto& problem : error.problems()) text += problem.format() + "\n";
    return text;
}

// The keys docs/protocol.md names in section 6 ("Limits"); each must be known to the loader.
TEST(GameConfig, EveryDocumentedLimitIsAKey) {
    const auto keys = allConfigKeys();
    for (const char* key :
         {"game.max_frame_bytes", "game.actions_per_second", "game.action_burst", "game.frames_per_second",
          "game.frame_burst", "game.max_connections", "game.max_connections_per_address",
          "game.idle_timeout_seconds", "game.max_area_side", "game.position_hz",
          "game.udp_challenges_per_second", "game.nearby_radius", "game.allow_guests", "game.max_chat_bytes",
          "game.snapshot_bytes_per_second", "game.snapshot_burst_bytes"})
        EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
}

TEST(GameConfig, DefaultsFileAndEnvNames) {
    const auto defaults = loadConfig(requestFor(std::nullopt)).config.game;
    EXPECT_EQ(defaults.frames_per_second, 200);
    EXPECT_EQ(defaults.frame_burst, 400);
    EXPECT_EQ(defaults.nearby_radius, 64);
    EXPECT_EQ(defaults.max_chat_bytes, 256);

    const auto fromFile =
        testing::loadText(
            "game: {frames_per_second: 50, frame_burst: 60, nearby_radius: 10, max_chat_bytes: 8}\n")
            .config.game;
    EXPECT_EQ(fromFile.frames_per_second, 50);
    EXPECT_EQ(fromFile.frame_burst, 60);
    EXPECT_EQ(fromFile.nearby_radius, 10);
    EXPECT_EQ(fromFile.max_chat_bytes, 8);

    const auto loaded = loadConfig(requestFor(std::nullopt, {{"GAME_GAME_FRAMES_PER_SECOND", "300"},
                                                             {"GAME_GAME_FRAME_BURST", "500"},
                                                             {"GAME_GAME_NEARBY_RADIUS", "100"},
                                                             {"GAME_GAME_MAX_CHAT_BYTES", "512"}}));
    EXPECT_EQ(loaded.config.game.frames_per_second, 300);
    EXPECT_EQ(loaded.config.game.frame_burst, 500);
    EXPECT_EQ(loaded.config.game.nearby_radius, 100);
    EXPECT_EQ(loaded.config.game.max_chat_bytes, 512);
    const auto printed = renderEffectiveConfig(loaded);
    EXPECT_THAT(printed, HasSubstr("  frames_per_second: 300  # env GAME_GAME_FRAMES_PER_SECOND\n"));
    EXPECT_THAT(printed, HasSubstr("  frame_burst: 500  # env GAME_GAME_FRAME_BURST\n"));
    EXPECT_THAT(printed, HasSubstr("  nearby_radius: 100  # env GAME_GAME_NEARBY_RADIUS\n"));
    EXPECT_THAT(printed, HasSubstr("  max_chat_bytes: 512  # env GAME_GAME_MAX_CHAT_BYTES\n"));
}

// Out-of-range values name the key, the accepted range and the value given.
TEST(GameConfig, BadValuesAreRefused) {
    const auto text = problemsOf(errorOfText(
        "game:\n  frames_per_second: 0\n  frame_burst: -1\n  nearby_radius: lots\n  max_chat_bytes: 513\n"));
    EXPECT_THAT(text, HasSubstr("game.frames_per_second: expected an integer from 1 to 1000000, got \"0\""));
    EXPECT_THAT(text, HasSubstr("game.frame_burst: expected an integer from 1 to 10000000, got \"-1\""));
    EXPECT_THAT(text, HasSubstr("game.nearby_radius: expected an integer from 1 to 1000000, got \"lots\""));
    EXPECT_THAT(text, HasSubstr("game.max_chat_bytes: expected an integer from 1 to 512, got \"513\""));
}

// A frame budget below the action budget would close, as a flood, a player that keeps to the action
// budget: refused, naming both keys and the fix.
TEST(GameConfig, FrameBudgetMustCoverTheActionBudget) {
    const auto text = problemsOf(errorOf(
        requestFor(std::nullopt, {{"GAME_GAME_FRAMES_PER_SECOND", "10"}, {"GAME_GAME_FRAME_BURST", "30"}})));
    EXPECT_THAT(text, HasSubstr("game.frames_per_second is 10 but game.actions_per_second is 20; a player "
                                "keeping to the action budget would be closed as a flood"));
    EXPECT_THAT(text,
                HasSubstr("raise game.frames_per_second to at least 20 or lower game.actions_per_second"));
    EXPECT_THAT(text, HasSubstr("game.frame_burst is 30 but game.action_burst is 40"));
    // A frame key that is set must cover its action key.
    EXPECT_THAT(problemsOf(errorOf(requestFor(std::nullopt, {{"GAME_GAME_ACTIONS_PER_SECOND", "500"},
                                                             {"GAME_GAME_FRAMES_PER_SECOND", "300"}}))),
                HasSubstr("game.frames_per_second is 300 but game.actions_per_second is 500"));
    EXPECT_NO_THROW(loadConfig(requestFor(
        std::nullopt, {{"GAME_GAME_ACTIONS_PER_SECOND", "500"}, {"GAME_GAME_FRAMES_PER_SECOND", "500"}})));
    EXPECT_NO_THROW(loadConfig(
        requestFor(std::nullopt, {{"GAME_GAME_FRAMES_PER_SECOND", "20"}, {"GAME_GAME_FRAME_BURST", "40"}})));
}

// A config written before the frame keys existed, raising only the action budget, keeps starting: frame
// keys left unset follow their action keys at 10 frames per action, as the node always did.
TEST(GameConfig, UnsetFrameKeysFollowTheActionBudget) {
    const auto raised = loadConfig(requestFor(
        std::nullopt, {{"GAME_GAME_ACTIONS_PER_SECOND", "500"}, {"GAME_GAME_ACTION_BURST", "600"}}));
    EXPECT_EQ(raised.config.game.frames_per_second, 5000);
    EXPECT_EQ(raised.config.game.frame_burst, 6000);
    // Below 20 actions per second (and a burst of 40) the defaults stay.
    const auto lowered = loadConfig(requestFor(std::nullopt, {{"GAME_GAME_ACTIONS_PER_SECOND", "5"}}));
    EXPECT_EQ(lowered.config.game.frames_per_second, 200);
    EXPECT_EQ(lowered.config.game.frame_burst, 400);
    // A set frame key is kept as given.
    const auto set = loadConfig(requestFor(
        std::nullopt, {{"GAME_GAME_ACTIONS_PER_SECOND", "500"}, {"GAME_GAME_FRAMES_PER_SECOND", "700"}}));
    EXPECT_EQ(set.config.game.frames_per_second, 700);
}

}  // namespace
}  // namespace mmo::config
