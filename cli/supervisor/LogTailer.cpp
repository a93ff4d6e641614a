#include "cli/supervisor/LogTailer.hpp"

#include <cctype>
#include <deque>
#include <fstream>

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxReadPerPoll = 1u << 20;  // a flood is delivered over several polls

bool digits(const std::string& s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

}  // namespace

void LogTailer::add(const std::string& name, const fs::path& file, bool fromEnd) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    files_.push_back({name, file, fromEnd && !ec ? size : 0, {}});
}

bool LogTailer::poll(const Sink& sink) {
    bool any = false;
    for (auto& f : files_) {
        std::error_code ec;
        const auto size = fs::file_size(f.file, ec);
        if (ec) continue;
        if (size < f.offset) {
            f.offset = 0;
            f.partial.clear();
        }
        if (size == f.offset) continue;
        std::ifstream in(f.file, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(f.offset));
        std::string chunk(
            static_cast<std::size_t>(std::min<std::uintmax_t>(size - f.offset, kMaxReadPerPoll)), '\0');
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.resize(static_cast<std::size_t>(in.gcount()));
        f.offset += chunk.size();
        f.partial += chunk;
        std::size_t start = 0;
        for (auto nl = f.partial.find('\n'); nl != std::string::npos; nl = f.partial.find('\n', start)) {
            sink(f.name, f.partial.substr(start, nl - start));
            any = true;
            start = nl + 1;
        }
        f.partial.erase(0, start);
    }
    return any;
}

std::vector<std::string> lastLines(const fs::path& file, std::size_t count) {
    std::ifstream in(file, std::ios::binary);
    std::deque<std::string> lines;
    std::string line;
    while (count > 0 && std::getline(in, line)) {
        lines.push_back(std::move(line));
        if (lines.size() > count) lines.pop_front();
    }
    return {lines.begin(), lines.end()};
}

std::string timestampKey(const std::string& line) {
    // Look for YYYY?MM?DD?HH:MM:SS[.fraction] in the first 48 characters.
    const std::size_t limit = std::min<std::size_t>(line.size(), 48);
    for (std::size_t i = 0; i < limit; ++i) {
        if (!digits(line, i, 4) || !digits(line, i + 5, 2) || !digits(line, i + 8, 2) ||
            !digits(line, i + 11, 2) || !digits(line, i + 14, 2) || !digits(line, i + 17, 2) ||
            line[i + 13] != ':' || line[i + 16] != ':')
            continue;
        std::string key = line.substr(i, 4) + line.substr(i + 5, 2) + line.substr(i + 8, 2) +
                          line.substr(i + 11, 2) + line.substr(i + 14, 2) + line.substr(i + 17, 2) + ".";
        std::size_t j = i + 19;
        if (j < line.size() && line[j] == '.')
            for (++j; j < line.size() && std::isdigit(static_cast<unsigned char>(line[j])); ++j)
                key += line[j];
        key.resize(std::max<std::size_t>(key.size(), 15 + 6), '0');  // same precision for every source
        return key.substr(0, 21);
    }
    return {};
}

}  // namespace mmo::cli
