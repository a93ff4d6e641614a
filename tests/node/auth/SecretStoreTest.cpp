#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "node/auth/AuthSetupError.hpp"
#include "node/auth/SecretStore.hpp"
#include "tests/node/auth/AuthTestSupport.hpp"

namespace mmo::auth {
namespace {

std::vector<unsigned char> copy(const SecretBytes& secret) {
    return {secret.bytes().begin(), secret.bytes().end()};
}

mode_t modeOf(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
}

void writeFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
    std::ofstream(path, std::ios::binary) << content;
    ::chmod(path.c_str(), mode);
}

// Without a configured secret, 32 random bytes are written to <data_dir>/jwt.secret with mode 0600.
TEST(SecretStoreTest, GeneratesSecretFileWithMode0600) {
    test::TempDir dir;
    SecretStore store(dir.path() / "region", test::nullLogger());
    const SecretBytes secret = store.resolve("");
    EXPECT_EQ(secret.size(), 32u);
    EXPECT_EQ(std::filesystem::file_size(store.secretPath()), 32u);
    EXPECT_EQ(modeOf(store.secretPath()), 0600u);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path() / "region"), {}),
              1);  // no temp left
}

// A second store on the same data dir (a restart) gets the same secret.
TEST(SecretStoreTest, ReloadReusesTheSecret) {
    test::TempDir dir;
    const auto first = copy(SecretStore(dir.path(), test::nullLogger()).resolve(""));
    const auto second = copy(SecretStore(dir.path(), test::nullLogger()).resolve(""));
    EXPECT_EQ(first, second);
}

// A configured secret of at least 16 bytes is used as is, and no file is created.
TEST(SecretStoreTest, ConfiguredSecretIsUsed) {
    test::TempDir dir;
    SecretStore store(dir.path(), test::nullLogger());
    const std::string configured = "sixteen-bytes-ok";
    const auto secret = copy(store.resolve(configured));
    EXPECT_EQ(secret, std::vector<unsigned char>(configured.begin(), configured.end()));
    EXPECT_FALSE(std::filesystem::exists(store.secretPath()));
}

// A configured secret under 16 bytes is refused, naming auth.jwt_secret and GAME_AUTH_JWT_SECRET.
TEST(SecretStoreTest, ShortConfiguredSecretIsRefused) {
    test::TempDir dir;
    try {
        SecretStore(dir.path(), test::nullLogger()).resolve("too-short");
        FAIL() << "expected AuthSetupError";
    } catch (const AuthSetupError& e) {
        EXPECT_EQ(e.code(), AuthSetupErrorCode::SecretTooShort);
        EXPECT_EQ(e.key(), "auth.jwt_secret");
        EXPECT_NE(std::string(e.what()).find("auth.jwt_secret"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("GAME_AUTH_JWT_SECRET"), std::string::npos) << e.what();
    }
}

// A secret file readable by group/other is refused with a message telling to chmod 600.
TEST(SecretStoreTest, WorldReadableFileIsRefused) {
    test::TempDir dir;
    const auto path = dir.path() / "jwt.secret";
    writeFile(path, std::string(32, 'k'), 0644);
    try {
        SecretStore(dir.path(), test::nullLogger()).resolve("");
        FAIL() << "expected AuthSetupError";
    } catch (const AuthSetupError& e) {
        EXPECT_EQ(e.code(), AuthSetupErrorCode::SecretFileInsecure);
        const std::string message = e.what();
        EXPECT_NE(message.find("chmod 600 " + path.string()), std::string::npos) << message;
        EXPECT_NE(message.find("0644"), std::string::npos) << message;
    }
    EXPECT_EQ(modeOf(path), 0644u);  // refused, not silently changed
}

// A 0600 file written by an operator is used as is.
TEST(SecretStoreTest, ExistingPrivateFileIsUsed) {
    test::TempDir dir;
    writeFile(dir.path() / "jwt.secret", std::string(40, 'k'), 0600);
    const auto secret = copy(SecretStore(dir.path(), test::nullLogger()).resolve(""));
    EXPECT_EQ(secret, std::vector<unsigned char>(40, 'k'));
}

// A file outside 32..1024 bytes is refused.
TEST(SecretStoreTest, WrongSizeFileIsRefused) {
    test::TempDir dir;
    writeFile(dir.path() / "jwt.secret", std::string(31, 'k'), 0600);
    EXPECT_THROW(SecretStore(dir.path(), test::nullLogger()).resolve(""), AuthSetupError);
    writeFile(dir.path() / "jwt.secret", std::string(1025, 'k'), 0600);
    EXPECT_THROW(SecretStore(dir.path(), test::nullLogger()).resolve(""), AuthSetupError);
}

// A symlink in place of the file is not followed.
TEST(SecretStoreTest, SymlinkIsNotFollowed) {
    test::TempDir dir;
    writeFile(dir.path() / "elsewhere", std::string(32, 'k'), 0600);
    std::filesystem::create_symlink(dir.path() / "elsewhere", dir.path() / "jwt.secret");
    EXPECT_THROW(SecretStore(dir.path(), test::nullLogger()).resolve(""), AuthSetupError);
}

// A FIFO in place of the file is refused at once (nobody writes to it: a blocking open would hang).
TEST(SecretStoreTest, FifoIsRefusedWithoutBlocking) {
    test::TempDir dir;
    ASSERT_EQ(::mkfifo((dir.path() / "jwt.secret").c_str(), 0600), 0);
    EXPECT_THROW(SecretStore(dir.path(), test::nullLogger()).resolve(""), AuthSetupError);
}

}  // namespace
}  // namespace mmo::auth
