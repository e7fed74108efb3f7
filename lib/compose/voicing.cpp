#include "compose/voicing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "compose/pitch.hpp"

namespace ambient {

namespace {

constexpr int max_span = 19;  // an octave and a fifth: wider pads lose their body

int nearest_distance(int note, const std::vector<int>& notes) {
    int best = std::numeric_limits<int>::max();
    for (int n : notes) best = std::min(best, std::abs(n - note));
    return best;
}

double voicing_cost(const std::vector<int>& sorted, int root_pc, int fifth_pc, int seventh_pc,
                    const std::vector<int>& previous, const Register& reg) {
    double cost = 0.0;
    if (!previous.empty()) cost += voice_movement(previous, sorted);
    double mean = 0.0;
    for (int n : sorted) mean += n;
    mean /= static_cast<double>(sorted.size());
    double middle = 0.5 * (reg.low + reg.high);
    // Anywhere within a major third of the middle is home; beyond it the pad is drifting.
    cost += (previous.empty() ? 1.0 : 0.35) * std::max(0.0, std::fabs(mean - middle) - 4.0);
    // Root position grounds a pad; a third in the bass is fine, a fifth or seventh less so.
    int bass_pc = pitch_class(sorted.front());
    if (bass_pc == fifth_pc || bass_pc == seventh_pc) {
        cost += 5.0;
    } else if (bass_pc != root_pc) {
        cost += 3.0;
    }
    if (sorted.size() > 1 && sorted[0] < 55 && sorted[1] - sorted[0] < 3) cost += 4.0;
    for (std::size_t i = 1; i < sorted.size(); ++i)  // holes wider than a sixth sound hollow
        cost += 0.5 * std::max(0, sorted[i] - sorted[i - 1] - 9);
    return cost;
}

}  // namespace

int voice_movement(const std::vector<int>& from, const std::vector<int>& to) {
    int total = 0;
    for (int n : to) total += nearest_distance(n, from);
    for (int n : from) total += nearest_distance(n, to);
    return total;
}

std::vector<int> voice_chord(const std::vector<int>& pcs, const std::vector<int>& previous,
                             Register reg) {
    // Candidate pitches for each pitch class inside the register.
    std::vector<std::vector<int>> options(pcs.size());
    for (std::size_t i = 0; i < pcs.size(); ++i)
        for (int n = reg.low; n <= reg.high; ++n)
            if (pitch_class(n) == pitch_class(pcs[i])) options[i].push_back(n);

    int root_pc = pitch_class(pcs.front());
    int fifth_pc = pcs.size() > 2 ? pitch_class(pcs[2]) : -1;
    int seventh_pc = pcs.size() > 3 ? pitch_class(pcs[3]) : -1;  // or the added ninth
    std::vector<int> best;
    double best_cost = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> pick(pcs.size(), 0);
    std::vector<int> candidate(pcs.size());
    for (;;) {
        for (std::size_t i = 0; i < pcs.size(); ++i)
            candidate[i] = options[i].empty() ? -1 : options[i][pick[i]];
        std::vector<int> sorted = candidate;
        std::sort(sorted.begin(), sorted.end());
        bool valid = sorted.front() >= 0 && sorted.back() - sorted.front() <= max_span &&
                     std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
        if (valid) {
            double cost = voicing_cost(sorted, root_pc, fifth_pc, seventh_pc, previous, reg);
            if (cost < best_cost) {
                best_cost = cost;
                best = sorted;
            }
        }
        // Next combination (odometer).
        std::size_t i = 0;
        while (i < pcs.size() && ++pick[i] >= std::max<std::size_t>(options[i].size(), 1))
            pick[i++] = 0;
        if (i == pcs.size()) break;
    }
    if (best.empty()) {
        // A register too narrow for the chord: stack it upward from the low end.
        int n = reg.low;
        for (int pc : pcs) {
            while (pitch_class(n) != pitch_class(pc)) ++n;
            best.push_back(n);
        }
        std::sort(best.begin(), best.end());
    }
    return best;
}

}  // namespace ambient
