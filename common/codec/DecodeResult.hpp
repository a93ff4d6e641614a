#pragma once

#include <utility>
#include <variant>

#include "common/codec/Batch.hpp"
#include "common/codec/DecodeError.hpp"

namespace mmo::codec {

// A decoded Batch or the DecodeError that rejected the input (std::expected is C++23).
class DecodeResult {
  public:
    DecodeResult(Batch batch) : value_(std::move(batch)) {}        // NOLINT: implicit by design
    DecodeResult(DecodeError error) : value_(std::move(error)) {}  // NOLINT: implicit by design

    // True when the input decoded.
    bool ok() const { return std::holds_alternative<Batch>(value_); }
    explicit operator bool() const { return ok(); }
    // The batch; only when ok().
    const Batch& batch() const& { return std::get<Batch>(value_); }
    Batch&& batch() && { return std::get<Batch>(std::move(value_)); }
    // The error; only when !ok().
    const DecodeError& error() const { return std::get<DecodeError>(value_); }

  private:
    std::variant<Batch, DecodeError> value_;
};

}  // namespace mmo::codec
