#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/support/RegionNode.hpp"

namespace mmo::test {

// Sends BlockEvents to a region from a background thread, one new cell of row `row` each, recording
// what was acknowledged. Survives the node going away (waits for it to answer again). `pace` spaces the
// writes (0: as fast as the node answers), to bound how many changes a long test checks afterwards.
class ChangeWriter {
  public:
    ChangeWriter(const RegionNode& region, int row,
                 std::chrono::milliseconds pace = std::chrono::milliseconds(0));
    // The same against any node's REST port.
    ChangeWriter(std::uint16_t restPort, int row,
                 std::chrono::milliseconds pace = std::chrono::milliseconds(0));
    ~ChangeWriter();
    ChangeWriter(const ChangeWriter&) = delete;
    ChangeWriter& operator=(const ChangeWriter&) = delete;

    void stop();
    int acked() const { return ackedCount_; }
    std::vector<AckedChange> ackedChanges();

  private:
    void run();

    std::uint16_t restPort_;
    int row_;
    std::chrono::milliseconds pace_;
    std::atomic<bool> stop_{false};
    std::atomic<int> ackedCount_{0};
    std::mutex mutex_;
    std::vector<AckedChange> acked_;
    std::thread thread_;
};

}  // namespace mmo::test
