#include "cli/bench/ChangeStream.hpp"

namespace mmo::cli::bench {

ChangeStream::ChangeStream(std::uint32_t seed, int region, int lane, int side)
    : side_(static_cast<std::uint64_t>(side)) {
    std::seed_seq sequence{seed, static_cast<std::uint32_t>(region), static_cast<std::uint32_t>(lane)};
    random_.seed(sequence);
}

CellWrite ChangeStream::next() {
    const auto r = random_();
    CellWrite w;
    w.x = static_cast<std::int32_t>((r & 0xffffffu) % side_);
    w.y = static_cast<std::int32_t>(((r >> 24) & 0xffffffu) % side_);
    w.type = static_cast<std::uint16_t>(1 + (r >> 60) % 15);
    return w;
}

}  // namespace mmo::cli::bench
