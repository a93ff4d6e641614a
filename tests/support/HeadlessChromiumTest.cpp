#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/HeadlessChromium.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/TestArtifacts.hpp"

namespace mmo::test {
namespace {

constexpr const char* kPage = R"(<!doctype html>
<html><body><div id="state">static</div>
<script>
document.getElementById('state').textContent = 'scripted';
setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p id="late">after a timer</p>'), 500);
console.error('visible error');
undefinedFunction();
</script></body></html>
)";

class HeadlessChromiumTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!HeadlessChromium::available()) GTEST_SKIP() << HeadlessChromium::unavailableMessage();
    }
    TempDir dir_{"mmo-chromium-test"};
};

TEST_F(HeadlessChromiumTest, DumpDomRunsScriptsAndTimersAndCollectsConsoleMessages) {
    const auto page = dir_.writeFile("page.html", kPage);
    HeadlessChromium chromium;
    const auto run = chromium.dumpDom("file://" + page.string(), 2000);
    EXPECT_NE(run.dom.find("<div id=\"state\">scripted</div>"), std::string::npos) << run.dom;
    EXPECT_NE(run.dom.find("after a timer"), std::string::npos) << run.dom;
    ASSERT_EQ(run.console.size(), 2u);
    EXPECT_EQ(run.console[0].text, "visible error");
    EXPECT_EQ(run.console[0].source, "file://" + page.string());
    EXPECT_NE(run.console[1].text.find("Uncaught ReferenceError"), std::string::npos) << run.console[1].text;
    EXPECT_EQ(chromium.consoleMessages().size(), 2u);
}

TEST_F(HeadlessChromiumTest, QuietPageHasNoConsoleMessages) {
    HeadlessChromium chromium;
    const auto run = chromium.dumpDom("data:text/html,<p>quiet</p>", 100);
    EXPECT_NE(run.dom.find("<p>quiet</p>"), std::string::npos) << run.dom;
    EXPECT_TRUE(run.console.empty());
}

TEST_F(HeadlessChromiumTest, ScreenshotWritesAPngArtifact) {
    const auto page = dir_.writeFile("page.html", kPage);
    const auto png = testArtifactDir("headless_chromium_test") / "page.png";
    HeadlessChromium chromium;
    chromium.screenshot("file://" + page.string(), png, 640, 400, 1000);
    std::ifstream in(png, std::ios::binary);
    std::string signature(8, '\0');
    in.read(signature.data(), 8);
    EXPECT_EQ(signature, std::string("\x89PNG\r\n\x1a\n", 8));
    std::cout << "screenshot: " << png.string() << "\n";
}

TEST(HeadlessChromiumParse, ParsesConsoleLogLines) {
    const auto messages = HeadlessChromium::parseConsoleLines(
        "[1:1:1204/1.2:WARNING:ui/x.cc:1] noise\n"
        "[7:7:1204/1.2:INFO:CONSOLE:12] \"a \"quoted\" text\", source: http://127.0.0.1:5/app.js (12)\n"
        "[7:7:1204/1.3:INFO:CONSOLE:1] \"second\", source: data:text/html,x (1)\n");
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].text, "a \"quoted\" text");
    EXPECT_EQ(messages[0].source, "http://127.0.0.1:5/app.js");
    EXPECT_EQ(messages[0].line, 12);
    EXPECT_EQ(messages[1].text, "second");
}

TEST_F(HeadlessChromiumTest, TimeoutKillsTheRunAndThrows) {
    HeadlessChromium chromium(std::chrono::milliseconds(300));
    EXPECT_THROW(chromium.dumpDom("data:text/html,<p>x</p>", 100), std::runtime_error);
}

}  // namespace
}  // namespace mmo::test
