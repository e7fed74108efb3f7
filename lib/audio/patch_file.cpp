#include "audio/patch_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace ambient {

Patch load_patch_file(const std::string& path, const Patch& base) {
    std::ifstream in(path);
    if (!in)
        throw Error(ExitCode::no_input, std::string("cannot open patch: ") + std::strerror(errno),
                    path);
    Json j;
    try {
        j = Json::parse(in);
    } catch (const Json::parse_error& e) {
        std::string why = e.what();
        auto at = why.find("parse error");
        throw Error(ExitCode::data,
                    "patch is not valid JSON: " + why.substr(at == std::string::npos ? 0 : at),
                    path);
    }
    try {
        return patch_from_json(j, base);
    } catch (const std::invalid_argument& e) {
        throw Error(ExitCode::data, std::string("bad patch: ") + e.what(), path);
    }
}

}  // namespace ambient
