#include "core/error.hpp"

namespace ambient {

std::string Place::text() const {
    std::string out;
    auto add = [&out](const std::string& part) {
        if (part.empty()) return;
        if (!out.empty()) out += ", ";
        out += part;
    };
    if (!setting.empty()) {
        add("setting " + setting + (file.empty() ? "" : " " + file));
    } else {
        add(file);
        if (line > 0) out += (out.empty() ? "line " : " line ") + std::to_string(line);
    }
    if (!field.empty()) add("field " + field);
    return out;
}

}  // namespace ambient
