#include "cli/supervisor/ChildProcess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "cli/state/PrivatePaths.hpp"

namespace mmo::cli {

namespace bp = boost::process;

namespace {

// Runs in the child between fork and exec: only async-signal-safe calls.
struct ChildSetup : bp::extend::handler {
    bool detached;
    pid_t parent;
    int logFd;

    template <class Executor>
    void on_exec_setup(Executor&) const {
        if (detached) {
            ::setsid();
        } else {
            ::setpgid(0, 0);  // Ctrl-C on the terminal reaches mmoctl only; it stops the children in order
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(127);  // mmoctl died before the death signal was armed
        }
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
    }
};

// An fd that is closed when it goes out of scope.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

struct ChildProcess::Handle {
    bp::child child;
};

ChildProcess::ChildProcess(const LaunchSpec& spec) : name_(spec.name), child_(std::make_unique<Handle>()) {
    Fd log{openPrivateAppend(spec.logFile)};  // 0600, never through a symlink
    bp::environment environment = boost::this_process::environment();
    for (const auto& name : spec.unsetEnv) environment.erase(name);
    for (const auto& [name, value] : spec.setEnv) environment[name] = value;
    std::error_code ec;
    child_->child = bp::child(bp::exe = spec.binary.string(), bp::args = spec.args, environment,
                              ChildSetup{{}, spec.detached, ::getpid(), log.fd}, ec);
    if (ec) throw std::runtime_error("cannot start " + spec.binary.string() + ": " + ec.message());
    pid_ = child_->child.id();
}

ChildProcess::~ChildProcess() {
    if (detached_ || exitStatus_ || pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!exitStatus() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!exitStatus_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    child_->child.detach();  // reaped above: Boost must not wait for it again
}

std::optional<int> ChildProcess::exitStatus() {
    if (exitStatus_ || detached_) return exitStatus_;
    int status = 0;
    pid_t result;
    do {
        result = ::waitpid(pid_, &status, WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result == pid_) {
        exitStatus_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        child_->child.detach();  // reaped here; Boost must not wait for or kill it again
    } else if (result < 0) {
        exitStatus_ = 128;  // not our child any more (reaped elsewhere): treat as gone
        child_->child.detach();
    }
    return exitStatus_;
}

void ChildProcess::detach() {
    child_->child.detach();
    detached_ = true;
}

std::string describeExit(int status) {
    if (status > 128) {
        const int sig = status - 128;
        const char* name = ::strsignal(sig);
        return "was killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
    }
    return "exited with code " + std::to_string(status);
}

}  // namespace mmo::cli
