#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "cli/bench/BenchReport.hpp"
#include "cli/bench/PairSeries.hpp"

// A bench result as a 3-region run with baselines would make it, with made-up figures, for the report tests.
namespace mmo::cli::bench::synthetic {

inline PassResult syntheticPass(const std::string& name, double perPair, bool latency) {
    const std::vector<std::string> regions{"eu-west-1", "us-east-1", "ap-south-1"};
    PassResult pass;
    pass.name = name;
    pass.rate = "max";
    pass.loadSeconds = 2.0;
    pass.changesSent = pass.changesAcked = static_cast<std::uint64_t>(perPair * 2);
    pass.bytesPerChange = 6.0;
    int index = 0;
    for (const auto& s : regions)
        for (const auto& d : regions) {
            if (s == d) continue;
            PairResult pair;
            pair.source = s;
            pair.destination = d;
            pair.appliedChanges = static_cast<std::uint64_t>(perPair * 2);
            pair.seconds = 2.1;
            pair.appliedPerSecond = perPair;
            pair.seriesIntervalSeconds = 0.1;
            for (int i = 0; i < 21; ++i)
                pair.appliedPerSecondSeries.push_back(perPair * (0.8 + 0.2 * std::sin(i + index)));
            if (latency) {
                std::vector<double> samples;
                for (int i = 0; i < 500; ++i) samples.push_back(10.0 + index + (i % 97) * 0.7);
                pair.latencyCdfMs = latencyCdf(samples);
                pair.latency = summarize(samples);
            }
            pass.pairs.push_back(std::move(pair));
            ++index;
        }
    return pass;
}

inline BenchResult syntheticResult() {
    BenchResult result;
    result.settings.regions = {"eu-west-1", "us-east-1", "ap-south-1"};
    result.settings.duration = std::chrono::seconds(2);
    result.set = "own";
    result.syncSource = "synthetic";
    result.natsServerVersion = "v2.9.10";
    result.project = syntheticPass("project", 70000, true);
    result.naive = syntheticPass("naive", 4500, true);
    result.raw = syntheticPass("raw", 260000, false);
    result.ratioVsNaive = throughputRatio(result.project, *result.naive);
    result.ratioVsRaw = throughputRatio(result.project, *result.raw);
    return result;
}

}  // namespace mmo::cli::bench::synthetic
