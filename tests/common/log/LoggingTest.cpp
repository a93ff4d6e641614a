#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <regex>
#include <sstream>

#include "common/log/Logging.hpp"

namespace mmo::logging {
namespace {

std::shared_ptr<spdlog::logger> loggerInto(std::ostringstream& out, Format format,
                                           spdlog::level::level_enum level) {
    return makeLogger("test", level, format, std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
}

// Text lines carry an ISO timestamp and the guide's upper-case level tag.
TEST(Logging, TextLineHasGuideLevelTag) {
    std::ostringstream out;
    loggerInto(out, Format::Text, spdlog::level::info)
        ->info("SyncManager initialized: region={}", "eu-west-1");
    EXPECT_TRUE(
        std::regex_search(out.str(), std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[INFO\] )")))
        << out.str();
    EXPECT_NE(out.str().find("[INFO] SyncManager initialized: region=eu-west-1\n"), std::string::npos);
}

// A client-supplied string cannot forge a second text line or send a terminal escape sequence.
TEST(Logging, TextLineEscapesControlCharacters) {
    std::ostringstream out;
    loggerInto(out, Format::Text, spdlog::level::info)
        ->info("Chat from {}: {}", "admin",
               "hi\n2026-01-01T00:00:00.000Z [INFO] forged\x1b[2J\r\t\x7f\xc2\x9b");
    const auto text = out.str();
    EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
    EXPECT_NE(text.find(R"(hi\n2026-01-01T00:00:00.000Z [INFO] forged\x1b[2J\r\t\x7f\u009b)"),
              std::string::npos)
        << text;
}

TEST(Logging, EscapeControlCharactersKeepsPrintableUtf8) {
    EXPECT_EQ(escapeControlCharacters("caf\xc3\xa9 \xf0\x9f\x94\x84 ok"), "caf\xc3\xa9 \xf0\x9f\x94\x84 ok");
    EXPECT_EQ(escapeControlCharacters(std::string_view("a\0b", 3)), R"(a\x00b)");
    EXPECT_EQ(escapeControlCharacters("\xc2"), "\xc2");  // a cut sequence stays as it is
}

// JSON lines are one object per line with escaped message text.
TEST(Logging, JsonLineEscapesMessage) {
    std::ostringstream out;
    loggerInto(out, Format::Json, spdlog::level::info)->warn("quote \" and\nnewline");
    const auto line = out.str();
    EXPECT_NE(line.find(R"("level":"warn")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("msg":"quote \" and\nnewline")"), std::string::npos) << line;
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);
}

// Lines below the configured level are dropped.
TEST(Logging, LevelFilters) {
    std::ostringstream out;
    auto logger = loggerInto(out, Format::Text, spdlog::level::info);
    logger->debug("hidden");
    EXPECT_TRUE(out.str().empty());
    logger->set_level(spdlog::level::debug);
    logger->debug("SyncConsumer: decoded 3 changes");
    EXPECT_NE(out.str().find("[DEBUG] SyncConsumer: decoded 3 changes"), std::string::npos);
}

// Level names parse, including the "warning" spelling; others are rejected.
TEST(Logging, ParsesLevelNames) {
    EXPECT_EQ(parseLevel("debug"), spdlog::level::debug);
    EXPECT_EQ(parseLevel("warning"), spdlog::level::warn);
    EXPECT_EQ(parseLevel("off"), spdlog::level::off);
    EXPECT_EQ(parseLevel("verbose"), std::nullopt);
}

// Control characters become \u escapes.
TEST(Logging, JsonEscapeControlCharacters) {
    EXPECT_EQ(jsonEscape(std::string("a\x01z")), "a\\u0001z");
}

}  // namespace
}  // namespace mmo::logging
