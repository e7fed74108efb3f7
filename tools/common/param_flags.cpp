#include "param_flags.hpp"

#include <cctype>

namespace ambient::tool {

CLI::Option* add_param_option(CLI::App& app, const std::string& flags, const Param& param,
                              float& value) {
    value = param.value;
    std::string help(param.help);
    help[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(help[0])));
    if (!param.unit.empty()) help += ", " + std::string(param.unit);
    return app.add_option(flags, value, help)
        ->check(CLI::Range(param.min, param.max))
        ->capture_default_str();
}

}  // namespace ambient::tool
