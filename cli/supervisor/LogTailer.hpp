#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace mmo::cli {

// Follows log files like `tail -F`: each poll() hands over the complete lines appended since the last
// one. A file that shrinks (truncated or replaced) is read again from its start; a missing file is
// waited for.
class LogTailer {
  public:
    using Sink = std::function<void(const std::string& name, const std::string& line)>;

    // Follows `file` under `name`; fromEnd skips what the file holds now.
    void add(const std::string& name, const std::filesystem::path& file, bool fromEnd);

    // Reads what is new in every file; returns true when at least one line was passed to sink.
    bool poll(const Sink& sink);

  private:
    struct Followed {
        std::string name;
        std::filesystem::path file;
        std::uintmax_t offset = 0;
        std::string partial;  // an unfinished last line
    };
    std::vector<Followed> files_;
};

// The last `count` lines of a file (fewer when it has fewer; none when it is missing).
std::vector<std::string> lastLines(const std::filesystem::path& file, std::size_t count);

// A sortable key from the timestamp near the start of a log line ("2024-05-01T10:00:00.123Z ..." of
// mmo-node, "[42] 2024/05/01 10:00:00.123456 [INF] ..." of nats-server); empty when there is none.
std::string timestampKey(const std::string& line);

}  // namespace mmo::cli
