#pragma once

#include "common/config/LoadState.hpp"

// The *_file variants of the secret keys (auth.admin_password_file, auth.jwt_secret_file,
// eventbus.token_file): a secret read from a file never shows in the process list.
namespace mmo::config::detail {

// For each *_file key that is set: refuses it when its secret is given too, else reads the file (regular
// file, storage.file_key_limit_bytes at most) and applies its content, one trailing newline dropped, as
// the secret, validated like any other value. Runs once every layer is in.
void resolveSecretFiles(LoadState& state);

}  // namespace mmo::config::detail
