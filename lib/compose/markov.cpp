#include "compose/markov.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "compose/chord.hpp"
#include "core/error.hpp"
#include "phrase/json_file.hpp"

namespace ambient {

namespace {

// How welcome each degree's chord is in each mode (0 = never chosen), in the order of
// the Mode enum: ionian, dorian, phrygian, lydian, mixolydian, aeolian, locrian.
constexpr std::array<DegreeWeights, 7> mode_flavours = {{
    {1.0, 0.6, 0.35, 0.9, 0.45, 0.8, 0.0},
    {1.0, 0.5, 0.5, 0.9, 0.45, 0.0, 0.7},
    {1.0, 0.9, 0.6, 0.5, 0.0, 0.6, 0.55},
    {1.0, 0.9, 0.4, 0.0, 0.5, 0.6, 0.45},
    {1.0, 0.45, 0.0, 0.8, 0.6, 0.5, 0.9},
    {1.0, 0.0, 0.7, 0.7, 0.5, 0.9, 0.7},
    {0.8, 0.9, 0.6, 0.6, 0.4, 0.7, 0.7},
}};
static_assert(static_cast<int>(Mode::dorian) == 1 && static_cast<int>(Mode::locrian) == 6);

DegreeWeights mode_flavour(Mode mode) {
    return mode_flavours[static_cast<std::size_t>(mode)];
}

// Weight of root motion by scale steps up (0 = repeat, 3 = a fourth up, 5 = a third down).
constexpr DegreeWeights motion = {0.1, 0.7, 0.8, 1.0, 0.8, 0.9, 0.7};

DegreeWeights normalised(DegreeWeights w) {
    double sum = 0.0;
    for (double x : w) sum += x;
    if (sum > 0.0)
        for (double& x : w) x /= sum;
    return w;
}

std::string row_name(const std::string& key) {
    return "row \"" + key + "\"";
}

int degree_in(const std::string& numeral, const std::string& where) {
    auto d = parse_roman_numeral(numeral);
    if (!d)
        throw std::invalid_argument(where + ": unknown degree \"" + numeral +
                                    "\" (expected I..VII)");
    return *d;
}

DegreeWeights row_from_json(const Json& row, const std::string& key) {
    if (!row.is_object())
        throw std::invalid_argument(row_name(key) + ": expected an object of weights");
    DegreeWeights w{};
    double sum = 0.0;
    for (auto it = row.begin(); it != row.end(); ++it) {
        int d = degree_in(it.key(), row_name(key));
        if (!it.value().is_number() || it.value().get<double>() < 0.0)
            throw std::invalid_argument(row_name(key) + ": weight of \"" + it.key() +
                                        "\" must be a number >= 0");
        w[static_cast<std::size_t>(d)] += it.value().get<double>();
        sum += it.value().get<double>();
    }
    if (std::fabs(sum - 1.0) > 1e-3)
        throw std::invalid_argument(row_name(key) + ": probabilities sum to " +
                                    std::to_string(sum) + ", not 1");
    return w;
}

}  // namespace

TransitionTable TransitionTable::builtin(Mode mode, int order) {
    TransitionTable t;
    t.order_ = order;
    DegreeWeights flavour = mode_flavour(mode);
    for (int from = 0; from < 7; ++from) {
        DegreeWeights row{};
        for (int to = 0; to < 7; ++to)
            row[static_cast<std::size_t>(to)] =
                flavour[static_cast<std::size_t>(to)] *
                motion[static_cast<std::size_t>((to - from + 7) % 7)];
        t.first_[static_cast<std::size_t>(from)] = normalised(row);
    }
    if (order == 2) {
        for (int prev = 0; prev < 7; ++prev)
            for (int cur = 0; cur < 7; ++cur) {
                DegreeWeights row = *t.first_[static_cast<std::size_t>(cur)];
                if (prev != 0)
                    row[static_cast<std::size_t>(prev)] *= 0.35;  // avoid ping-pong, except home
                t.second_[{prev, cur}] = normalised(row);
            }
    }
    return t;
}

TransitionTable TransitionTable::from_json(const Json& j, const Key& key) {
    if (!j.is_object() || !j.contains("transitions") || !j["transitions"].is_object())
        throw std::invalid_argument(
            "expected an object with \"transitions\": {row: {degree: probability}}");
    TransitionTable t;
    bool has_pairs = false;
    const Json& rows = j["transitions"];
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        std::string name = it.key();
        auto sep = name.find_first_of(" ,");
        DegreeWeights w = row_from_json(it.value(), name);
        if (sep == std::string::npos) {
            t.first_[static_cast<std::size_t>(degree_in(name, row_name(name)))] = w;
        } else {
            // "i, " has nothing after its separator: an empty second degree, refused below.
            std::size_t second = std::min(name.find_first_not_of(" ,", sep), name.size());
            std::string rest = name.substr(second);
            int a = degree_in(name.substr(0, sep), row_name(name));
            int b = degree_in(rest, row_name(name));
            t.second_[{a, b}] = w;
            has_pairs = true;
        }
    }
    t.order_ = has_pairs ? 2 : 1;
    if (j.contains("order")) {
        if (!j["order"].is_number_integer() || (j["order"] != 1 && j["order"] != 2))
            throw std::invalid_argument("\"order\" must be 1 or 2");
        if (j["order"] == 1 && has_pairs)
            throw std::invalid_argument("\"order\" is 1 but there are pair rows");
        t.order_ = j["order"].get<int>();
    }
    // Every chord the chain can reach needs a way on, or the chain would stop there.
    auto check_targets = [&](const DegreeWeights& w, int current, const std::string& from) {
        for (int d = 0; d < 7; ++d) {
            if (w[static_cast<std::size_t>(d)] <= 0.0 || t.first_[static_cast<std::size_t>(d)])
                continue;
            if (t.second_.count({current, d})) continue;
            throw std::invalid_argument(row_name(from) + ": leads to \"" + roman_numeral(key, d) +
                                        "\", which has no row of its own");
        }
    };
    for (int d = 0; d < 7; ++d)
        if (t.first_[static_cast<std::size_t>(d)])
            check_targets(*t.first_[static_cast<std::size_t>(d)], d, roman_numeral(key, d));
    for (const auto& [pair, w] : t.second_)
        check_targets(w, pair.second,
                      roman_numeral(key, pair.first) + " " + roman_numeral(key, pair.second));
    if (!t.first_[0])
        throw std::invalid_argument(row_name(roman_numeral(key, 0)) +
                                    ": missing (the chain starts on the tonic)");
    return t;
}

DegreeWeights TransitionTable::next_weights(int previous, int current) const {
    if (order_ == 2 && previous >= 0) {
        auto it = second_.find({previous, current});
        if (it != second_.end()) return it->second;
    }
    if (const auto& row = first_[static_cast<std::size_t>(current)]) return *row;
    DegreeWeights home{};
    home[0] = 1.0;  // unreachable for validated tables; go home rather than stop
    return home;
}

TransitionTable load_transition_file(const std::string& path, const Key& key) {
    Json j = read_json_file(path, "transitions");
    try {
        return TransitionTable::from_json(j, key);
    } catch (const std::invalid_argument& e) {
        throw Error(ErrorKind::data, std::string("bad transitions: ") + e.what(), path);
    }
}

}  // namespace ambient
