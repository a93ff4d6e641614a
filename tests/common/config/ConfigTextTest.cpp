// loadConfigText: the loader on text in memory (tests, the config fuzzer), with the same rules as a file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/ConfigFileReader.hpp"
#include "common/config/ConfigLoader.hpp"

namespace mmo::config {
namespace {
using ::testing::HasSubstr;

// Text loads like a file, with the given name as the value's source.
TEST(ConfigText, LoadsWithTheGivenName) {
    const auto loaded = loadConfigText("inline.yml", "sync:\n  region_id: \"us-east-1\"\n  batch_size: 7\n");
    EXPECT_EQ(loaded.config.sync.region_id, "us-east-1");
    EXPECT_EQ(loaded.config.sync.batch_size, 7);
    EXPECT_EQ(loaded.sources.at("sync.batch_size").detail, "inline.yml:3");
    EXPECT_EQ(loaded.file, std::filesystem::path("inline.yml"));
}

// Problems are located at name:line:column inside the text.
TEST(ConfigText, ProblemsNameTheTextLineAndColumn) {
    try {
        loadConfigText("inline.yml", "sync:\n  batch_size: lots\n");
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& error) {
        ASSERT_EQ(error.problems().size(), 1u);
        EXPECT_EQ(error.problems()[0].where, "inline.yml:2:15");
    }
}

// Text over the file size limit is refused like such a file, before parsing.
TEST(ConfigText, RefusesTextOverTheFileLimit) {
    try {
        loadConfigText("big.yml", std::string(detail::kMaxConfigFileBytes + 1, '#'));
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("big.yml: config file is too large"));
    }
}

// A stray "," where a document starts made yaml-cpp 0.7's LoadAll loop forever (found by the config
// fuzzer); it is a syntax error at its line and column now.
TEST(ConfigText, StrayCommaIsASyntaxErrorNotAHang) {
    for (const std::string text : {",", ", dventbc\n", "]\n", "sync:\n  batch_size: 5\n...\n,\n"}) {
        try {
            loadConfigText("stray.yml", text);
            FAIL() << "expected a ConfigError for " << text;
        } catch (const ConfigError& error) {
            ASSERT_EQ(error.problems().size(), 1u) << error.what();
            EXPECT_THAT(error.problems()[0].message, HasSubstr("invalid YAML")) << error.what();
        }
    }
}

}  // namespace
}  // namespace mmo::config
