#include "cli/chaos/WanSpec.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>

#include "cli/ExitCode.hpp"
#include "cli/chaos/RateText.hpp"
#include "cli/util/DurationText.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::chaos {

namespace {

constexpr std::chrono::milliseconds kMaxDelay{60'000};

struct FlagInfo {
    const char* name;
    const char* example;
};
constexpr FlagInfo kLatency{"--wan", "--wan eu=40ms,us=40ms,ap=120ms (or --wan 50ms for every region)"};
constexpr FlagInfo kJitter{"--wan-jitter", "--wan-jitter 10ms or --wan-jitter eu=5ms,ap=20ms"};
constexpr FlagInfo kRate{"--wan-rate", "--wan-rate ap=512kbit (units: kbit, mbit, gbit, KB/s, MB/s)"};

std::vector<std::string> splitItems(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        items.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) return items;
        start = comma + 1;
    }
}

std::string regionNames(const std::vector<std::string>& ids) {
    std::string names;
    for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
    return names;
}

CommandError badItem(const FlagInfo& flag, const std::string& item, const std::string& why) {
    return CommandError{kUsageError,
                        std::string(flag.name) + ": \"" + item + "\": " + why + "; example: " + flag.example};
}

// Applies one flag: `parse` turns a VALUE into the field of the shape that `assign` sets.
template <typename T>
void applyFlag(const FlagInfo& flag, const std::string& text, const std::vector<std::string>& ids,
               const std::function<T(const std::string&)>& parse,
               const std::function<void(LinkShape&, T)>& assign, std::map<std::string, LinkShape>& shapes) {
    if (text.empty()) return;
    std::optional<T> everyRegion;
    std::map<std::string, T> perRegion;
    for (const auto& item : splitItems(text)) {
        if (item.empty()) throw badItem(flag, text, "an empty item (a stray comma?)");
        const auto equals = item.find('=');
        const auto value = equals == std::string::npos ? item : item.substr(equals + 1);
        T parsed{};
        try {
            parsed = parse(value);
        } catch (const std::invalid_argument& e) {
            throw badItem(flag, item, e.what());
        }
        if (equals == std::string::npos) {
            if (everyRegion) throw badItem(flag, item, "a second value for every region");
            everyRegion = parsed;
            continue;
        }
        const auto id = regions::expandAlias(item.substr(0, equals));
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw badItem(flag, item,
                          "region \"" + item.substr(0, equals) + "\" is not one of the regions (" +
                              regionNames(ids) + ")");
        if (!perRegion.emplace(id, parsed).second)
            throw badItem(flag, item, "region " + id + " is given twice");
    }
    for (const auto& id : ids) {
        if (const auto it = perRegion.find(id); it != perRegion.end())
            assign(shapes[id], it->second);
        else if (everyRegion)
            assign(shapes[id], *everyRegion);
    }
}

std::chrono::milliseconds delayValue(const std::string& value) {
    if (!value.empty() && value.find_first_not_of("0123456789.") == std::string::npos && value != "0")
        throw std::invalid_argument("give a unit, e.g. " + value + "ms");
    std::chrono::milliseconds delay{};
    try {
        delay = parseDuration("delay", value);
    } catch (const CommandError&) {
        throw std::invalid_argument("expected a duration such as 40ms or 1.5s (not negative)");
    }
    if (delay > kMaxDelay) throw std::invalid_argument("at most 60s");
    return delay;
}

}  // namespace

std::map<std::string, LinkShape> resolveShapes(const WanFlags& flags,
                                               const std::vector<std::string>& regionIds) {
    std::map<std::string, LinkShape> shapes;
    for (const auto& id : regionIds) shapes[id] = LinkShape{};
    using Ms = std::chrono::milliseconds;
    applyFlag<Ms>(
        kLatency, flags.latency, regionIds, delayValue, [](LinkShape& s, Ms v) { s.latency = v; }, shapes);
    applyFlag<Ms>(
        kJitter, flags.jitter, regionIds, delayValue, [](LinkShape& s, Ms v) { s.jitter = v; }, shapes);
    applyFlag<std::uint64_t>(
        kRate, flags.rate, regionIds, parseRate,
        [](LinkShape& s, std::uint64_t v) { s.rateBitsPerSecond = v; }, shapes);
    return shapes;
}

WanFlags canonicalFlags(const std::map<std::string, LinkShape>& shapes) {
    WanFlags flags;
    for (const auto& [id, shape] : shapes) {
        const auto sep = [](const std::string& s) { return s.empty() ? "" : ","; };
        flags.latency += sep(flags.latency) + id + "=" + formatMillis(shape.latency);
        flags.jitter += sep(flags.jitter) + id + "=" + formatMillis(shape.jitter);
        flags.rate += sep(flags.rate) + id + "=" + formatRate(shape.rateBitsPerSecond);
    }
    return flags;
}

std::chrono::milliseconds parseDelay(const std::string& text) {
    return delayValue(text);
}

std::string formatMillis(std::chrono::milliseconds value) {
    return std::to_string(value.count()) + "ms";
}

}  // namespace mmo::cli::chaos
