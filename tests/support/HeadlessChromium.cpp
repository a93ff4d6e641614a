#include "tests/support/HeadlessChromium.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

namespace {

// A chromium run in its own process group: the destructor kills the whole group (browser, zygote,
// renderers, GPU process) and reaps the browser, so no run outlives its test, even on an exception.
class ProcessGroup {
  public:
    ProcessGroup(const std::filesystem::path& program, std::vector<std::string> argv,
                 std::vector<std::string> env, const std::filesystem::path& stdoutPath,
                 const std::filesystem::path& stderrPath) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderrPath.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attributes, 0);

        std::vector<char*> argvPointers;
        for (auto& a : argv) argvPointers.push_back(a.data());
        argvPointers.push_back(nullptr);
        std::vector<char*> envPointers;
        for (auto& e : env) envPointers.push_back(e.data());
        envPointers.push_back(nullptr);
        const int result = posix_spawn(&pid_, program.c_str(), &actions, &attributes, argvPointers.data(),
                                       envPointers.data());
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
        if (result != 0)
            throw std::runtime_error("posix_spawn " + program.string() + ": " + std::strerror(result));
    }

    ~ProcessGroup() {
        ::kill(-pid_, SIGKILL);  // whatever is left of the group (ESRCH when nothing is)
        if (!exitCode_) {
            int status = 0;
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }

    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    // The browser's exit code (128+N for signal N), or nullopt when it did not end within `timeout`.
    std::optional<int> waitExit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            int status = 0;
            const pid_t result = ::waitpid(pid_, &status, WNOHANG);
            if (result == pid_) {
                exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                return exitCode_;
            }
            if (result < 0 && errno != EINTR)
                throw std::system_error(errno, std::generic_category(), "waitpid");
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling interval of the wait
        }
    }

  private:
    pid_t pid_ = -1;
    std::optional<int> exitCode_;
};

std::filesystem::path makeWorkDir() {
    auto pattern = (std::filesystem::temp_directory_path() / "mmo-chromium-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
    return pattern;
}

std::string lastLines(const std::string& text, std::size_t count) {
    std::size_t pos = text.size();
    for (std::size_t n = 0; n <= count && pos > 0; ++n) {
        const auto found = text.rfind('\n', pos - 1);
        if (found == std::string::npos) return text;
        pos = found;
    }
    return text.substr(pos);
}

}  // namespace

std::filesystem::path HeadlessChromium::executable() {
    if (const char* custom = std::getenv("MMO_CHROMIUM"); custom && *custom) return custom;
    return "/usr/bin/chromium";
}

bool HeadlessChromium::available() {
    return ::access(executable().c_str(), X_OK) == 0;
}

std::string HeadlessChromium::unavailableMessage() {
    return "headless chromium not found at " + executable().string() +
           " (install it with scripts/install-deps.sh, or point MMO_CHROMIUM at a chromium binary)";
}

HeadlessChromium::HeadlessChromium(std::chrono::milliseconds timeout)
    : timeout_(timeout), workDir_(makeWorkDir()) {}

HeadlessChromium::~HeadlessChromium() {
    std::error_code ignored;
    std::filesystem::remove_all(workDir_, ignored);
}

PageRun HeadlessChromium::dumpDom(const std::string& url, int virtualTimeBudgetMs) {
    return run({"--dump-dom"}, url, virtualTimeBudgetMs);
}

PageRun HeadlessChromium::screenshot(const std::string& url, const std::filesystem::path& pngPath, int width,
                                     int height, int virtualTimeBudgetMs) {
    const auto absolute = std::filesystem::absolute(pngPath);
    if (absolute.has_parent_path()) std::filesystem::create_directories(absolute.parent_path());
    std::error_code ignored;
    std::filesystem::remove(absolute, ignored);
    auto page = run({"--screenshot=" + absolute.string(),
                     "--window-size=" + std::to_string(width) + "," + std::to_string(height)},
                    url, virtualTimeBudgetMs);
    if (!std::filesystem::exists(absolute) || std::filesystem::file_size(absolute) == 0)
        throw std::runtime_error("chromium wrote no screenshot to " + absolute.string() + " for " + url);
    return page;
}

PageRun HeadlessChromium::run(const std::vector<std::string>& modeArgs, const std::string& url,
                              int virtualTimeBudgetMs) {
    const int index = ++runs_;
    const auto userData = workDir_ / ("profile-" + std::to_string(index));
    const auto home = workDir_ / "home";
    std::filesystem::create_directories(userData);
    std::filesystem::create_directories(home);
    const auto stdoutPath = workDir_ / ("run-" + std::to_string(index) + ".stdout");
    const auto stderrPath = workDir_ / ("run-" + std::to_string(index) + ".stderr");

    const auto program = executable();
    std::vector<std::string> argv{program.string(),
                                  "--headless=new",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--no-default-browser-check",
                                  "--disable-extensions",
                                  "--disable-background-networking",
                                  "--disable-dev-shm-usage",
                                  "--hide-scrollbars",
                                  "--user-data-dir=" + userData.string(),
                                  "--enable-logging=stderr",
                                  "--v=0",
                                  "--virtual-time-budget=" + std::to_string(virtualTimeBudgetMs)};
    argv.insert(argv.end(), modeArgs.begin(), modeArgs.end());
    argv.push_back(url);
    const auto env = ChildEnvironment::inherited().set("HOME", home.string()).entries();

    std::optional<int> code;
    {
        ProcessGroup chromium(program, argv, env, stdoutPath, stderrPath);
        code = chromium.waitExit(timeout_);
    }  // the group is killed here, also after a timeout
    const auto errors = readFile(stderrPath);
    lastConsole_ = parseConsoleLines(errors);
    if (!code)
        throw std::runtime_error("chromium did not finish " + url + " within " +
                                 std::to_string(timeout_.count()) +
                                 " ms; last log lines:" + lastLines(errors, 8));
    if (*code != 0)
        throw std::runtime_error("chromium exited with " + std::to_string(*code) + " for " + url +
                                 "; last log lines:" + lastLines(errors, 8));
    return PageRun{modeArgs.front() == "--dump-dom" ? readFile(stdoutPath) : std::string(), lastConsole_};
}

std::vector<ConsoleMessage> HeadlessChromium::parseConsoleLines(const std::string& stderrText) {
    static const std::string kMarker = ":CONSOLE";
    static const std::string kSource = "\", source: ";
    std::vector<ConsoleMessage> out;
    std::size_t pos = 0;
    while ((pos = stderrText.find(kMarker, pos)) != std::string::npos) {
        const auto open = stderrText.find("] \"", pos);
        if (open == std::string::npos) break;
        const auto textStart = open + 3;
        const auto sourceAt = stderrText.find(kSource, textStart);
        if (sourceAt == std::string::npos) break;
        ConsoleMessage message;
        message.text = stderrText.substr(textStart, sourceAt - textStart);
        const auto sourceStart = sourceAt + kSource.size();
        auto lineEnd = stderrText.find('\n', sourceStart);
        if (lineEnd == std::string::npos) lineEnd = stderrText.size();
        const auto rest = stderrText.substr(sourceStart, lineEnd - sourceStart);
        const auto paren = rest.rfind(" (");
        if (paren != std::string::npos && rest.back() == ')') {
            message.source = rest.substr(0, paren);
            message.line = std::atoi(rest.c_str() + paren + 2);
        } else {
            message.source = rest;
        }
        out.push_back(std::move(message));
        pos = lineEnd;
    }
    return out;
}

}  // namespace mmo::test
