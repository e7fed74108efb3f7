// A file that replaces the one at its path only once it is complete: written unnamed in the
// same folder (O_TMPFILE), then given its name by commit(). A program killed or failing
// before then leaves the old file as it was (or none), and nothing half-written beside it.
#pragma once

#include <string>

namespace ambient {

class ReplacingFile {
  public:
    // Error(io) naming the path when its folder cannot take a file.
    explicit ReplacingFile(std::string path);
    ~ReplacingFile();  // an uncommitted file is discarded
    ReplacingFile(const ReplacingFile&) = delete;
    ReplacingFile& operator=(const ReplacingFile&) = delete;

    int fd() const noexcept { return fd_; }
    const std::string& path() const noexcept { return path_; }
    // Flushes to disk and puts the file in place of the old one (atomically); Error(io)
    // naming the path, the old file intact.
    void commit();

  private:
    std::string path_;
    std::string named_;  // where O_TMPFILE is not supported: a hidden file beside the path
    int fd_ = -1;
};

// Writes `text` as the whole of `path` through a ReplacingFile: the old file stays until
// the new one is complete and on disk. Throws Error(io) naming the file.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ambient
