// The REST base URLs of --nodes (docs/mmoctl.md, "--nodes"): what is accepted, normalised, and refused
// with exit 2 and an example; no node needed.
#include <gtest/gtest.h>

#include "cli/ExitCode.hpp"
#include "cli/admin/NodeUrl.hpp"

namespace {

using mmo::cli::CommandError;
using mmo::cli::parseNodeUrl;
using mmo::cli::parseNodeUrls;

TEST(NodeUrlTest, AcceptsHttpHostAndPort) {
    const auto url = parseNodeUrl("http://10.0.0.5:8088/", "--nodes");
    EXPECT_EQ(url.host, "10.0.0.5");
    EXPECT_EQ(url.port, 8088);
    EXPECT_EQ(url.text, "http://10.0.0.5:8088");
    EXPECT_EQ(parseNodeUrl("http://eu1.example.net", "--nodes").text, "http://eu1.example.net:80");
    const auto list = parseNodeUrls("http://localhost:8088,http://localhost:8089", "--nodes");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].port, 8089);
}

TEST(NodeUrlTest, RefusesAnythingElseWithExitTwoNamingTheItem) {
    for (const char* bad : {"https://h:8088", "h:8088", "ftp://h", "http://", "http://h:0", "http://h:65536",
                            "http://h:80a", "http://h:8088/api", "http://h:8088?x=1", "http://u:p@h:8088",
                            "http://[::1]:8088", "http://h h:8088"}) {
        try {
            parseNodeUrl(bad, "--nodes");
            ADD_FAILURE() << bad << " was accepted";
        } catch (const CommandError& e) {
            EXPECT_EQ(e.code, mmo::cli::kUsageError) << bad;
            EXPECT_NE(std::string(e.what()).find(std::string("--nodes \"") + bad + "\""), std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find("e.g. http://10.0.0.5:8088"), std::string::npos) << e.what();
        }
    }
    for (const char* bad : {"", "http://h:1,", "http://h:1,http://h:1/"}) {
        try {
            parseNodeUrls(bad, "--nodes");
            ADD_FAILURE() << bad << " was accepted";
        } catch (const CommandError& e) {
            EXPECT_EQ(e.code, mmo::cli::kUsageError) << bad;
        }
    }
}

}  // namespace
