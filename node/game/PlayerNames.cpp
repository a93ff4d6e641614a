#include "node/game/PlayerNames.hpp"

namespace mmo::game {

namespace {
constexpr std::size_t kMaxGuestNameBytes = 32;

bool guestNameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
}  // namespace

bool validGuestName(std::string_view name) {
    if (name.empty() || name.size() > kMaxGuestNameBytes) return false;
    for (const char c : name)
        if (!guestNameCharacter(c)) return false;
    return true;
}

std::string guestDisplayName(std::string_view name) {
    return std::string(kGuestPrefix) + std::string(name);
}

std::string nameKey(std::string_view name) {
    std::string key(name);
    for (auto& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

NameRegistry::NameRegistry(const std::vector<std::string>& accountNames) {
    for (const auto& name : accountNames) reserved_.insert(nameKey(name));
}

NameRegistry::Claim NameRegistry::claimGuest(std::uint64_t sessionId, std::string_view name) {
    auto key = nameKey(name);
    if (reserved_.contains(key)) return Claim::ReservedForAccount;
    if (online_.contains(key)) return Claim::InUse;
    take(sessionId, std::move(key));
    return Claim::Taken;
}

void NameRegistry::claimAccount(std::uint64_t sessionId, std::string_view name) {
    take(sessionId, nameKey(name));
}

void NameRegistry::release(std::uint64_t sessionId) {
    const auto it = bySession_.find(sessionId);
    if (it == bySession_.end()) return;
    if (const auto held = online_.find(it->second); held != online_.end() && --held->second == 0)
        online_.erase(held);
    bySession_.erase(it);
}

void NameRegistry::take(std::uint64_t sessionId, std::string key) {
    release(sessionId);  // a session holds one name
    ++online_[key];
    bySession_[sessionId] = std::move(key);
}

}  // namespace mmo::game
