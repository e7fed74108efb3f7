// The renderer's side channel: lines of what is playing, written to a file or a FIFO
// beside the PCM (never into it). A reader that goes away stops the lines, not the music.
#pragma once

#include <functional>
#include <string>

namespace ambient {

class MetaOutput {
  public:
    using Warn = std::function<void(const std::string& what, const std::string& where)>;
    // Opens `path` for writing (a FIFO waits here for its reader). Error(io) if it cannot.
    MetaOutput(const std::string& path, Warn warn);
    ~MetaOutput();
    MetaOutput(const MetaOutput&) = delete;
    MetaOutput& operator=(const MetaOutput&) = delete;

    void write_line(const std::string& line);

  private:
    std::string path_;
    Warn warn_;
    int fd_ = -1;
};

}  // namespace ambient
