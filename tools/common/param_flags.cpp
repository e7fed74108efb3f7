#include "param_flags.hpp"

#include <cctype>
#include <iomanip>
#include <sstream>

#include "synth/patch.hpp"

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

std::string param_table_text() {
    std::ostringstream out;
    out << std::setprecision(6);
    for (const PatchParam& p : patch_params())
        out << p.section << '.' << p.param->key << '\t' << p.param->value << '\t' << p.param->min
            << '\t' << p.param->max << '\t' << p.param->unit << '\t' << p.param->help << '\n';
    out << "pad.waveform\tsaw\t\t\t\t";
    for (const auto& name : waveform_names())
        out << name << (&name == &waveform_names().back() ? "\n" : ", ");
    return out.str();
}

}  // namespace ambient::tool
