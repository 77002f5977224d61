#include "motiftok/report/logo.hpp"

#include <algorithm>
#include <cmath>

namespace motiftok::report {

double information_content(const std::array<double, 4>& row) {
    const double sum = row[0] + row[1] + row[2] + row[3];
    if (!(sum > 0.0)) return 0.0;
    double entropy = 0.0;
    for (const double p : row) {
        const double q = p / sum;
        if (q > 0.0) entropy -= q * std::log2(q);
    }
    return std::max(0.0, 2.0 - entropy);
}

std::array<double, 4> letter_heights(const std::array<double, 4>& row) {
    const double sum = row[0] + row[1] + row[2] + row[3];
    const double ic = information_content(row);
    std::array<double, 4> h{};
    for (std::size_t b = 0; b < 4; ++b) h[b] = sum > 0.0 ? row[b] / sum * ic : 0.0;
    return h;
}

Pwm token_pwm(std::string_view token) {
    Pwm pwm;
    for (const char c : token) {
        std::array<double, 4> row{0.25, 0.25, 0.25, 0.25};
        const std::string_view bases = "ACGT";
        const auto b = bases.find(c);
        if (b != std::string_view::npos) {
            row = {0.0, 0.0, 0.0, 0.0};
            row[b] = 1.0;
        }
        pwm.push_back(row);
    }
    return pwm;
}

Pwm reverse_complement(const Pwm& pwm) {
    Pwm out(pwm.rbegin(), pwm.rend());
    for (auto& row : out) row = {row[3], row[2], row[1], row[0]};
    return out;
}

}  // namespace motiftok::report
