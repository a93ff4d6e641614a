#include "cli/chaos/ControlToken.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/ExitCode.hpp"
#include "cli/state/PrivatePaths.hpp"

namespace mmo::cli::chaos {

namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMaxTokenFileBytes = 4096;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

bool plausibleToken(const std::string& token) {
    if (token.size() < 16 || token.size() > 1024) return false;
    for (const unsigned char c : token)
        if (c <= ' ' || c >= 0x7f) return false;
    return true;
}

}  // namespace

std::string newControlToken() {
    unsigned char bytes[kTokenBytes];
    std::size_t filled = 0;
    while (filled < sizeof bytes) {
        const auto n = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw CommandError{kEnvironmentError,
                               std::string("cannot draw a chaos control token: ") + std::strerror(errno)};
        filled += static_cast<std::size_t>(n);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0xf];
    }
    return token;
}

std::string readControlToken(const std::filesystem::path& file) {
    const int fd = openPrivateRead(file);  // refuses a symlink or another user's file (exit 5)
    if (fd < 0)
        throw CommandError{kEnvironmentError, "cannot read the chaos control token " + file.string() + ": " +
                                                  std::strerror(errno) +
                                                  "; it is created with the set (mmoctl up --wan ...) or by "
                                                  "mmoctl chaos serve --token-file FILE"};
    std::string content(kMaxTokenFileBytes + 1, '\0');
    std::size_t got = 0;
    for (;;) {
        const auto n = ::read(fd, content.data() + got, content.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
        if (got == content.size()) break;
    }
    ::close(fd);
    content.resize(got);
    auto token = trimmed(content);
    if (!plausibleToken(token))
        throw CommandError{kUsageError, file.string() +
                                            " does not hold a chaos control token (16 to 1024 printable "
                                            "characters, no blanks); remove it and a new one is created"};
    return token;
}

std::string loadOrCreateControlToken(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return readControlToken(file);
        throw CommandError{kEnvironmentError, "cannot create the chaos control token " + file.string() +
                                                  ": " + std::strerror(errno) +
                                                  "; pass a --token-file in a directory you can write"};
    }
    const auto token = newControlToken();
    const auto line = token + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        ::unlink(file.c_str());
        throw CommandError{kEnvironmentError, "cannot write the chaos control token " + file.string()};
    }
    return token;
}

bool sameToken(std::string_view given, std::string_view expected) {
    if (expected.empty()) return false;
    unsigned char difference = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < given.size(); ++i)
        difference |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
    return difference == 0;
}

}  // namespace mmo::cli::chaos
