#include "common/codec/SyncWire.hpp"

#include <cstdio>

namespace mmo::codec::wire {

std::string syncSubjectPrefix(std::string_view stream) {
    std::string prefix(stream);
    prefix += ".sync.";
    return prefix;
}

std::string syncSubject(std::string_view stream, std::string_view region) {
    return syncSubjectPrefix(stream) + std::string(region);
}

std::string allSyncSubjects(std::string_view stream) {
    return syncSubjectPrefix(stream) + ">";
}

std::string regionOfSubject(std::string_view stream, std::string_view subject) {
    const std::string prefix = syncSubjectPrefix(stream);
    if (subject.size() <= prefix.size() || subject.substr(0, prefix.size()) != prefix) return {};
    return std::string(subject.substr(prefix.size()));
}

std::string batchMessageId(std::string_view region, std::uint64_t epoch, std::uint64_t sequence) {
    char tail[48];
    std::snprintf(tail, sizeof tail, "-%016llx-%llu", static_cast<unsigned long long>(epoch),
                  static_cast<unsigned long long>(sequence));
    return std::string(region) + tail;
}

}  // namespace mmo::codec::wire
