#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <variant>

namespace mmo::http {

// How many connections one HTTP server holds, in all and per client address. A connection takes a Slot
// at accept and gives it back when the Slot is destroyed (with its session, on any thread), so the counts
// are exact whatever way a connection ends. IPv4-mapped IPv6 addresses count as their IPv4 address.
class ConnectionSlots {
    struct Counts;

  public:
    // Held by one open connection; gives its place back on destruction.
    class Slot {
      public:
        Slot(Slot&& other) noexcept = default;
        Slot& operator=(Slot&& other) noexcept;
        ~Slot();

        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

      private:
        friend class ConnectionSlots;
        Slot(std::shared_ptr<Counts> counts, boost::asio::ip::address address);
        void release();

        std::shared_ptr<Counts> counts_;
        boost::asio::ip::address address_;
    };

    enum class Refusal { ServerFull, AddressFull };

    ConnectionSlots(std::size_t maxConnections, std::size_t maxPerAddress);

    // A slot for a new connection from `address`, or why there is none.
    std::variant<Slot, Refusal> take(const boost::asio::ip::address& address);

    // Connections open now, in all and from `address`.
    std::size_t open() const;
    std::size_t openFrom(const boost::asio::ip::address& address) const;

    std::size_t maxConnections() const { return maxConnections_; }
    std::size_t maxPerAddress() const { return maxPerAddress_; }

  private:
    std::size_t maxConnections_;
    std::size_t maxPerAddress_;
    std::shared_ptr<Counts> counts_;  // shared with the slots, which may outlive this object
};

}  // namespace mmo::http
