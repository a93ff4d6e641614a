#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/codec/Batch.hpp"
#include "common/codec/DecodeError.hpp"
#include "common/codec/DecodeLimits.hpp"

namespace mmo::codec {

// The uncompressed body of an "MMOB" batch (header fields and the delta-coded change list), without
// the frame around it; BatchCodec adds the frame, the CRC and gzip.
class BatchBody {
  public:
    // Appends the body of `batch` to `out`; throws std::invalid_argument for an unencodable batch.
    static void write(const Batch& batch, std::vector<std::uint8_t>& out);
    // Parses a whole body into `out`; returns the error instead when it is malformed.
    static std::optional<DecodeError> read(std::span<const std::uint8_t> body, const DecodeLimits& limits,
                                           Batch& out);
};

}  // namespace mmo::codec
