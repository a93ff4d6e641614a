#pragma once

#include <functional>
#include <string>
#include <vector>

// Linux network namespaces for tests that need separate network stacks ("hosts") on one machine.
namespace mmo::test::netns {

// Why this process cannot create network namespaces ("" when it can): not root, no `ip`, no netns support.
// Probes by creating and deleting a namespace.
std::string unavailableReason();

// Runs `command` (argv, no shell); throws std::runtime_error naming the command and its output when it
// exits with a status other than 0.
std::string runOrThrow(const std::vector<std::string>& command);

// Runs `command` and returns its exit status, ignoring its output (for best-effort cleanup).
int runQuietly(const std::vector<std::string>& command);

// One named network namespace (`ip netns add NAME`, loopback up), deleted on destruction together with
// every process still running in it (SIGKILL to `ip netns pids NAME`) and its interfaces.
class NetworkNamespace {
  public:
    explicit NetworkNamespace(std::string name);
    ~NetworkNamespace();
    NetworkNamespace(const NetworkNamespace&) = delete;
    NetworkNamespace& operator=(const NetworkNamespace&) = delete;

    const std::string& name() const { return name_; }

    // `ip netns exec NAME` followed by the program and its arguments: a command line that runs there
    // (ip execs the program in place, so the process id is the program's own).
    std::vector<std::string> execPrefix() const { return {"netns", "exec", name_}; }

    // Runs `body` on a thread that entered this namespace: sockets it opens (e.g. to 127.0.0.1) are
    // this namespace's. Rethrows what `body` throws.
    void run(const std::function<void()>& body) const;

    // SIGKILL to every process in the namespace.
    void killAll() const;

  private:
    std::string name_;
};

// SIGKILL to every process in the namespace called `name` (`ip netns pids`).
void killProcessesIn(const std::string& name);

// Removes namespaces and links whose names start with `prefix` followed by the process id of a process
// that no longer exists (left by a crashed earlier run), killing what still runs in them.
void removeStale(const std::string& prefix);

}  // namespace mmo::test::netns
