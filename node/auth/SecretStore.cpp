#include "node/auth/SecretStore.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include "common/posix/PrivateDirectory.hpp"
#include "common/posix/UniqueFd.hpp"
#include "node/auth/AuthSetupError.hpp"

namespace mmo::auth {

namespace {

[[noreturn]] void ioFailure(const std::filesystem::path& path, const std::string& action, int err) {
    throw AuthSetupError(AuthSetupErrorCode::SecretFileIo, path.string(),
                         "cannot " + action + " " + path.string() + ": " + std::strerror(err) +
                             "; check that storage.data_dir is writable by the node, or set auth.jwt_secret");
}

std::string octalMode(mode_t mode) {
    std::array<char, 8> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04o", static_cast<unsigned>(mode & 07777));
    return buffer.data();
}

}  // namespace

SecretStore::SecretStore(std::filesystem::path dataDir, std::shared_ptr<spdlog::logger> logger)
    : dataDir_(std::move(dataDir)), logger_(std::move(logger)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise (sodium_init)");
}

SecretBytes SecretStore::resolve(std::string_view configuredSecret) const {
    if (!configuredSecret.empty()) {
        if (configuredSecret.size() < kMinConfiguredBytes) {
            throw AuthSetupError(AuthSetupErrorCode::SecretTooShort, "auth.jwt_secret",
                                 "auth.jwt_secret (GAME_AUTH_JWT_SECRET) is " +
                                     std::to_string(configuredSecret.size()) +
                                     " bytes long; use at least 16 random bytes, or leave it empty to have "
                                     "the node generate one in storage.data_dir");
        }
        logger_->debug("JWT secret: from auth.jwt_secret");
        return SecretBytes(configuredSecret);
    }
    if (auto existing = load()) {
        logger_->debug("JWT secret: loaded from {}", secretPath().string());
        return std::move(*existing);
    }
    return generate();
}

std::optional<SecretBytes> SecretStore::load() const {
    const std::filesystem::path path = secretPath();
    // O_NONBLOCK: a FIFO in place of the file is opened at once and refused below, not waited on.
    posix::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::nullopt;
        ioFailure(path, "open", errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) ioFailure(path, "stat", errno);
    if (!S_ISREG(info.st_mode)) {
        throw AuthSetupError(
            AuthSetupErrorCode::SecretFileInvalid, path.string(),
            path.string() + " is not a regular file; remove it to have a new secret generated");
    }
    // Refuse rather than fix: a key others could read may already be leaked, and tokens signed
    // with it forged. The operator decides (chmod, or delete to rotate).
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw AuthSetupError(AuthSetupErrorCode::SecretFileInsecure, path.string(),
                             path.string() + " has mode " + octalMode(info.st_mode) +
                                 ": group/other can access the JWT secret; run `chmod 600 " + path.string() +
                                 "` (or delete it to generate a new secret, which logs everyone out)");
    }
    const auto size = static_cast<std::size_t>(info.st_size);
    if (size < kMinFileBytes || size > kMaxFileBytes) {
        throw AuthSetupError(AuthSetupErrorCode::SecretFileInvalid, path.string(),
                             path.string() + " holds " + std::to_string(size) +
                                 " bytes; a JWT secret file must hold 32..1024 bytes (delete it to have a "
                                 "new one generated)");
    }
    std::array<unsigned char, kMaxFileBytes> buffer{};
    std::size_t total = 0;
    while (total < size) {
        const ssize_t n = ::read(fd.get(), buffer.data() + total, size - total);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) ioFailure(path, "read", errno);
        if (n == 0) break;
        total += static_cast<std::size_t>(n);
    }
    SecretBytes secret(std::span<const unsigned char>(buffer.data(), total));
    sodium_memzero(buffer.data(), buffer.size());
    if (total != size) ioFailure(path, "read all of", EIO);
    return secret;
}

SecretBytes SecretStore::generate() const {
    const std::filesystem::path path = secretPath();
    if (const auto ec = posix::createPrivateDirectory(dataDir_))
        ioFailure(dataDir_, "create directory", ec.value());

    std::array<unsigned char, kGeneratedBytes> key{};
    randombytes_buf(key.data(), key.size());
    SecretBytes secret(key);
    sodium_memzero(key.data(), key.size());

    // Write a private temp file, make it durable, then rename it over the final name and sync the
    // directory: a crash leaves either no secret or the whole one, never a torn or readable file.
    const std::filesystem::path temp =
        dataDir_ / (std::string(kFileName) + ".tmp." + std::to_string(::getpid()) + "." +
                    std::to_string(randombytes_random()));
    {
        posix::UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd.valid()) ioFailure(temp, "create", errno);
        auto fail = [&](const char* action) {
            const int err = errno;
            ::unlink(temp.c_str());
            ioFailure(temp, action, err);
        };
        if (::fchmod(fd.get(), 0600) != 0) fail("chmod 600");  // exactly 0600 whatever the umask
        std::size_t written = 0;
        while (written < secret.size()) {
            const ssize_t n = ::write(fd.get(), secret.bytes().data() + written, secret.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail("write");
            written += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0) fail("fsync");
        if (fd.reset() != 0) fail("close");
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        ioFailure(path, "rename into place", err);
    }
    posix::UniqueFd dir(::open(dataDir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid() || ::fsync(dir.get()) != 0) ioFailure(dataDir_, "fsync directory", errno);
    logger_->info("JWT secret: generated a new one in {} (mode 0600)", path.string());
    return secret;
}

}  // namespace mmo::auth
