#include "phrase/json_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace ambient {

std::string json_parse_message(const Json::parse_error& e) {
    std::string why = e.what();
    auto at = why.find("parse error");
    return at == std::string::npos ? why : why.substr(at);
}

Json read_json_file(const std::string& path, const std::string& what) {
    std::ifstream in(path);
    if (!in)
        throw Error(ErrorKind::no_input, "cannot open " + what + ": " + std::strerror(errno), path);
    try {
        return Json::parse(in);
    } catch (const Json::parse_error& e) {
        throw Error(ErrorKind::data, what + " is not valid JSON: " + json_parse_message(e), path);
    }
}

}  // namespace ambient
