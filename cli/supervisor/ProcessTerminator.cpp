#include "cli/supervisor/ProcessTerminator.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "cli/state/StateFile.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kPoll{10};
constexpr std::chrono::milliseconds kAfterKill{2000};

std::vector<int> alive(const std::vector<int>& pids) {
    std::vector<int> out;
    std::copy_if(pids.begin(), pids.end(), std::back_inserter(out), processAlive);
    return out;
}

std::vector<int> waitForExit(std::vector<int> pids, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        pids = alive(pids);
        if (pids.empty() || std::chrono::steady_clock::now() >= deadline) return pids;
        std::this_thread::sleep_for(kPoll);
    }
}

}  // namespace

std::vector<int> terminateProcesses(const std::vector<int>& pids, std::chrono::milliseconds grace) {
    auto left = alive(pids);
    for (const int pid : left) ::kill(pid, SIGTERM);
    left = waitForExit(left, grace);
    for (const int pid : left) ::kill(pid, SIGKILL);
    return waitForExit(left, kAfterKill);
}

bool processRunsBinary(int pid, const std::string& binary) {
    if (!processAlive(pid)) return false;
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec).string();
    if (ec) return true;  // not ours to read (or no /proc): the pid from the state file is all we know
    constexpr std::string_view kDeleted = " (deleted)";  // the binary was rebuilt while it ran
    if (exe.size() > kDeleted.size() && exe.ends_with(kDeleted)) exe.resize(exe.size() - kDeleted.size());
    const auto expected = fs::weakly_canonical(binary, ec);
    return ec || fs::path(exe) == expected;
}

}  // namespace mmo::cli
