#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mmo::game {

// What every guest's name starts with wherever other players see it (WELCOME, CHAT_MESSAGE, the chat on
// the bus). Guest names cannot contain ':', so no guest can drop it; accounts never have it.
inline constexpr std::string_view kGuestPrefix = "guest:";

// A guest name as the client gives it: 1-32 characters of A-Z a-z 0-9 _ -.
bool validGuestName(std::string_view name);
// The name a guest is shown under: kGuestPrefix + name.
std::string guestDisplayName(std::string_view name);
// The form names are compared in: ASCII lower case ("Admin" and "admin" are one name).
std::string nameKey(std::string_view name);

// The player names taken on one node: the reserved account names (for ever) and the names of the players
// logged in (while their session lasts). A guest may take neither; a token player is the account itself
// and always may (also twice). Not thread-safe: GameServer guards it with its mutex.
class NameRegistry {
  public:
    enum class Claim { Taken, ReservedForAccount, InUse };

    explicit NameRegistry(const std::vector<std::string>& accountNames);

    // Takes the bare guest name for the session, or says why not.
    Claim claimGuest(std::uint64_t sessionId, std::string_view name);
    // Takes an account's name for the session (a token player).
    void claimAccount(std::uint64_t sessionId, std::string_view name);
    // Frees the session's name (nothing when it has none).
    void release(std::uint64_t sessionId);

  private:
    void take(std::uint64_t sessionId, std::string key);

    std::set<std::string> reserved_;
    std::map<std::string, std::size_t> online_;  // name key -> sessions holding it
    std::unordered_map<std::uint64_t, std::string> bySession_;
};

}  // namespace mmo::game
