#include "tests/support/NetworkNamespace.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace mmo::test::netns {

namespace {

std::string quoted(const std::vector<std::string>& command) {
    std::string line;
    for (const auto& part : command) {
        if (!line.empty()) line += ' ';
        line += "'" + part + "'";  // names and paths built by the tests: no quotes inside
    }
    return line;
}

std::pair<int, std::string> capture(const std::vector<std::string>& command) {
    FILE* pipe = ::popen((quoted(command) + " 2>&1").c_str(), "r");
    if (!pipe) return {-1, std::string("popen: ") + std::strerror(errno)};
    std::string out;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// An open file descriptor, closed on destruction.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

bool processExists(long pid) {
    return std::filesystem::exists("/proc/" + std::to_string(pid));
}

}  // namespace

std::string runOrThrow(const std::vector<std::string>& command) {
    const auto [code, out] = capture(command);
    if (code != 0)
        throw std::runtime_error(quoted(command) + " exited with " + std::to_string(code) + ": " + out);
    return out;
}

int runQuietly(const std::vector<std::string>& command) {
    return capture(command).first;
}

std::string unavailableReason() {
    if (::geteuid() != 0)
        return "network namespaces need root (ip netns add); this test runs as uid " +
               std::to_string(::geteuid());
    if (capture({"ip", "-V"}).first != 0) return "the `ip` command (iproute2) is not installed";
    const std::string probe = "mmh" + std::to_string(::getpid()) + "probe";  // removeStale knows it
    const auto [code, out] = capture({"ip", "netns", "add", probe});
    if (code != 0) return "`ip netns add` failed (no network namespace support?): " + out;
    runQuietly({"ip", "netns", "del", probe});
    return {};
}

NetworkNamespace::NetworkNamespace(std::string name) : name_(std::move(name)) {
    runOrThrow({"ip", "netns", "add", name_});
    try {
        runOrThrow({"ip", "-n", name_, "link", "set", "lo", "up"});
    } catch (...) {
        runQuietly({"ip", "netns", "del", name_});
        throw;
    }
}

NetworkNamespace::~NetworkNamespace() {
    killAll();
    runQuietly({"ip", "netns", "del", name_});
}

void killProcessesIn(const std::string& name) {
    const auto [code, out] = capture({"ip", "netns", "pids", name});
    if (code != 0) return;
    std::istringstream pids(out);
    for (long pid = 0; pids >> pid;) ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void NetworkNamespace::killAll() const {
    killProcessesIn(name_);
}

void NetworkNamespace::run(const std::function<void()>& body) const {
    std::exception_ptr error;
    std::thread thread([&] {
        try {
            const Fd fd(::open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC));
            if (fd.get() < 0)
                throw std::runtime_error("open /run/netns/" + name_ + ": " + std::strerror(errno));
            if (::setns(fd.get(), CLONE_NEWNET) != 0)
                throw std::runtime_error("setns into " + name_ + ": " + std::strerror(errno));
            body();
        } catch (...) {
            error = std::current_exception();
        }
    });
    thread.join();
    if (error) std::rethrow_exception(error);
}

void removeStale(const std::string& prefix) {
    const std::regex owned("^" + prefix + R"((\d+)[a-z-])");
    std::smatch match;
    std::istringstream namespaces(capture({"ip", "netns", "list"}).second);
    for (std::string line; std::getline(namespaces, line);) {
        const auto name = line.substr(0, line.find(' '));
        if (!std::regex_search(name, match, owned) || processExists(std::stol(match[1].str()))) continue;
        killProcessesIn(name);
        runQuietly({"ip", "netns", "del", name});
    }
    const std::regex link(R"(^\d+: ([^:@]+)[:@])");
    std::istringstream links(capture({"ip", "-o", "link", "show"}).second);
    for (std::string line; std::getline(links, line);) {
        if (!std::regex_search(line, match, link)) continue;
        const auto name = match[1].str();
        std::smatch mine;
        if (!std::regex_search(name, mine, owned) || processExists(std::stol(mine[1].str()))) continue;
        runQuietly({"ip", "link", "del", name});
    }
}

}  // namespace mmo::test::netns
