// What a listener sends after the handshake, as ambient-stream's WebSocket reads it: the
// frame parser of websocketpp with the server's own configuration (4 KiB messages at
// most), in pieces as the network gives them. Messages come out or the parser stops with
// an error code, which closes the connection (1002, 1009); nothing may throw or crash.
// Built as C++17, like the server.
#include <cstring>
#include <vector>

#include "fuzz_input.hpp"
#include "stream/ws_server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using Config = ambient::ServerConfig;
    using Processor = websocketpp::processor::hybi13<Config>;
    static Config::rng_type rng;
    auto manager = websocketpp::lib::make_shared<Config::con_msg_manager_type>();
    Processor processor(false, true, manager, rng);
    processor.set_max_message_size(Config::max_message_size);
    std::vector<std::uint8_t> bytes(data, data + size);
    std::size_t at = 0, piece = 1;
    while (at < bytes.size()) {
        websocketpp::lib::error_code ec;
        std::size_t n = std::min(piece++, bytes.size() - at);
        std::size_t used = processor.consume(bytes.data() + at, n, ec);
        if (ec) break;  // the connection would close here
        if (used == 0 && !processor.ready()) break;
        at += used;
        while (processor.ready()) {
            auto message = processor.get_message();
            if (message && message->get_payload().size() > Config::max_message_size)
                __builtin_trap();
        }
    }
    return 0;
}
