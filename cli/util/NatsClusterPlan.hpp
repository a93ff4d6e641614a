#pragma once

#include <string>

// The local JetStream cluster of `mmoctl up --nats-cluster N`: process names, the URL list each region's
// node gets (its own server first), and the stream replicas.
namespace mmo::cli {

// The JetStream cluster name of a local cluster (nats-server --cluster_name).
inline constexpr const char* kLocalClusterName = "mmo";

// The managed NATS process of server `server` (0-based): "nats" when it is the only one, "nats-<i>" in a
// cluster of `servers` servers. It is also the server's name (nats-server -n).
std::string natsServerName(int server, int servers);

// True for the names mmoctl gives its NATS processes: "nats" and "nats-<digits>".
bool isNatsProcessName(const std::string& name);

// The comma-separated client URLs of the `servers` local servers at offset, beginning with server
// `first` and going round: nats://127.0.0.1:4223,nats://127.0.0.1:4224,nats://127.0.0.1:4222 for first 1.
std::string localNatsUrls(int offset, int servers, int first = 0);

// The stream replicas a cluster of `servers` servers carries: min(3, servers).
int streamReplicas(int servers);

// --nats-cluster as given: -1 when absent (one server), 0 when given without a value (3 servers), else
// 1..kMaxNatsServers. Returns the number of servers; throws CommandError (exit 2) for anything else.
int resolveNatsClusterSize(int value);

}  // namespace mmo::cli
