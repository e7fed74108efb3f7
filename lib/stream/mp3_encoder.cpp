#include "stream/mp3_encoder.hpp"

#include <lame/lame.h>

#include "core/error.hpp"

namespace ambient {

struct Mp3Encoder::Lame {
    lame_global_flags* flags = lame_init();
    ~Lame() {
        if (flags) lame_close(flags);
    }
};

Mp3Encoder::Mp3Encoder(int kbps) : lame_(std::make_unique<Lame>()), kbps_(kbps) {
    lame_global_flags* f = lame_->flags;
    if (!f) throw Error(ErrorKind::internal, "LAME could not start");
    lame_set_in_samplerate(f, 48000);
    lame_set_out_samplerate(f, 48000);
    lame_set_num_channels(f, 2);
    lame_set_brate(f, kbps);
    lame_set_VBR(f, vbr_off);
    lame_set_quality(f, 5);       // LAME's -q 5: good and quick
    lame_set_bWriteVbrTag(f, 0);  // a live stream has no Xing header to update
    // Listeners join anywhere: with no bit reservoir every frame decodes on its own, so a
    // player's first frame never refers back to bytes it did not get.
    lame_set_disable_reservoir(f, 1);
    if (lame_init_params(f) < 0)
        throw Error(ErrorKind::usage, "LAME refuses this bit rate",
                    Place::of_setting("mp3-bitrate", std::to_string(kbps)));
}

Mp3Encoder::~Mp3Encoder() = default;

std::string Mp3Encoder::encode(const std::int16_t* samples, int frames) {
    out_.resize(static_cast<std::size_t>(1.25 * frames + 7200));
    int n = lame_encode_buffer_interleaved(lame_->flags, const_cast<short*>(samples), frames,
                                           out_.data(), static_cast<int>(out_.size()));
    if (n <= 0) return {};
    return std::string(reinterpret_cast<const char*>(out_.data()), static_cast<std::size_t>(n));
}

std::string icy_metadata_block(const std::string& title) {
    std::string text = "StreamTitle='";
    for (char c : title) text += c == '\'' ? '`' : c;  // a quote would end the title
    text += "';";
    if (text.size() > 255 * 16) text.resize(255 * 16);
    std::size_t blocks = (text.size() + 15) / 16;
    text.resize(blocks * 16, '\0');
    return static_cast<char>(blocks) + text;
}

}  // namespace ambient
