#pragma once

#include <sodium.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace mmo::auth {

// The password the guide ships in the default config; it is accepted only from loopback clients.
inline constexpr std::string_view kDefaultAdminPassword = "ChangeMe123!";

// Everything the auth core needs, filled once from the node config (auth.* and storage.data_dir).
// Defaults live here; tests lower the argon2 limits to crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN.
struct AuthSettings {
    std::string admin_username = "admin";
    // Plain text from config; AuthService hashes it once and wipes its own copy.
    std::string admin_password = std::string(kDefaultAdminPassword);
    // Empty: a 32-byte secret is generated once and kept in <data_dir>/jwt.secret.
    std::string jwt_secret;
    std::chrono::minutes token_ttl{60};
    // Whether loopback clients may use the default password; false refuses it from every client (behind
    // a reverse proxy on the same host, every client arrives from loopback).
    bool default_password_from_loopback = true;
    std::filesystem::path data_dir = "./data";

    // argon2id cost; the interactive defaults take ~0.1-0.5 s and 64 MiB per hash.
    unsigned long long argon2_ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    std::size_t argon2_mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

    // Login throttle: `login_max_failures` failures from one address within `login_failure_window`
    // lock that address out for `login_lockout`.
    unsigned login_max_failures = 5;
    std::chrono::seconds login_failure_window{60};
    std::chrono::seconds login_lockout{60};
    // Bound on the addresses the throttle remembers; the least recently seen is forgotten first.
    std::size_t login_max_tracked_addresses = 10000;
};

}  // namespace mmo::auth
