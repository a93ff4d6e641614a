#pragma once

#include <cstddef>
#include <cstdint>

namespace mmo::codec {

// Hard bounds a decoder enforces before it allocates or inflates; the defaults are safe for the node.
struct DecodeLimits {
    std::size_t max_encoded_bytes = 4u << 20;        // whole message as received (4 MiB)
    std::size_t max_decompressed_bytes = 16u << 20;  // body after gunzip (16 MiB)
    std::uint64_t max_changes = 100000;              // changes in one batch
};

}  // namespace mmo::codec
