#include "common/eventbus/HomeProbe.hpp"

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/NatsConnection.hpp"

namespace mmo::eventbus {

std::optional<std::string> probeHomeServer(const BusSettings& settings, std::chrono::milliseconds timeout,
                                           std::shared_ptr<spdlog::logger> logger) {
    if (settings.servers.empty()) return std::string("no server in eventbus.url");
    BusSettings home = settings;
    home.servers = {settings.servers.front()};
    home.connectTimeout = timeout;
    home.publishTimeout = timeout;
    try {
        NatsConnection probe(home, std::move(logger), {});
        jsOptions options;
        jsOptions_Init(&options);
        options.Wait = timeout.count();
        jsStreamInfo* rawInfo = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        const natsStatus status =
            js_GetStreamInfo(&rawInfo, probe.jetStream(), settings.stream.c_str(), &options, &jerr);
        StreamInfoHandle info(rawInfo);
        check(status, "stream info " + settings.stream, jerr);
    } catch (const ConnectError& e) {
        return std::string(e.what());
    } catch (const BusError& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

}  // namespace mmo::eventbus
