#include "cli/bench/BenchReport.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

#include "cli/bench/CpuList.hpp"
#include "cli/util/TextTable.hpp"

namespace mmo::cli::bench {

namespace json = boost::json;

namespace {

std::string fixed(double v, int digits = 1) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

json::value latencyJson(const std::optional<LatencySummary>& l) {
    if (!l || l->samples == 0) return nullptr;
    return json::object{{"p50", l->p50}, {"p99", l->p99}, {"max", l->max}, {"samples", l->samples}};
}

json::array pairsJson(const PassResult& pass) {
    json::array pairs;
    for (const auto& p : pass.pairs)
        pairs.push_back(json::object{{"source", p.source},
                                     {"destination", p.destination},
                                     {"applied_changes", p.appliedChanges},
                                     {"seconds", p.seconds},
                                     {"applied_per_second", p.appliedPerSecond},
                                     {"latency_ms", latencyJson(p.latency)}});
    return pairs;
}

json::value optionalNumber(const std::optional<double>& v) {
    if (!v) return nullptr;
    return *v;
}

json::object cpuJson(const PassResult& pass) {
    const auto& c = pass.cpu;
    const auto applied = static_cast<double>(pass.appliedChanges());
    const auto acked = static_cast<double>(pass.changesAcked);
    return json::object{
        {"window_seconds", c.windowSeconds},
        {"node_seconds", optionalNumber(c.nodes)},
        {"nats_server_seconds", optionalNumber(c.natsServer)},
        {"mmoctl_seconds", optionalNumber(c.mmoctl)},
        {"applied_changes", pass.appliedChanges()},
        {"node_seconds_per_million_applied", optionalNumber(perMillion(c.nodes, applied))},
        {"node_seconds_per_million_acked", optionalNumber(perMillion(c.nodes, acked))},
        {"nats_server_seconds_per_million_applied", optionalNumber(perMillion(c.natsServer, applied))},
        {"mmoctl_seconds_per_million_applied", optionalNumber(perMillion(c.mmoctl, applied))}};
}

json::object passJson(const PassResult& pass) {
    json::array problems;
    for (const auto& p : pass.problems) problems.push_back(json::value(p));
    return json::object{{"rate", pass.rate},
                        {"load_seconds", pass.loadSeconds},
                        {"changes_sent", pass.changesSent},
                        {"changes_acked", pass.changesAcked},
                        {"acked_per_second", pass.ackedPerSecond()},
                        {"refused", pass.refused},
                        {"messages", pass.messages},
                        {"bytes_per_change", pass.bytesPerChange},
                        {"applied_per_second", pass.totalAppliedPerSecond()},
                        {"complete", pass.complete},
                        {"problems", problems},
                        {"cpu", cpuJson(pass)},
                        {"pairs", pairsJson(pass)}};
}

std::string seconds(const std::optional<double>& v, int digits = 2) {
    return v ? fixed(*v, digits) + " s" : std::string("-");
}

// "cpu over 11.2 s: nodes 12.30 s (4.10 s per million applied, 8.20 per million acked), ..."
void printCpu(const PassResult& pass, std::ostream& out) {
    const auto& c = pass.cpu;
    const auto applied = static_cast<double>(pass.appliedChanges());
    out << "  cpu over " << fixed(c.windowSeconds) << " s:";
    if (c.nodes)
        out << " nodes " << seconds(c.nodes) << " (" << seconds(perMillion(c.nodes, applied))
            << " per million applied, "
            << seconds(perMillion(c.nodes, static_cast<double>(pass.changesAcked))) << " per million acked),";
    out << " nats-server " << seconds(c.natsServer) << " (" << seconds(perMillion(c.natsServer, applied))
        << " per million applied), mmoctl " << seconds(c.mmoctl) << " ("
        << seconds(perMillion(c.mmoctl, applied)) << " per million applied)\n";
}

void printPass(const PassResult& pass, const std::string& title, std::ostream& out) {
    out << title << ": " << fixed(pass.totalAppliedPerSecond(), 0) << " changes applied/s over all pairs, "
        << pass.changesAcked << " of " << pass.changesSent << " changes acknowledged in "
        << fixed(pass.loadSeconds) << " s (" << fixed(pass.ackedPerSecond(), 0) << "/s), "
        << fixed(pass.bytesPerChange, 2) << " bytes/change on the wire\n";
    TextTable table(
        {"SOURCE", "DESTINATION", "APPLIED", "APPLIED/S", "P50 MS", "P99 MS", "MAX MS", "SAMPLES"});
    for (const auto& p : pass.pairs) {
        const bool has = p.latency && p.latency->samples > 0;
        table.addRow({p.source, p.destination, std::to_string(p.appliedChanges), fixed(p.appliedPerSecond, 0),
                      has ? fixed(p.latency->p50) : "-", has ? fixed(p.latency->p99) : "-",
                      has ? fixed(p.latency->max) : "-", has ? std::to_string(p.latency->samples) : "-"});
    }
    table.print(out);
    printCpu(pass, out);
    for (const auto& problem : pass.problems) out << "  warning: " << problem << "\n";
}

}  // namespace

std::uint64_t PassResult::appliedChanges() const {
    std::uint64_t sum = 0;
    for (const auto& p : pairs) sum += p.appliedChanges;
    return sum;
}

double PassResult::totalAppliedPerSecond() const {
    double sum = 0;
    for (const auto& p : pairs) sum += p.appliedPerSecond;
    return sum;
}

double PassResult::ackedPerSecond() const {
    return loadSeconds > 0 ? static_cast<double>(changesAcked) / loadSeconds : 0;
}

double PassResult::worstP99() const {
    double worst = 0;
    for (const auto& p : pairs)
        if (p.latency) worst = std::max(worst, p.latency->p99);
    return worst;
}

std::optional<double> throughputRatio(const PassResult& project, const PassResult& baseline) {
    const double b = baseline.totalAppliedPerSecond();
    if (b <= 0) return std::nullopt;
    return project.totalAppliedPerSecond() / b;
}

std::optional<double> cpuRatio(const PassResult& project, const PassResult& raw) {
    const auto node = perMillion(project.cpu.nodes, static_cast<double>(project.appliedChanges()));
    const auto client = perMillion(raw.cpu.mmoctl, static_cast<double>(raw.appliedChanges()));
    if (!node || !client || *client <= 0) return std::nullopt;
    return *node / *client;
}

double latencyTargetMs(double flushSeconds) {
    return flushSeconds * 1000.0 + 50.0;
}

json::object toJson(const BenchResult& r) {
    const auto& s = r.settings;
    json::array regions;
    for (const auto& id : s.regions) regions.push_back(json::value(id));
    json::object settings{
        {"regions", regions},
        {"duration_seconds", static_cast<double>(s.duration.count()) / 1000.0},
        {"rate", rateText(s.mode, s.rate)},
        {"batch_size", s.batchSize},
        {"flush_every_seconds", s.flushSeconds},
        {"use_gzip_compression", s.gzip},
        {"settings_from", r.syncSource},
        {"connections_per_region", s.connections},
        {"in_flight_per_connection", s.inFlight},
        {"area", json::object{{"x", 0}, {"y", 0}, {"side", s.areaSide}}},
        {"seed", s.seed},
        {"set", r.set},
        {"driver_cpus", s.driverCpus.empty() ? json::value(nullptr) : json::value(cpuListText(s.driverCpus))},
        {"set_cpus", s.setCpus.empty() ? json::value(nullptr) : json::value(cpuListText(s.setCpus))},
        {"nats_server_version", r.natsServerVersion}};
    const double worst = r.project.worstP99();
    json::object out{
        {"settings", settings},
        {"ratio_vs_naive", optionalNumber(r.ratioVsNaive)},
        {"ratio_vs_raw", optionalNumber(r.ratioVsRaw)},
        {"cpu_ratio_vs_raw", optionalNumber(r.cpuRatioVsRaw)},
        {"cpu_check",
         json::object{{"node_per_raw_client_per_million_applied", optionalNumber(r.cpuRatioVsRaw)},
                      {"target", kCpuRatioTarget},
                      {"met", r.cpuRatioVsRaw ? json::value(*r.cpuRatioVsRaw <= kCpuRatioTarget)
                                              : json::value(nullptr)}}},
        {"applied_per_second", r.project.totalAppliedPerSecond()},
        {"bytes_per_change", r.project.bytesPerChange},
        {"raw_bytes_per_change", r.project.rawBytesPerChange},
        {"resyncs", r.project.resyncs},
        {"complete", r.project.complete},
        {"pairs", pairsJson(r.project)},
        {"project", passJson(r.project)},
        {"latency_check", json::object{{"flush_every_seconds", s.flushSeconds},
                                       {"p99_ms", worst},
                                       {"target_ms", latencyTargetMs(s.flushSeconds)},
                                       {"met", worst > 0 && worst <= latencyTargetMs(s.flushSeconds)}}}};
    out["max_pass"] = r.maxPass ? json::value(passJson(*r.maxPass)) : json::value(nullptr);
    out["naive"] = r.naive ? json::value(passJson(*r.naive)) : json::value(nullptr);
    out["raw"] = r.raw ? json::value(passJson(*r.raw)) : json::value(nullptr);
    return out;
}

void printReport(const BenchResult& r, std::ostream& out) {
    const auto& s = r.settings;
    out << "sync bench: " << s.regions.size() << " regions, " << fixed(s.duration.count() / 1000.0)
        << " s per pass, rate " << rateText(s.mode, s.rate) << ", batch_size " << s.batchSize
        << ", flush_every_seconds " << s.flushSeconds << ", gzip " << (s.gzip ? "on" : "off") << " ("
        << r.syncSource << "), " << s.connections << " connections x " << s.inFlight
        << " in flight per region, area " << s.areaSide << "x" << s.areaSide << ", nats-server "
        << r.natsServerVersion;
    if (!s.driverCpus.empty()) out << ", mmoctl on CPUs " << cpuListText(s.driverCpus);
    if (!s.setCpus.empty()) out << ", set on CPUs " << cpuListText(s.setCpus);
    out << "\n\n";
    if (r.maxPass) {
        printPass(*r.maxPass, "project, max rate", out);
        out << "\n";
    }
    printPass(r.project, "project (game TCP ingress to applied in the other regions), rate " + r.project.rate,
              out);
    if (r.project.resyncs > 0)
        out << "  warning: the convergence probe was cut off (resync) " << r.project.resyncs
            << " times; latency samples are missing for those moments\n";
    if (r.naive) {
        out << "\n";
        printPass(*r.naive, "naive baseline (one JetStream message per change), rate " + r.naive->rate, out);
    }
    if (r.raw) {
        out << "\n";
        printPass(*r.raw, "raw baseline (the project's batch payloads, bare nats.c), rate " + r.raw->rate,
                  out);
    }
    out << "\n";
    const auto ratio = [](const std::optional<double>& v) {
        return v ? fixed(*v, 2) + "x" : std::string("-");
    };
    out << "project/naive: " << ratio(r.ratioVsNaive) << "   project/raw: " << ratio(r.ratioVsRaw)
        << "   node CPU/raw client CPU per million applied: " << ratio(r.cpuRatioVsRaw);
    if (r.cpuRatioVsRaw)
        out << " (target " << fixed(kCpuRatioTarget, 0)
            << "x: " << (*r.cpuRatioVsRaw <= kCpuRatioTarget ? "met" : "not met") << ")";
    out << "\n";
    const double worst = r.project.worstP99();
    out << "p99 convergence: " << fixed(worst) << " ms (worst pair) against flush_every_seconds "
        << s.flushSeconds << " (target " << fixed(latencyTargetMs(s.flushSeconds), 0)
        << " ms): " << (worst > 0 && worst <= latencyTargetMs(s.flushSeconds) ? "met" : "not met") << "\n";
}

}  // namespace mmo::cli::bench
