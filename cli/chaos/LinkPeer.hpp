#pragma once

#include <cstddef>

namespace mmo::cli::chaos {

// The two directions of a link: from the node to NATS, and back.
enum class Direction { Up = 0, Down = 1 };

// What a region link needs from each of its open connections.
class LinkPeer {
  public:
    virtual ~LinkPeer() = default;

    // The link's state changed (healed, reshaped): resume reading and writing as it now allows.
    virtual void linkChanged() = 0;

    // Close both sides at once with a TCP reset (a `partition --mode reset`).
    virtual void reset() = 0;

    // Bytes read and not yet written, in one direction.
    virtual std::size_t queued(Direction direction) const = 0;
};

}  // namespace mmo::cli::chaos
