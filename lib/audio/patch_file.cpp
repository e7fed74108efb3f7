#include "audio/patch_file.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

Patch load_patch_file(const std::string& path, const Patch& base) {
    Json j = read_json_file(path, "patch");
    try {
        return patch_from_json(j, base);
    } catch (const Error& e) {
        throw Error(ErrorKind::data, std::string("bad patch: ") + e.what(), Place(path));
    }
}

}  // namespace ambient
