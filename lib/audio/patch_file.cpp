#include "audio/patch_file.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

namespace {
Patch checked(const Json& j, const std::string& path, const Patch& base) {
    try {
        return patch_from_json(j, base);
    } catch (const Error& e) {
        throw Error(ErrorKind::data, std::string("bad patch: ") + e.what(), Place(path));
    }
}
}  // namespace

Patch load_patch_file(const std::string& path, const Patch& base) {
    return checked(read_json_file(path, "patch"), path, base);
}

Json load_patch_overrides(const std::string& path, const Patch& base) {
    Json j = read_json_file(path, "patch");
    checked(j, path, base);
    return j;
}

}  // namespace ambient
