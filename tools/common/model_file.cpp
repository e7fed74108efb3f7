#include "model_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "tool.hpp"

namespace ambient::tool {

namespace fs = std::filesystem;

std::string default_model_path() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "";
    for (const char* relative : {"../models/default.model", "../share/ambient/default.model"}) {
        const fs::path p = exe.parent_path() / relative;
        if (fs::exists(p, ec)) return p.lexically_normal().string();
    }
    return (exe.parent_path() / "../share/ambient/default.model").lexically_normal().string();
}

MelodyModel load_melody_model(const std::string& spec) {
    const std::string path = spec == "default" ? default_model_path() : spec;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::no_input, "cannot open the melody model", Place(path));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::io, "cannot read the melody model", Place(path));
    return MelodyModel::parse(bytes.str(), path);
}

const MelodyModel* MelodyModelChoice::for_phrase(const ControlValues& control) {
    if (control.model == "rules") return nullptr;
    if (control.model == "learned") return loaded(spec_.empty() ? "default" : spec_);
    return spec_.empty() ? nullptr : loaded(spec_);
}

const MelodyModel* MelodyModelChoice::loaded(const std::string& spec) {
    auto it = models_.find(spec);
    if (it == models_.end()) {
        std::optional<MelodyModel> model;
        try {
            model = load_melody_model(spec);
        } catch (const Error& e) {
            warn(std::string(e.what()) + "; the rules choose the pitches", e.where().text());
        }
        it = models_.emplace(spec, std::move(model)).first;
    }
    return it->second ? &*it->second : nullptr;
}

}  // namespace ambient::tool
