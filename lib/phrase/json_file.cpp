#include "phrase/json_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace ambient {

std::string json_parse_message(const Json::exception& e) {
    std::string why = e.what();
    // "[json.exception.parse_error.101] parse error at …": the part after the bracket.
    auto at = why.find("] ");
    if (why.rfind("[json.exception.", 0) == 0 && at != std::string::npos) why.erase(0, at + 2);
    // It quotes the bytes it choked on: shown as \xNN when they are not printable ASCII,
    // so the message is valid UTF-8 wherever it goes (a JSON reply, the log).
    std::string shown;
    for (unsigned char c : why) {
        if (c >= 0x20 && c < 0x7F) {
            shown += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            shown += "\\x";
            shown += hex[c >> 4];
            shown += hex[c & 15];
        }
    }
    return shown;
}

bool json_too_deep(std::string_view text) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

std::string json_too_deep_message() {
    return "nested deeper than " + std::to_string(max_json_depth) + " arrays and objects";
}

Json parse_json_text(std::string_view text, const std::string& what, const Place& where) {
    if (json_too_deep(text))
        throw Error(ErrorKind::data, what + " is " + json_too_deep_message(), where);
    try {
        return Json::parse(text);
    } catch (const Json::exception& e) {
        throw Error(ErrorKind::data, what + " is not valid JSON: " + json_parse_message(e), where);
    }
}

Json read_json_file(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::no_input, "cannot open " + what + ": " + std::strerror(errno), path);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw Error(ErrorKind::io, "cannot read " + what + ": " + std::strerror(errno), path);
    return parse_json_text(text.str(), what, path);
}

}  // namespace ambient
