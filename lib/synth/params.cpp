#include "synth/params.hpp"

#include <iomanip>
#include <sstream>

namespace ambient {

namespace {
std::string trimmed(float x) {
    std::ostringstream out;
    out << std::setprecision(6) << x;  // 0.3, not 0.30000001192092896
    return out.str();
}
}  // namespace

std::string Param::expectation() const {
    return std::string(integer ? "an integer" : "a number") + " from " + trimmed(min) + " to " +
           trimmed(max);
}

}  // namespace ambient
