// The websocketpp server type ambient-stream uses, for the C++17 files of ambient_ws only
// (stream_server.cpp, http_audio.cpp): websocketpp 0.8 does not compile as C++20.
#pragma once

#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

namespace ambient {

// websocketpp takes an upgrade without Sec-WebSocket-Version for hixie-76, whose handshake
// carries eight more bytes, and answers 500 when they are missing. No browser has spoken
// hixie-76 since 2012: such a request gets an unreadable version instead, so websocketpp
// refuses it with 400 like any other broken handshake.
class HandshakeRequest : public websocketpp::http::parser::request {
  public:
    size_t consume(char const* buf, size_t len) {
        size_t used = request::consume(buf, len);
        if (ready() && get_header("Sec-WebSocket-Version").empty() &&
            websocketpp::processor::is_websocket_handshake(*this))
            replace_header("Sec-WebSocket-Version", "missing");
        return used;
    }
};

// Listeners send us nothing but control frames: a small read buffer keeps each
// connection's memory small.
struct ServerConfig : public websocketpp::config::asio {
    typedef ServerConfig type;
    typedef websocketpp::config::asio base;
    typedef base::concurrency_type concurrency_type;
    typedef HandshakeRequest request_type;
    typedef base::response_type response_type;
    typedef base::message_type message_type;
    typedef base::con_msg_manager_type con_msg_manager_type;
    typedef base::endpoint_msg_manager_type endpoint_msg_manager_type;
    typedef base::alog_type alog_type;
    typedef base::elog_type elog_type;
    typedef base::rng_type rng_type;
    struct transport_config : public base::transport_config {
        typedef type::concurrency_type concurrency_type;
        typedef type::alog_type alog_type;
        typedef type::elog_type elog_type;
        typedef type::request_type request_type;
        typedef type::response_type response_type;
        typedef websocketpp::transport::asio::basic_socket::endpoint socket_type;
    };
    typedef websocketpp::transport::asio::endpoint<transport_config> transport_type;
    static const size_t connection_read_buffer_size = 1024;
    static const size_t max_message_size = 4096;
    static const size_t max_http_body_size = 8192;  // the control API answers 413 above 4 KiB
};

using Server = websocketpp::server<ServerConfig>;

}  // namespace ambient
