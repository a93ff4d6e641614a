#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "common/http/ConnectionSlots.hpp"

namespace mmo::http {
namespace {

namespace asio = boost::asio;

// Per address first, then in all; a released slot is free again.
TEST(ConnectionSlots, CapsPerAddressAndInAll) {
    ConnectionSlots slots(5, 2);
    const auto a = asio::ip::make_address("127.0.0.1");
    const auto b = asio::ip::make_address("10.0.0.2");
    std::vector<ConnectionSlots::Slot> held;
    for (int i = 0; i < 2; ++i) held.push_back(std::get<ConnectionSlots::Slot>(slots.take(a)));
    EXPECT_EQ(std::get<ConnectionSlots::Refusal>(slots.take(a)), ConnectionSlots::Refusal::AddressFull);
    EXPECT_EQ(slots.openFrom(a), 2u);
    for (int i = 0; i < 2; ++i) held.push_back(std::get<ConnectionSlots::Slot>(slots.take(b)));
    held.push_back(std::get<ConnectionSlots::Slot>(slots.take(asio::ip::make_address("10.0.0.3"))));
    EXPECT_EQ(slots.open(), 5u);
    EXPECT_EQ(std::get<ConnectionSlots::Refusal>(slots.take(asio::ip::make_address("10.0.0.4"))),
              ConnectionSlots::Refusal::ServerFull);
    held.erase(held.begin());  // one of a's
    EXPECT_EQ(slots.open(), 4u);
    EXPECT_EQ(slots.openFrom(a), 1u);
    EXPECT_TRUE(std::holds_alternative<ConnectionSlots::Slot>(slots.take(a)));  // taken and released at once
    EXPECT_EQ(slots.open(), 4u);
}

// ::ffff:127.0.0.1 and 127.0.0.1 are the same client.
TEST(ConnectionSlots, MappedIpv4CountsAsIpv4) {
    ConnectionSlots slots(10, 1);
    auto held = std::get<ConnectionSlots::Slot>(slots.take(asio::ip::make_address("127.0.0.1")));
    EXPECT_EQ(std::get<ConnectionSlots::Refusal>(slots.take(asio::ip::make_address("::ffff:127.0.0.1"))),
              ConnectionSlots::Refusal::AddressFull);
}

// A slot outliving its ConnectionSlots gives back nothing twice and does not crash.
TEST(ConnectionSlots, SlotsMayOutliveTheirCounter) {
    std::optional<ConnectionSlots::Slot> held;
    {
        ConnectionSlots slots(1, 1);
        held.emplace(std::get<ConnectionSlots::Slot>(slots.take(asio::ip::make_address("::1"))));
    }
    held.reset();
    SUCCEED();
}

}  // namespace
}  // namespace mmo::http
