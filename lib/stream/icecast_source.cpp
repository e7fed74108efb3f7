#include "stream/icecast_source.hpp"

#include <shout/shout.h>

#include <algorithm>
#include <chrono>

#include "core/error.hpp"

namespace ambient {

IcecastTarget IcecastTarget::parse(const std::string& url, const std::string& env_password) {
    auto bad = [&](const std::string& why) {
        return Error(ErrorKind::usage, why + " (icecast://source:PASSWORD@HOST:PORT/MOUNT)",
                     Place::of_setting("icecast", url));
    };
    const std::string scheme = "icecast://";
    if (url.rfind(scheme, 0) != 0) throw bad("not an icecast:// URL");
    std::string rest = url.substr(scheme.size());
    IcecastTarget t;
    if (std::size_t at = rest.rfind('@'); at != std::string::npos) {
        std::string auth = rest.substr(0, at);
        rest = rest.substr(at + 1);
        std::size_t colon = auth.find(':');
        t.user = auth.substr(0, colon);
        if (colon != std::string::npos) t.password = auth.substr(colon + 1);
    }
    if (t.password.empty()) t.password = env_password;
    if (t.password.empty()) throw bad("no password (in the URL or AMBIENT_ICECAST_PASSWORD)");
    std::size_t slash = rest.find('/');
    if (slash == std::string::npos || slash + 1 >= rest.size()) throw bad("no mount");
    t.mount = rest.substr(slash);
    std::string hostport = rest.substr(0, slash);
    std::size_t colon = hostport.rfind(':');
    t.host = hostport.substr(0, colon);
    if (colon != std::string::npos) {
        try {
            t.port = std::stoi(hostport.substr(colon + 1));
        } catch (...) {
            throw bad("bad port");
        }
    }
    if (t.host.empty() || t.port < 1 || t.port > 65535) throw bad("bad host or port");
    auto ends = [&](const char* ext) {
        std::string e = ext;
        return t.mount.size() >= e.size() &&
               t.mount.compare(t.mount.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".mp3"))
        t.mp3 = true;
    else if (!ends(".opus") && !ends(".ogg"))
        throw bad("the mount must end in .opus, .ogg or .mp3");
    return t;
}

std::string IcecastTarget::url_without_password() const {
    return "icecast://" + user + "@" + host + ":" + std::to_string(port) + mount;
}

IcecastSource::IcecastSource(IcecastTarget target, std::string name, std::string description,
                             JsonLog& log)
    : target_(std::move(target)),
      name_(std::move(name)),
      description_(std::move(description)),
      log_(log) {
    shout_init();
    thread_ = std::thread([this] { run(); });
}

IcecastSource::~IcecastSource() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    shout_shutdown();
}

void IcecastSource::set_headers(const std::string& headers) {
    std::lock_guard lock(mutex_);
    headers_ = headers;
}

void IcecastSource::send(const Page& page) {
    {
        std::lock_guard lock(mutex_);
        if (!connected_.load()) return;  // pages for a gone Icecast would be stale on return
        queue_.push_back(page);
        while (queue_.size() > 100) {  // ten seconds behind: its own loss
            queue_.pop_front();
            dropped_.fetch_add(1);
        }
    }
    wake_.notify_one();
}

void IcecastSource::set_title(const std::string& title) {
    std::lock_guard lock(mutex_);
    title_ = title;
    title_changed_ = true;
}

void IcecastSource::run() {
    double backoff = 1;
    const std::string where = target_.url_without_password();
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
        }
        std::unique_ptr<shout_t, void (*)(shout_t*)> shout(shout_new(), [](shout_t* s) {
            shout_close(s);
            shout_free(s);
        });
        shout_t* s = shout.get();
        shout_set_host(s, target_.host.c_str());
        shout_set_port(s, static_cast<unsigned short>(target_.port));
        shout_set_user(s, target_.user.c_str());
        shout_set_password(s, target_.password.c_str());
        shout_set_mount(s, target_.mount.c_str());
        shout_set_protocol(s, SHOUT_PROTOCOL_HTTP);
        shout_set_content_format(s, target_.mp3 ? SHOUT_FORMAT_MP3 : SHOUT_FORMAT_OGG,
                                 SHOUT_USAGE_AUDIO, nullptr);
        shout_set_meta(s, SHOUT_META_NAME, name_.c_str());
        shout_set_meta(s, SHOUT_META_DESCRIPTION, description_.c_str());
        shout_set_audio_info(s, SHOUT_AI_SAMPLERATE, "48000");
        shout_set_audio_info(s, SHOUT_AI_CHANNELS, "2");
        if (shout_open(s) != SHOUTERR_SUCCESS) {
            log_.warn("icecast_unreachable",
                      {{"target", where}, {"error", shout_get_error(s)}, {"retry_s", backoff}});
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::duration<double>(backoff), [this] { return stop_; });
            backoff = std::min(backoff * 2, 30.0);
            continue;
        }
        std::string headers;
        {
            std::lock_guard lock(mutex_);
            queue_.clear();
            headers = headers_;
            title_changed_ = !title_.empty();
        }
        connections_.fetch_add(1);
        connected_.store(true);
        log_.info("icecast_connected", {{"target", where}, {"connections", connections()}});
        auto ok = [&](const std::string& bytes) {
            if (bytes.empty()) return true;
            if (shout_send(s, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) !=
                SHOUTERR_SUCCESS)
                return false;
            bytes_.fetch_add(bytes.size());
            return true;
        };
        bool up = ok(headers);
        while (up) {
            Page page;
            std::string title;
            bool new_title = false;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
                if (stop_) break;
                page = queue_.front();
                queue_.pop_front();
                if (title_changed_ && target_.mp3) {
                    title = title_;
                    new_title = true;
                    title_changed_ = false;
                }
            }
            if (new_title) {
                shout_metadata_t* m = shout_metadata_new();
                if (shout_metadata_add(m, "song", title.c_str()) != SHOUTERR_SUCCESS ||
                    shout_set_metadata_utf8(s, m) != SHOUTERR_SUCCESS)
                    log_.warn("icecast_title_refused",
                              {{"target", where}, {"error", shout_get_error(s)}});
                shout_metadata_free(m);
            }
            up = ok(*page);
        }
        connected_.store(false);
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;
        }
        log_.warn("icecast_lost",
                  {{"target", where}, {"error", shout_get_error(s)}, {"retry_s", 1}});
        backoff = 1;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
    }
}

}  // namespace ambient
