// An HTTP request as ambient-stream's routes see it: parsed by websocketpp's request parser
// (which answers 400 to what it refuses), then the path and query taken apart, the static
// files looked up, the control gate asked and a control body posted. Nothing may escape
// but the parser's own refusal. Built as C++17, like the server that includes websocketpp.
#include <chrono>
#include <string>
#include <websocketpp/http/request.hpp>

#include "fuzz_input.hpp"
#include "stream/control_api.hpp"
#include "stream/http_routes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    websocketpp::http::parser::request request;
    try {
        request.consume(reinterpret_cast<const char*>(data), size);
    } catch (const websocketpp::http::exception&) {
        return 0;
    }
    if (!request.ready()) return 0;
    const std::string resource = request.get_uri();
    const std::string path = ambient::path_of(resource);
    for (const char* key : {"codec", "since", ""}) ambient::query_value(resource, key);
    ambient::static_file(path, std::string());
    ambient::mime_type(path);
    ambient::ControlGate gate(false, "secret");
    auto r = gate.check("192.0.2.1", request.get_header("Authorization"),
                        std::chrono::steady_clock::now());
    if (!r && request.get_header("Authorization") != "Bearer secret") __builtin_trap();
    if (path == "/api/control" && request.get_method() == "POST") {
        ambient::ControlApi api{std::string()};
        api.post(request.get_body());
    }
    return 0;
}
