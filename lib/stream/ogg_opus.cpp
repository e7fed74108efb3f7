#include "stream/ogg_opus.hpp"

#include <ogg/ogg.h>

#include <cstring>
#include <vector>

namespace ambient {

struct OggOpusMuxer::State {
    ogg_stream_state stream{};
    std::int64_t packet_no = 0;
    std::int64_t granule = 0;
    int in_page = 0;
};

namespace {
void put_le(std::vector<unsigned char>& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

std::string take_pages(ogg_stream_state& s, bool flush) {
    std::string out;
    ogg_page page;
    while (flush ? ogg_stream_flush(&s, &page) : ogg_stream_pageout(&s, &page)) {
        out.append(reinterpret_cast<const char*>(page.header),
                   static_cast<std::size_t>(page.header_len));
        out.append(reinterpret_cast<const char*>(page.body),
                   static_cast<std::size_t>(page.body_len));
    }
    return out;
}

void submit(ogg_stream_state& s, std::vector<unsigned char>& data, bool bos, std::int64_t granule,
            std::int64_t packet_no) {
    ogg_packet p{};
    p.packet = data.data();
    p.bytes = static_cast<long>(data.size());
    p.b_o_s = bos ? 1 : 0;
    p.granulepos = granule;
    p.packetno = packet_no;
    ogg_stream_packetin(&s, &p);
}
}  // namespace

OggOpusMuxer::OggOpusMuxer(std::uint32_t serial, int channels, int packets_per_page,
                           std::string vendor)
    : state_(std::make_unique<State>()), packets_per_page_(packets_per_page) {
    ogg_stream_init(&state_->stream, static_cast<int>(serial));
    std::vector<unsigned char> head = {'O', 'p', 'u', 's', 'H',
                                       'e', 'a', 'd', 1,   static_cast<unsigned char>(channels)};
    put_le(head, pre_skip, 2);
    put_le(head, 48000, 4);  // the input's rate, for players that show it
    put_le(head, 0, 2);      // output gain
    head.push_back(0);       // channel mapping family 0: mono or stereo
    submit(state_->stream, head, true, 0, state_->packet_no++);
    headers_ = take_pages(state_->stream, true);

    std::vector<unsigned char> tags = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};
    put_le(tags, vendor.size(), 4);
    tags.insert(tags.end(), vendor.begin(), vendor.end());
    put_le(tags, 0, 4);  // no user comments
    submit(state_->stream, tags, false, 0, state_->packet_no++);
    headers_ += take_pages(state_->stream, true);
    state_->granule = pre_skip;
}

OggOpusMuxer::~OggOpusMuxer() {
    ogg_stream_clear(&state_->stream);
}

std::string OggOpusMuxer::add_packet(std::string_view packet) {
    std::vector<unsigned char> data(packet.begin(), packet.end());
    state_->granule += 960;
    submit(state_->stream, data, false, state_->granule, state_->packet_no++);
    if (++state_->in_page < packets_per_page_) return {};
    state_->in_page = 0;
    return take_pages(state_->stream, true);
}

}  // namespace ambient
