#include "common/http/ConnectionSlots.hpp"

namespace mmo::http {

namespace asio = boost::asio;

struct ConnectionSlots::Counts {
    std::mutex mutex;
    std::size_t total = 0;
    std::map<asio::ip::address, std::size_t> perAddress;  // only addresses with open connections
};

namespace {

asio::ip::address canonical(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    return address;
}

}  // namespace

ConnectionSlots::Slot::Slot(std::shared_ptr<Counts> counts, asio::ip::address address)
    : counts_(std::move(counts)), address_(address) {}

ConnectionSlots::Slot& ConnectionSlots::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        release();
        counts_ = std::move(other.counts_);
        address_ = other.address_;
    }
    return *this;
}

ConnectionSlots::Slot::~Slot() {
    release();
}

void ConnectionSlots::Slot::release() {
    if (!counts_) return;
    std::lock_guard lock(counts_->mutex);
    --counts_->total;
    const auto entry = counts_->perAddress.find(address_);
    if (entry != counts_->perAddress.end() && --entry->second == 0) counts_->perAddress.erase(entry);
    counts_.reset();
}

ConnectionSlots::ConnectionSlots(std::size_t maxConnections, std::size_t maxPerAddress)
    : maxConnections_(maxConnections), maxPerAddress_(maxPerAddress), counts_(std::make_shared<Counts>()) {}

std::variant<ConnectionSlots::Slot, ConnectionSlots::Refusal> ConnectionSlots::take(
    const asio::ip::address& address) {
    const auto key = canonical(address);
    std::lock_guard lock(counts_->mutex);
    if (counts_->total >= maxConnections_) return Refusal::ServerFull;
    auto& fromAddress = counts_->perAddress[key];
    if (fromAddress >= maxPerAddress_) return Refusal::AddressFull;
    ++fromAddress;
    ++counts_->total;
    return Slot(counts_, key);
}

std::size_t ConnectionSlots::open() const {
    std::lock_guard lock(counts_->mutex);
    return counts_->total;
}

std::size_t ConnectionSlots::openFrom(const asio::ip::address& address) const {
    std::lock_guard lock(counts_->mutex);
    const auto entry = counts_->perAddress.find(canonical(address));
    return entry == counts_->perAddress.end() ? 0 : entry->second;
}

}  // namespace mmo::http
