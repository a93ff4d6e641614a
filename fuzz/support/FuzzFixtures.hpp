#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

// Fixed values the fuzz targets and the seed generator share, so that generated seeds (tokens above all)
// stay valid for the targets that replay them.
namespace mmo::fuzz {

// The HS256 key every fuzzed node and JwtCodec uses (>= 16 bytes, as auth.jwt_secret requires).
inline constexpr std::string_view kJwtSecret = "fuzzing-only-secret-0123456789abcdef";

// The token lifetime of every fuzzed JwtCodec (auth.token_ttl_minutes' default).
inline constexpr std::chrono::minutes kTokenLifetime{60};

// The fuzzed node's wall clock: 2024-01-01T00:00:00Z. Seed tokens are issued at this time.
inline constexpr std::int64_t kNowUnixSeconds = 1704067200;
inline std::chrono::system_clock::time_point fixedNow() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNowUnixSeconds));
}

// The fuzzed node's region.
inline constexpr std::string_view kRegion = "eu-west-1";

}  // namespace mmo::fuzz
