#include "tests/support/ChildProcess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mmo::test {

ChildEnvironment ChildEnvironment::inherited() {
    ChildEnvironment env;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string text(*entry);
        const auto equals = text.find('=');
        if (equals == std::string::npos) continue;
        const auto name = text.substr(0, equals);
        if (name.rfind("GAME_", 0) == 0 || name == "NO_COLOR") continue;
        env.vars_[name] = text.substr(equals + 1);
    }
    return env;
}

ChildEnvironment& ChildEnvironment::set(const std::string& name, const std::string& value) {
    vars_[name] = value;
    return *this;
}

std::vector<std::string> ChildEnvironment::entries() const {
    std::vector<std::string> out;
    for (const auto& [name, value] : vars_) out.push_back(name + "=" + value);
    return out;
}

namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace

ChildProcess::ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                           const ChildEnvironment& environment, const std::filesystem::path& outputDir,
                           const std::string& name, std::optional<std::filesystem::path> workingDir)
    : stdoutPath_(outputDir / (name + ".stdout")), stderrPath_(outputDir / (name + ".stderr")) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderrPath_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (workingDir) posix_spawn_file_actions_addchdir_np(&actions, workingDir->c_str());

    std::vector<std::string> argv{program.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto envStrings = environment.entries();
    auto argvPointers = pointers(argv);
    auto envPointers = pointers(envStrings);
    const int result =
        posix_spawn(&pid_, program.c_str(), &actions, nullptr, argvPointers.data(), envPointers.data());
    posix_spawn_file_actions_destroy(&actions);
    if (result != 0)
        throw std::runtime_error("posix_spawn " + program.string() + ": " + std::strerror(result));
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exitCode_) {
        ::kill(pid_, SIGKILL);
        reap(true);
    }
}

void ChildProcess::sendSignal(int signalNumber) {
    if (pid_ > 0 && !exitCode_) ::kill(pid_, signalNumber);
}

std::optional<int> ChildProcess::reap(bool block) {
    if (exitCode_) return exitCode_;
    int status = 0;
    pid_t result;
    do {
        result = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result != pid_) return std::nullopt;
    exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exitCode_;
}

std::optional<int> ChildProcess::waitExit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (auto code = reap(false)) return code;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling interval, not a wait for state
    }
}

bool ChildProcess::running() {
    return !reap(false).has_value();
}

std::string ChildProcess::stdoutText() const {
    return readFile(stdoutPath_);
}
std::string ChildProcess::stderrText() const {
    return readFile(stderrPath_);
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace mmo::test
