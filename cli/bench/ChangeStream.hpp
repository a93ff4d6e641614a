#pragma once

#include <cstdint>
#include <random>

namespace mmo::cli::bench {

// One write of the load: a block type (1..15) at a cell of the area.
struct CellWrite {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 1;
};

// A deterministic stream of random writes in the square [0, side) x [0, side): the same (seed, region,
// lane) always gives the same writes, so the project and both baselines get the same change stream.
class ChangeStream {
  public:
    ChangeStream(std::uint32_t seed, int region, int lane, int side);
    CellWrite next();

  private:
    std::mt19937_64 random_;
    std::uint64_t side_;
};

}  // namespace mmo::cli::bench
