#include "cli/bench/players/PlayersReport.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "cli/bench/CpuList.hpp"
#include "cli/util/TextTable.hpp"

namespace mmo::cli::bench::players {

namespace json = boost::json;

std::optional<double> RegionFigures::cpuMicrosPerPlayerSecond() const {
    if (!nodeCpuPercent || held <= 0) return std::nullopt;
    return *nodeCpuPercent / 100.0 * 1e6 / held;
}

std::optional<double> RegionFigures::rssKbPerPlayer() const {
    if (!rssIdleKb || !rssHeldKb || held <= 0) return std::nullopt;
    return (static_cast<double>(*rssHeldKb) - static_cast<double>(*rssIdleKb)) / held;
}

bool RegionFigures::meets(const PlayerTargets& t) const {
    const auto perPlayer = rssKbPerPlayer();
    return held == requested && fanOut.samples > 0 && tickDelay.p99 < t.fanOutP99Ms &&
           placeAck.p99 < t.placeAckP99Ms && metricsScrape.p99 < t.metricsP99Ms && perPlayer &&
           *perPlayer < t.rssKbPerPlayer;
}

namespace {

json::value latencyJson(const LatencySummary& s) {
    return json::object{{"samples", s.samples}, {"p50", s.p50}, {"p99", s.p99}, {"max", s.max}};
}

template <typename T>
json::value optional(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

std::string fixed(double v, int digits = 1) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

std::string fixedOr(const std::optional<double>& v, int digits = 1) {
    return v ? fixed(*v, digits) : "-";
}

}  // namespace

json::value toJson(const PlayersResult& r) {
    const PlayerTargets targets;
    json::array regions;
    for (const auto& f : r.regions) {
        regions.push_back(json::object{
            {"region", f.region},
            {"players_requested", f.requested},
            {"players_held", f.held},
            {"refused", f.refused},
            {"disconnects", f.disconnects},
            {"errors", f.errors},
            {"position_hz", f.positionHz},
            {"positions_sent", f.positionsSent},
            {"positions_datagrams_received", f.positionsDatagrams},
            {"places_sent", f.placesSent},
            {"places_acked", f.placesAcked},
            {"remote_updates", f.remoteUpdates},
            {"position_fanout_ms", latencyJson(f.fanOut)},
            {"position_tick_delay_ms", latencyJson(f.tickDelay)},
            {"place_ack_ms", latencyJson(f.placeAck)},
            {"place_remote_update_ms", f.remoteUpdate ? latencyJson(*f.remoteUpdate) : json::value(nullptr)},
            {"metrics_scrape_ms", latencyJson(f.metricsScrape)},
            {"metrics_scrape_failures", f.metricsFailures},
            {"node_cpu_percent", optional(f.nodeCpuPercent)},
            {"node_cpu_us_per_player_second", optional(f.cpuMicrosPerPlayerSecond())},
            {"node_rss_idle_kb", optional(f.rssIdleKb)},
            {"node_rss_held_kb", optional(f.rssHeldKb)},
            {"node_rss_kb_per_player", optional(f.rssKbPerPlayer())},
            {"meets_targets", f.meets(targets)}});
    }
    const auto& s = r.settings;
    return json::object{{"set", r.set},
                        {"window_seconds", r.windowSeconds},
                        {"driver_cpu_percent", optional(r.driverCpuPercent)},
                        {"settings", json::object{{"regions", json::value_from(s.regions)},
                                                  {"players_per_region", s.players},
                                                  {"move_hz", s.moveHz},
                                                  {"place_every_seconds", s.placeEvery},
                                                  {"duration_seconds", s.duration.count() / 1000.0},
                                                  {"warmup_seconds", s.warmup.count() / 1000.0},
                                                  {"threads", s.threads},
                                                  {"driver_cpus", cpuListText(s.driverCpus)},
                                                  {"set_cpus", cpuListText(s.setCpus)},
                                                  {"nearby", s.nearby},
                                                  {"view", s.view}}},
                        {"targets", json::object{{"position_tick_delay_p99_ms", targets.fanOutP99Ms},
                                                 {"place_ack_p99_ms", targets.placeAckP99Ms},
                                                 {"metrics_scrape_p99_ms", targets.metricsP99Ms},
                                                 {"node_rss_kb_per_player", targets.rssKbPerPlayer}}},
                        {"regions", regions}};
}

void printReport(const PlayersResult& r, std::ostream& out) {
    const PlayerTargets targets;
    TextTable table({"REGION", "HELD", "REFUSED", "FANOUT P50/P99 MS", "TICK DELAY P50/P99 MS",
                     "ACK P50/P99 MS", "REMOTE P99 MS", "METRICS P99 MS", "NODE CPU %", "CPU US/PLAYER/S",
                     "RSS KB/PLAYER", "TARGETS"});
    for (const auto& f : r.regions) {
        table.addRow({f.region, std::to_string(f.held) + "/" + std::to_string(f.requested),
                      std::to_string(f.refused), fixed(f.fanOut.p50) + "/" + fixed(f.fanOut.p99),
                      fixed(f.tickDelay.p50) + "/" + fixed(f.tickDelay.p99),
                      fixed(f.placeAck.p50) + "/" + fixed(f.placeAck.p99),
                      f.remoteUpdate ? fixed(f.remoteUpdate->p99) : "-", fixed(f.metricsScrape.p99),
                      fixedOr(f.nodeCpuPercent), fixedOr(f.cpuMicrosPerPlayerSecond()),
                      fixedOr(f.rssKbPerPlayer(), 2), f.meets(targets) ? "met" : "missed"});
    }
    table.print(out);
    out << "window " << fixed(r.windowSeconds) << " s, " << r.set << " set, driver CPU "
        << fixedOr(r.driverCpuPercent) << " %"
        << (r.settings.driverCpus.empty() ? "" : " (pinned to " + cpuListText(r.settings.driverCpus) + ")")
        << "; targets: tick delay p99 < " << targets.fanOutP99Ms << " ms, ack p99 < " << targets.placeAckP99Ms
        << " ms, /metrics p99 < " << targets.metricsP99Ms << " ms, < " << targets.rssKbPerPlayer
        << " KB per player\n";
}

}  // namespace mmo::cli::bench::players
