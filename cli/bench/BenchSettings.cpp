#include "cli/bench/BenchSettings.hpp"

#include <cmath>
#include <cstdlib>
#include <set>

#include "cli/ExitCode.hpp"
#include "cli/bench/CpuAffinity.hpp"
#include "cli/bench/CpuList.hpp"
#include "cli/util/DurationText.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::bench {

namespace {

double parsePositive(const std::string& flag, const std::string& text, const std::string& what) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(value) || value <= 0)
        throw CommandError{kUsageError, flag + ": expected " + what + ", got \"" + text + "\""};
    return value;
}

}  // namespace

void parseRate(const std::string& text, RateMode& mode, double& rate) {
    if (text == "max") {
        mode = RateMode::Max;
        rate = 0;
        return;
    }
    if (text == "half") {
        mode = RateMode::Half;
        rate = 0;
        return;
    }
    rate = parsePositive("--rate", text,
                         "max, half or a positive number of changes per second (all regions together)");
    if (rate > 1e8) throw CommandError{kUsageError, "--rate: at most 100000000 changes per second"};
    mode = RateMode::Fixed;
}

bool parseOnOff(const std::string& flag, const std::string& text) {
    if (text == "on" || text == "true" || text == "yes" || text == "1") return true;
    if (text == "off" || text == "false" || text == "no" || text == "0") return false;
    throw CommandError{kUsageError, flag + ": expected on or off, got \"" + text + "\""};
}

std::string rateText(RateMode mode, double rate) {
    if (mode == RateMode::Max) return "max";
    if (mode == RateMode::Half) return "half";
    char text[32];
    std::snprintf(text, sizeof text, "%g", rate);
    return text;
}

std::vector<std::string> parseBenchRegions(const std::vector<std::string>& names) {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& name : names) {
        const auto id = regions::expandAlias(name);
        if (!regions::isValidRegionId(id))
            throw CommandError{kUsageError, "--regions: \"" + name +
                                                "\" is neither an alias (eu, us, ap) nor a region id "
                                                "matching [a-z0-9][a-z0-9-]{0,31}"};
        if (!seen.insert(id).second) throw CommandError{kUsageError, "--regions: " + id + " is given twice"};
        ids.push_back(id);
    }
    return ids;
}

BenchSettings parseBenchSettings(const BenchSyncOptions& options) {
    BenchSettings s;
    if (options.regions.size() < 2)
        throw CommandError{kUsageError, "--regions: give at least two regions (changes flow between them)"};
    s.regions = parseBenchRegions(options.regions);
    s.duration = parseDuration("--duration", options.duration);
    if (s.duration < std::chrono::milliseconds(500))
        throw CommandError{kUsageError, "--duration: at least 500ms, got \"" + options.duration + "\""};
    parseRate(options.rate, s.mode, s.rate);
    if (options.batchSize < 1 || options.batchSize > 100000)
        throw CommandError{kUsageError, "--batch-size: expected 1..100000"};
    s.batchSize = options.batchSize;
    s.flushSeconds =
        parsePositive("--flush", options.flush, "a positive number of seconds such as 0.05 or 3");
    if (s.flushSeconds > 3600) throw CommandError{kUsageError, "--flush: at most 3600 seconds"};
    s.gzip = parseOnOff("--gzip", options.gzip);
    s.connections = options.connections;
    s.inFlight = options.inFlight;
    s.areaSide = options.areaSide;
    s.seed = options.seed;
    s.baselines = options.baselines;
    if (!options.driverCpus.empty() || !options.setCpus.empty()) {
        const auto allowed = allowedCpus();
        s.driverCpus = parseCpuFlag("--driver-cpus", options.driverCpus, allowed);
        s.setCpus = parseCpuFlag("--set-cpus", options.setCpus, allowed);
    }
    return s;
}

}  // namespace mmo::cli::bench
