#include "motiftok/vocab/score_decimal.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace motiftok::vocab {

namespace {

constexpr double kPow10[kScoreDecimals + 1] = {1e0, 1e1, 1e2, 1e3,  1e4,  1e5, 1e6,
                                               1e7, 1e8, 1e9, 1e10, 1e11, 1e12};

/// A score as m / 10^d with |m| < 10^15 (or == 10^15 after rounding up).
struct Decimal {
    std::int64_t m;
    int d;
};

Decimal to_decimal(double s) {
    int d = kScoreDecimals;
    while (d > 0 && std::fabs(s * kPow10[d]) >= 1e15) --d;
    return {static_cast<std::int64_t>(std::llround(s * kPow10[d])), d};
}

}  // namespace

double round_score(double s) {
    const Decimal x = to_decimal(s);
    return static_cast<double>(x.m) / kPow10[x.d];
}

std::string score_decimal(double s) {
    const Decimal x = to_decimal(s);
    std::string digits = std::to_string(x.m < 0 ? -x.m : x.m);
    if (digits.size() <= static_cast<std::size_t>(x.d)) {
        digits.insert(0, static_cast<std::size_t>(x.d) + 1 - digits.size(), '0');
    }
    std::string whole = digits.substr(0, digits.size() - static_cast<std::size_t>(x.d));
    std::string frac = digits.substr(digits.size() - static_cast<std::size_t>(x.d));
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac.empty()) frac = "0";
    return (x.m < 0 ? "-" : "") + whole + "." + frac;
}

}  // namespace motiftok::vocab
