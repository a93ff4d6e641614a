#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/NatsServerProcess.hpp"

namespace mmo::test {

// A JetStream cluster of real `nats-server -js` processes on 127.0.0.1 for a test: server i is named
// n<i>, has its own client, route and monitoring ports and store dir <dir>/n<i>, and routes to every
// other server. Any server can be killed (-9) and restarted on its store; all are killed on destruction.
class NatsClusterProcess {
  public:
    // Starts `size` servers and waits until every one is healthy; throws std::runtime_error with the logs
    // when the cluster does not form within 30 s.
    NatsClusterProcess(const std::filesystem::path& dir, int size = 3);
    ~NatsClusterProcess();
    NatsClusterProcess(const NatsClusterProcess&) = delete;
    NatsClusterProcess& operator=(const NatsClusterProcess&) = delete;

    int size() const { return static_cast<int>(servers_.size()); }
    NatsServerProcess& server(int i) { return *servers_.at(i); }
    // "n<i>", the server's name in JetStream (stream leader, meta leader).
    static std::string name(int i) { return "n" + std::to_string(i); }
    // nats://127.0.0.1:<client port of server i>
    std::string url(int i) const { return servers_.at(i)->url(); }
    // Every client URL, server i first and the others after in order: a region's eventbus.url when
    // server i is its own.
    std::string urlListFrom(int i) const;
    // The index of the server with that name or client URL, or -1.
    int indexOf(const std::string& nameOrUrl) const;

    // True when server i answers /healthz with ok: it sees a JetStream meta leader and every stream and
    // consumer it holds is current.
    bool healthy(int i);
    // True once every running server is healthy.
    bool waitHealthy(std::chrono::milliseconds timeout);
    // True once server i serves clients as a JetStream member: it answers /healthz?js-server-only=true
    // (it sees a meta leader and is current with it), whether or not its stream and consumer replicas
    // have caught up. Under constant writes on a loaded machine a restarted replica can take long to be
    // current; a test about clients coming back to the server waits for this, not for waitHealthy.
    bool waitServing(int i, std::chrono::milliseconds timeout);
    // Routes server i has to other servers (/routez num_routes); -1 when it does not answer.
    int routes(int i);

    // kill -9 of server i (reaped).
    void kill(int i);
    // Starts server i again on its ports and store.
    void restart(int i);
    // The servers' logs, for failure messages.
    std::string logs();

  private:
    std::vector<std::unique_ptr<NatsServerProcess>> servers_;
};

}  // namespace mmo::test
