// Lists in messages and help, as a person writes them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ambient {

// "a, b or c" (conjunction "or"), "a, b and c" (conjunction "and"); "a" alone.
inline std::string spoken_list(const std::vector<std::string>& items,
                               std::string_view conjunction) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) text += i + 1 == items.size() ? " " + std::string(conjunction) + " " : ", ";
        text += items[i];
    }
    return text;
}

}  // namespace ambient
