#include <gtest/gtest.h>

#include <sstream>

#include "node/app/NodeCommandLine.hpp"

namespace mmo::node {
namespace {

struct Parsed {
    std::variant<NodeOptions, int> result;
    std::string out;
    std::string err;
};

Parsed parse(std::vector<std::string> args) {
    args.insert(args.begin(), "mmo-node");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    auto result =
        NodeCommandLine("mmo-node", "0.1.0").parse(static_cast<int>(argv.size()), argv.data(), out, err);
    return {std::move(result), out.str(), err.str()};
}

const NodeOptions& options(const Parsed& parsed) {
    return std::get<NodeOptions>(parsed.result);
}

// No arguments: no file, no flags, serve.
TEST(NodeCommandLineTest, EmptyCommandLine) {
    const auto parsed = parse({});
    ASSERT_TRUE(std::holds_alternative<NodeOptions>(parsed.result));
    EXPECT_FALSE(options(parsed).configFile);
    EXPECT_TRUE(options(parsed).flags.empty());
    EXPECT_FALSE(options(parsed).printConfig || options(parsed).checkConfig || options(parsed).requireNats);
}

// --config, --print-config, --require-nats are read.
TEST(NodeCommandLineTest, ModeFlags) {
    const auto parsed = parse({"--config", "x.yml", "--print-config", "--require-nats"});
    EXPECT_EQ(options(parsed).configFile, std::filesystem::path("x.yml"));
    EXPECT_TRUE(options(parsed).printConfig);
    EXPECT_TRUE(options(parsed).requireNats);
}

// --set and per-key flags become overrides in command-line order, naming their flag.
TEST(NodeCommandLineTest, OverridesKeepCommandLineOrder) {
    const auto parsed = parse({"--set", "sync.batch_size=5", "--server.rest_port", "9000", "--set",
                               "log.level=debug", "--sync.batch_size=7"});
    const auto& flags = options(parsed).flags;
    ASSERT_EQ(flags.size(), 4u);
    EXPECT_EQ(flags[0].key, "sync.batch_size");
    EXPECT_EQ(flags[0].value, "5");
    EXPECT_EQ(flags[0].flag, "--set");
    EXPECT_EQ(flags[1].key, "server.rest_port");
    EXPECT_EQ(flags[1].value, "9000");
    EXPECT_EQ(flags[1].flag, "--server.rest_port");
    EXPECT_EQ(flags[2].key, "log.level");
    EXPECT_EQ(flags[3].value, "7");
}

// A --set value may itself contain '='.
TEST(NodeCommandLineTest, SetValueMayContainEquals) {
    const auto flag = parseSetArgument("eventbus.url=nats://a:1?x=y");
    ASSERT_TRUE(flag);
    EXPECT_EQ(flag->key, "eventbus.url");
    EXPECT_EQ(flag->value, "nats://a:1?x=y");
}

// --set without '=' is a usage error (2).
TEST(NodeCommandLineTest, SetWithoutEqualsIsUsageError) {
    const auto parsed = parse({"--set", "sync.batch_size"});
    EXPECT_EQ(std::get<int>(parsed.result), 2);
    EXPECT_NE(parsed.err.find("SECTION.KEY=VALUE"), std::string::npos);
}

// An unknown flag is a usage error with CLI11's message and the help hint.
TEST(NodeCommandLineTest, UnknownFlagIsUsageError) {
    const auto parsed = parse({"--frobnicate"});
    EXPECT_EQ(std::get<int>(parsed.result), 2);
    EXPECT_NE(parsed.err.find("--frobnicate"), std::string::npos);
    EXPECT_NE(parsed.err.find("run mmo-node --help"), std::string::npos);
}

// --version prints the version and exits 0.
TEST(NodeCommandLineTest, Version) {
    const auto parsed = parse({"--version"});
    EXPECT_EQ(std::get<int>(parsed.result), 0);
    EXPECT_NE(parsed.out.find("mmo-node 0.1.0"), std::string::npos);
}

// --help lists a per-key flag with its environment names.
TEST(NodeCommandLineTest, HelpListsKeyFlags) {
    const auto parsed = parse({"--help"});
    EXPECT_EQ(std::get<int>(parsed.result), 0);
    EXPECT_NE(parsed.out.find("--server.rest_port"), std::string::npos);
    EXPECT_NE(parsed.out.find("GAME_REST_PORT"), std::string::npos);
}

// --help says that flags are visible to other users, and each secret's flag points at its *_file key.
TEST(NodeCommandLineTest, HelpWarnsThatFlagsAreVisible) {
    const auto parsed = parse({"--help"});
    EXPECT_NE(parsed.out.find("visible to every user of this machine"), std::string::npos) << parsed.out;
    for (const std::string key : {"auth.admin_password", "auth.jwt_secret", "eventbus.token"}) {
        EXPECT_NE(parsed.out.find("--" + key + "_file"), std::string::npos) << key;
        EXPECT_NE(parsed.out.find("prefer --" + key + "_file"), std::string::npos) << key;
    }
}

}  // namespace
}  // namespace mmo::node
