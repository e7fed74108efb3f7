#include "stream/http_audio.hpp"

#include <vector>

#include "stream/mp3_encoder.hpp"

namespace ambient {

void HttpAudioListeners::add(const Server::connection_ptr& con, const std::string& format,
                             std::string headers, const std::string& start,
                             std::size_t icy_metaint) {
    Listener fresh;
    fresh.con = con;
    fresh.id = next_id_++;
    fresh.address = con->get_remote_endpoint();
    fresh.format = format;
    fresh.icy_metaint = fresh.icy_until = icy_metaint;
    asio::error_code ec;
    con->get_raw_socket().set_option(asio::ip::tcp::no_delay(true), ec);
    // A small kernel buffer, so a listener that stops reading shows in our queue soon.
    con->get_raw_socket().set_option(asio::socket_base::send_buffer_size(64 * 1024), ec);
    ++total_;
    ++per_format_[format];
    auto [it, inserted] = listeners_.emplace(fresh.id, std::move(fresh));
    (void)inserted;
    log_.info("http_listener_connected", {{"listener", it->second.id},
                                          {"address", it->second.address},
                                          {"format", format},
                                          {"icy", icy_metaint > 0},
                                          {"http_listeners", listeners_.size()}});
    Listener& l = it->second;
    queue(l, std::make_shared<const std::string>(std::move(headers)), true);
    if (!start.empty()) queue(l, std::make_shared<const std::string>(start));
}

std::size_t HttpAudioListeners::count(const std::string& format) const {
    auto it = per_format_.find(format);
    return it == per_format_.end() ? 0 : it->second;
}

// The audio with a title block after every icy_metaint bytes: the title when it changed,
// else an empty block (one zero byte), as ICY players expect.
HttpAudioListeners::Page HttpAudioListeners::with_titles(Listener& l, const std::string& audio) {
    std::string out;
    std::size_t at = 0;
    while (at < audio.size()) {
        std::size_t n = std::min(l.icy_until, audio.size() - at);
        out.append(audio, at, n);
        at += n;
        l.icy_until -= n;
        if (l.icy_until == 0) {
            if (title_ != l.icy_title) {
                out += icy_metadata_block(title_);
                l.icy_title = title_;
            } else {
                out += '\0';
            }
            l.icy_until = l.icy_metaint;
        }
    }
    return std::make_shared<const std::string>(std::move(out));
}

void HttpAudioListeners::broadcast(const std::string& format, const Page& page) {
    std::vector<std::uint64_t> too_slow;
    for (auto& [id, l] : listeners_) {
        if (l.format != format) continue;
        if (!queue(l, page)) too_slow.push_back(id);
    }
    for (std::uint64_t id : too_slow) {
        ++dropped_;
        close(id, "too slow");
    }
}

bool HttpAudioListeners::queue(Listener& l, const Page& page, bool headers) {
    const auto now = Clock::now();
    if (l.queued + page->size() > options_.max_queued_bytes && !l.queue.empty()) {
        ++l.lost;
        ++pages_dropped_;
        const auto verdict = l.behind.lose(now, options_.slow_timeout);
        if (verdict == Behind::Verdict::fell_behind)
            log_.warn("http_listener_behind", {{"listener", l.id}, {"address", l.address}});
        return verdict != Behind::Verdict::too_long;
    }
    l.behind.take();
    // Titles go between the audio bytes each ICY listener itself has been sent.
    Page out = l.icy_metaint && !headers ? with_titles(l, *page) : page;
    l.queue.push_back(out);
    l.queued += out->size();
    if (!l.writing) write_next(l.id);
    return true;
}

void HttpAudioListeners::write_next(std::uint64_t id) {
    auto it = listeners_.find(id);
    if (it == listeners_.end()) return;
    Listener& l = it->second;
    if (l.queue.empty()) {
        l.writing = false;
        return;
    }
    l.writing = true;
    Page page = l.queue.front();  // kept alive by the handler until written
    asio::async_write(l.con->get_raw_socket(), asio::buffer(*page),
                      [this, id, page](const asio::error_code& ec, std::size_t n) {
                          auto found = listeners_.find(id);
                          if (found == listeners_.end()) return;
                          if (ec) {
                              close(id, "gone");
                              return;
                          }
                          Listener& l = found->second;
                          l.queue.pop_front();
                          l.queued -= page->size();
                          ++l.sent;
                          bytes_sent_ += n;
                          write_next(id);
                      });
}

void HttpAudioListeners::close(std::uint64_t id, const char* why) {
    auto it = listeners_.find(id);
    if (it == listeners_.end()) return;
    Listener& l = it->second;
    log_.info("http_listener_disconnected", {{"listener", l.id},
                                             {"address", l.address},
                                             {"format", l.format},
                                             {"pages_sent", l.sent},
                                             {"pages_dropped", l.lost},
                                             {"reason", why},
                                             {"http_listeners", listeners_.size() - 1}});
    asio::error_code ec;
    l.con->get_raw_socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    l.con->get_raw_socket().close(ec);
    --per_format_[l.format];
    if (on_close_) on_close_(l.con.get());
    listeners_.erase(it);
}

void HttpAudioListeners::close_all() {
    while (!listeners_.empty()) close(listeners_.begin()->first, "server shutting down");
}

}  // namespace ambient
