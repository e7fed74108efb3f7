#include "stream/http_downloads.hpp"

namespace ambient {

HttpDownloads::~HttpDownloads() {
    close_all();
}

void HttpDownloads::add(const Server::connection_ptr& con, const std::string& headers,
                        Download download) {
    const std::uint64_t id = next_id_++;
    Job& job = jobs_[id];
    job.con = con;
    job.address = con->get_remote_endpoint();
    job.filename = download.filename;
    job.flow = std::make_shared<Flow>();
    log_.info("recording_started", {{"download", id},
                                    {"address", job.address},
                                    {"file", job.filename},
                                    {"recordings", jobs_.size()}});
    queue(id, std::make_shared<const std::string>(headers));
    auto flow = job.flow;
    auto produce = std::move(download.produce);
    job.thread = std::thread([this, id, flow, produce] {
        auto emit = [&](const char* bytes, std::size_t size) {
            std::unique_lock<std::mutex> lock(flow->mutex);
            flow->room.wait(lock, [&] { return flow->gone || flow->queued < max_queued_bytes; });
            if (flow->gone) return false;
            flow->queued += size;
            lock.unlock();
            auto chunk = std::make_shared<const std::string>(bytes, size);
            asio::post(io_, [this, id, chunk] { queue(id, chunk); });
            return true;
        };
        const char* why = "done";
        try {
            produce(emit);
        } catch (const std::exception& e) {
            log_.error("recording_failed", {{"download", id}, {"error", e.what()}});
            why = "failed";
        }
        asio::post(io_, [this, id, why] {
            auto it = jobs_.find(id);
            if (it == jobs_.end()) {
                auto ended = ending_.find(id);  // its listener went before it was done
                if (ended != ending_.end()) ended->second.join();
                if (ended != ending_.end()) ending_.erase(ended);
                return;
            }
            it->second.made = true;
            if (!it->second.writing) finish(id, why);
        });
    });
}

void HttpDownloads::queue(std::uint64_t id, std::shared_ptr<const std::string> bytes) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    it->second.queue.push_back(std::move(bytes));
    if (!it->second.writing) write_next(id);
}

void HttpDownloads::write_next(std::uint64_t id) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    Job& job = it->second;
    if (job.queue.empty()) {
        job.writing = false;
        if (job.made) finish(id, "done");
        return;
    }
    job.writing = true;
    auto bytes = job.queue.front();
    asio::async_write(job.con->get_raw_socket(), asio::buffer(*bytes),
                      [this, id, bytes](const asio::error_code& ec, std::size_t n) {
                          auto found = jobs_.find(id);
                          if (found == jobs_.end()) return;
                          Job& job = found->second;
                          job.queue.pop_front();
                          job.sent += n;
                          {
                              std::lock_guard<std::mutex> lock(job.flow->mutex);
                              job.flow->queued -= std::min(job.flow->queued, bytes->size());
                          }
                          job.flow->room.notify_one();
                          if (ec) return finish(id, "gone");
                          write_next(id);
                      });
}

void HttpDownloads::finish(std::uint64_t id, const char* why) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    Job& job = it->second;
    {
        std::lock_guard<std::mutex> lock(job.flow->mutex);
        job.flow->gone = true;
    }
    job.flow->room.notify_all();
    // A renderer that has made everything is gone at once; one still at work stops at its
    // next block and is waited for then, never here on the network thread.
    if (job.made && job.thread.joinable())
        job.thread.join();
    else if (job.thread.joinable())
        ending_.emplace(id, std::move(job.thread));
    asio::error_code ec;
    job.con->get_raw_socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    job.con->get_raw_socket().close(ec);
    log_.info("recording_ended", {{"download", id},
                                  {"address", job.address},
                                  {"file", job.filename},
                                  {"bytes", job.sent},
                                  {"reason", why},
                                  {"recordings", jobs_.size() - 1}});
    jobs_.erase(it);
}

void HttpDownloads::close_all() {
    while (!jobs_.empty()) finish(jobs_.begin()->first, "server shutting down");
    for (auto& [id, thread] : ending_) thread.join();
    ending_.clear();
}

}  // namespace ambient
