#include <gtest/gtest.h>

#include <sstream>

#include "tests/node/NodeTestSupport.hpp"

namespace mmo::test {
namespace {

// The guide's us-east config (step 2) with every section spelled out.
constexpr const char* kUsEastConfig = R"(eventbus:
  url: "nats://127.0.0.1:4222"
  stream: "GLOBAL_EVENTS"
  retention_hours: 24

sync:
  region_id: "us-east-1"
  batch_size: 100
  flush_every_seconds: 3
  use_gzip_compression: true
)";

// The line of `text` that contains `needle` ("" when none).
std::string lineWith(const std::string& text, const std::string& needle) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.find(needle) != std::string::npos) return line;
    return {};
}

class NodeConfigCheckTest : public ::testing::Test {
  protected:
    // --check-config on a file with `content`: the result.
    RunResult checkFile(const std::string& content) {
        const auto file = dir_.writeFile("config.yml", content);
        return runNode(dir_, {"--check-config", "--config", file.string()}, ChildEnvironment::inherited());
    }

    TempDir dir_{"mmo-config-test"};
};

// The guide's step 5: GAME_CONFIG plus the four port variables; --print-config shows each value's source.
TEST_F(NodeConfigCheckTest, PrintConfigShowsSources) {
    const auto file = dir_.writeFile("config-us-east.yml", kUsEastConfig);
    auto env = ChildEnvironment::inherited();
    env.set("GAME_CONFIG", file.string())
        .set("GAME_TCP_PORT", "7779")
        .set("GAME_UDP_PORT", "7780")
        .set("GAME_REST_PORT", "8089")
        .set("GAME_METRICS_PORT", "2113");
    for (const auto& binary : {nodeBinary(), serverLink()}) {
        const auto result = runNode(dir_, {"--print-config"}, env, binary);
        ASSERT_EQ(result.exitCode, 0) << result.err;
        EXPECT_NE(lineWith(result.out, "region_id").find("us-east-1"), std::string::npos) << result.out;
        EXPECT_NE(lineWith(result.out, "region_id").find("config-us-east.yml"), std::string::npos)
            << result.out;
        const std::pair<const char*, const char*> ports[] = {
            {"tcp_port", "7779"}, {"udp_port", "7780"}, {"rest_port", "8089"}, {"metrics_port", "2113"}};
        for (const auto& [key, value] : ports) {
            const auto line = lineWith(result.out, key);
            EXPECT_NE(line.find(value), std::string::npos) << line;
            EXPECT_NE(line.find("env"), std::string::npos) << line;
        }
        EXPECT_NE(lineWith(result.out, "batch_size").find("config-us-east.yml"), std::string::npos)
            << result.out;
        EXPECT_NE(lineWith(result.out, "host:").find("default"), std::string::npos) << result.out;
    }
}

// A valid file passes --check-config, naming the file.
TEST_F(NodeConfigCheckTest, CheckConfigAcceptsGuideConfig) {
    const auto file = dir_.writeFile("config-us-east.yml", kUsEastConfig);
    const auto result =
        runNode(dir_, {"--check-config", "--config", file.string()}, ChildEnvironment::inherited());
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, "config OK: " + file.string() + "\n");
}

// Without a file, --check-config validates the built-in defaults.
TEST_F(NodeConfigCheckTest, CheckConfigWithoutFile) {
    const auto result = runNode(dir_, {"--check-config"}, ChildEnvironment::inherited());
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, "config OK: built-in defaults\n");
}

// A flag wins over the environment, and --print-config says so.
TEST_F(NodeConfigCheckTest, FlagBeatsEnvironment) {
    auto env = ChildEnvironment::inherited();
    env.set("GAME_REST_PORT", "8089");
    const auto result = runNode(dir_, {"--print-config", "--server.rest_port", "9100"}, env);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(lineWith(result.out, "rest_port").find("9100"), std::string::npos) << result.out;
    EXPECT_NE(lineWith(result.out, "rest_port").find("--server.rest_port"), std::string::npos) << result.out;
}

// A --config file that does not exist: exit 2, naming the file.
TEST_F(NodeConfigCheckTest, MissingFile) {
    const auto missing = (dir_.path() / "nope.yml").string();
    const auto result = runNode(dir_, {"--check-config", "--config", missing}, ChildEnvironment::inherited());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find(missing), std::string::npos) << result.err;
}

// GAME_CONFIG naming a missing file is the same error.
TEST_F(NodeConfigCheckTest, MissingFileFromEnvironment) {
    auto env = ChildEnvironment::inherited();
    env.set("GAME_CONFIG", (dir_.path() / "nope.yml").string());
    const auto result = runNode(dir_, {}, env);
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("nope.yml"), std::string::npos) << result.err;
}

// One bad config: its content, and what stderr must mention.
struct BadConfig {
    const char* name;
    std::string content;
    std::vector<std::string> mentions;
};

// What ctest and --gtest_list_tests show for a case: its name, not the struct's bytes (which hold pointers
// and so changed from build to build).
void PrintTo(const BadConfig& config, std::ostream* os) {
    *os << config.name;
}

class BadConfigTest : public NodeConfigCheckTest, public ::testing::WithParamInterface<BadConfig> {};

// Every bad config exits 2 before anything starts, with a message naming the problem.
TEST_P(BadConfigTest, ExitsTwoWithClearMessage) {
    const auto result = checkFile(GetParam().content);
    EXPECT_EQ(result.exitCode, 2) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
    EXPECT_NE(result.err.find("config.yml"), std::string::npos) << result.err;
    for (const auto& mention : GetParam().mentions)
        EXPECT_NE(result.err.find(mention), std::string::npos) << "missing '" << mention << "' in:\n"
                                                               << result.err;
}

std::string deeplyNested() {
    std::string doc;
    for (int i = 0; i < 5000; ++i) doc += "- ";
    return doc + "x\n";
}

INSTANTIATE_TEST_SUITE_P(
    Node, BadConfigTest,
    ::testing::Values(
        BadConfig{"MalformedYaml", "sync:\n  batch_size: [1, 2\n", {"config.yml:3:1: invalid YAML"}},
        BadConfig{"EmptyFile", "", {"config.yml: file is empty"}},
        BadConfig{"UnknownKeyWithSuggestion",
                  "sync:\n  batch_sise: 5\n",
                  {"config.yml:2:3: sync.batch_sise: unknown key", "did you mean `batch_size`"}},
        BadConfig{"BatchSizeNotANumber",
                  "sync:\n  batch_size: abc\n",
                  {"config.yml:2:15: sync.batch_size: expected an integer", "got \"abc\""}},
        BadConfig{
            "PortTooLarge",
            "server:\n  tcp_port: 70000\n",
            {"config.yml:2:13: server.tcp_port: expected a port number from 0 to 65535", "got \"70000\""}},
        BadConfig{"PortNegative",
                  "server:\n  rest_port: -1\n",
                  {"config.yml:2:14: server.rest_port: expected a port number", "got \"-1\""}},
        BadConfig{"BatchSizeZero",
                  "sync:\n  batch_size: 0\n",
                  {"config.yml:2:15: sync.batch_size: expected an integer from 1", "got \"0\""}},
        BadConfig{"NegativeFlush",
                  "sync:\n  flush_every_seconds: -2\n",
                  {"config.yml:2:24: sync.flush_every_seconds: expected a number of seconds above 0",
                   "got \"-2\""}},
        BadConfig{"InvalidRegionId",
                  "sync:\n  region_id: \"EU West!\"\n",
                  {"config.yml:2:14: sync.region_id: expected a region id", "got \"EU West!\""}},
        BadConfig{"CollidingPorts",
                  "server:\n  rest_port: 9000\n  metrics_port: 9000\n",
                  {"server.metrics_port: port 9000 is also server.rest_port"}},
        BadConfig{
            "ChatBytesOverLimit",
            "game:\n  max_chat_bytes: 4096\n",
            {"config.yml:2:19: game.max_chat_bytes: expected an integer from 1 to 512", "got \"4096\""}},
        BadConfig{"FramesBelowActions",
                  "game:\n  frames_per_second: 5\n",
                  {"game.frames_per_second is 5 but game.actions_per_second is 20",
                   "raise game.frames_per_second to at least 20"}},
        BadConfig{"DeeplyNested", deeplyNested(), {"document nests deeper than"}}),
    [](const ::testing::TestParamInfo<BadConfig>& info) { return info.param.name; });

}  // namespace
}  // namespace mmo::test
