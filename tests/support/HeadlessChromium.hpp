#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// Debian's chromium driven headless from a test: the DOM after the page's scripts ran, a screenshot, and
// what the page wrote to its console. Installed by scripts/install-deps.sh; tests GTEST_SKIP when it is
// missing (see HeadlessChromium::available()).
namespace mmo::test {

// One message the page wrote to its console (console.log/warn/error, or an uncaught exception, which
// chromium reports as "Uncaught ..."). Chromium logs every web page console message at the same level,
// so the level is not known: a page that must show "no console errors" should log nothing at all.
// Not reported (chromium 156 does not log them, only DevTools shows them): failed resource loads and
// fetches (HTTP 404/502, refused connections). A test that must see none checks the server side, or the
// page turns them into console.error.
struct ConsoleMessage {
    std::string text;
    std::string source;  // the URL of the script
    int line = 0;
};

// What one chromium run produced.
struct PageRun {
    std::string dom;  // --dump-dom output ("" for a screenshot run)
    std::vector<ConsoleMessage> console;
};

// Runs /usr/bin/chromium (or $MMO_CHROMIUM) as `--headless=new --no-sandbox --disable-gpu` with a private
// temporary --user-data-dir that is removed on destruction. Every run is a fresh chromium in its own
// process group; a run that exceeds the timeout is killed (the whole group) and throws. Not thread-safe.
class HeadlessChromium {
  public:
    // The chromium executable: $MMO_CHROMIUM when set, else /usr/bin/chromium.
    static std::filesystem::path executable();

    // True when the executable exists and can be run.
    static bool available();

    // The message a test skips with when !available(): names the executable and scripts/install-deps.sh.
    static std::string unavailableMessage();

    explicit HeadlessChromium(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~HeadlessChromium();

    HeadlessChromium(const HeadlessChromium&) = delete;
    HeadlessChromium& operator=(const HeadlessChromium&) = delete;

    // Loads `url`, lets its scripts run for `virtualTimeBudgetMs` of virtual time (timers fire without
    // waiting in real time; pending network loads hold virtual time), and returns the serialized DOM.
    PageRun dumpDom(const std::string& url, int virtualTimeBudgetMs = 2000);

    // Loads `url` the same way and writes a PNG of a width x height viewport to `pngPath` (directories
    // created). Throws when no PNG was written.
    PageRun screenshot(const std::string& url, const std::filesystem::path& pngPath, int width = 1280,
                       int height = 900, int virtualTimeBudgetMs = 2000);

    // The console messages of the last run.
    const std::vector<ConsoleMessage>& consoleMessages() const { return lastConsole_; }

    // Parses chromium's stderr log lines `[...:INFO:CONSOLE:N] "text", source: url (line)`.
    static std::vector<ConsoleMessage> parseConsoleLines(const std::string& stderrText);

  private:
    PageRun run(const std::vector<std::string>& modeArgs, const std::string& url, int virtualTimeBudgetMs);

    std::chrono::milliseconds timeout_;
    std::filesystem::path workDir_;
    int runs_ = 0;
    std::vector<ConsoleMessage> lastConsole_;
};

}  // namespace mmo::test
