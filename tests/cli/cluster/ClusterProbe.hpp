#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/ChangeWriter.hpp"

// What the cluster tests of mmoctl ask the servers and nodes they did not start themselves: NATS
// readiness from the monitoring port, world digests and blocks over REST (the writer under load is
// tests/support ChangeWriter).
namespace mmo::test {

// True when the nats-server behind monitorPort names a JetStream meta leader (/jsz) and /healthz is 200.
bool natsClusterReady(std::uint16_t monitorPort);

// The cluster a stream lives in, from /jsz?streams=true of a server that holds it ("" when it holds none).
std::string streamClusterOn(std::uint16_t monitorPort, const std::string& stream);

// GET /api/world/digest's digest ("" when the node does not answer).
std::string worldDigest(std::uint16_t restPort);

// GET /api/world/block's block_type ("" when the node does not answer).
std::string blockTypeAt(std::uint16_t restPort, int x, int y);

// True when every block is in the world of the region behind restPort.
bool hasAllBlocks(std::uint16_t restPort, const std::vector<AckedChange>& blocks);

}  // namespace mmo::test
