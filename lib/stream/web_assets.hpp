// The web client (web/), built into ambient-stream by the build (cmake/embed_files.cmake).
#pragma once

#include <cstddef>
#include <string_view>

namespace ambient {

struct WebAsset {
    std::string_view path;  // "index.html", "player.js", …
    std::string_view data;
};

// nullptr when there is no such file.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace ambient
