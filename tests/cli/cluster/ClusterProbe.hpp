#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// What the cluster tests of mmoctl ask the servers and nodes they did not start themselves: NATS
// readiness from the monitoring port, world digests and blocks over REST, and a writer under load.
namespace mmo::test {

// True when the nats-server behind monitorPort names a JetStream meta leader (/jsz) and /healthz is 200.
bool natsClusterReady(std::uint16_t monitorPort);

// The cluster a stream lives in, from /jsz?streams=true of a server that holds it ("" when it holds none).
std::string streamClusterOn(std::uint16_t monitorPort, const std::string& stream);

// GET /api/world/digest's digest ("" when the node does not answer).
std::string worldDigest(std::uint16_t restPort);

// GET /api/world/block's block_type ("" when the node does not answer).
std::string blockTypeAt(std::uint16_t restPort, int x, int y);

struct WrittenBlock {
    int x;
    int y;
    std::string type;
};

// Places blocks (BlockEvent through POST /api/admin/events/send) on row `row` of a region from a
// background thread, one new cell each, as fast as the node answers; records what was acknowledged (202).
class BlockWriter {
  public:
    BlockWriter(std::uint16_t restPort, int row);
    ~BlockWriter();
    BlockWriter(const BlockWriter&) = delete;
    BlockWriter& operator=(const BlockWriter&) = delete;

    void stop();
    int acked() const { return acked_; }
    std::vector<WrittenBlock> blocks();

  private:
    void run();

    std::uint16_t port_;
    int row_;
    std::atomic<bool> stop_{false};
    std::atomic<int> acked_{0};
    std::mutex mutex_;
    std::vector<WrittenBlock> blocks_;
    std::thread thread_;
};

// True when every block is in the world of the region behind restPort.
bool hasAllBlocks(std::uint16_t restPort, const std::vector<WrittenBlock>& blocks);

}  // namespace mmo::test
