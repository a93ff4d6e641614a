#pragma once

#include <string>
#include <vector>

// Where the links of `mmoctl up --wan` lead: the node of region i connects to the chaos proxy's port
// 5222+i (plus the offset), and the proxy forwards to the NATS the node would have used directly.
namespace mmo::cli {

// The NATS client addresses ("127.0.0.1:4222") the proxy tries, in order, for region `regionIndex`: the
// local server, or for a local cluster of natsServers every server beginning with the region's own (the
// order its config would list), or the servers of an external URL list.
std::vector<std::string> chaosUpstreams(const std::string& externalNatsUrl, int offset, int natsServers,
                                        int regionIndex);

// Throws CommandError (exit 2) when an external --nats-url cannot go through the proxy: a tls:// URL
// (the node would check the server's certificate against 127.0.0.1).
void checkChaosCanCarry(const std::string& externalNatsUrl);

// The eventbus.url of region `regionIndex`'s node: nats://127.0.0.1:<its link port>, with the user info
// of an external URL (user:pass@, token@) kept.
std::string chaosNodeUrl(int offset, int regionIndex, const std::string& externalNatsUrl = "");

}  // namespace mmo::cli
