#pragma once
// Sequence logos (Schneider & Stephens 1990): each column of a position weight matrix is a stack
// of letters whose total height is the column's information content and whose letters share it
// in proportion to their probabilities. No small-sample correction: the matrices shown are
// JASPAR's, motif families' or a token's own string (information content 2 bits per base).

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace motiftok::report {

/// Rows of A, C, G, T probabilities.
using Pwm = std::vector<std::array<double, 4>>;

/// Information content of one column, bits: 2 + Σ_b p_b log2 p_b (0 log 0 = 0); the row is
/// normalized to sum 1 first. In [0, 2].
double information_content(const std::array<double, 4>& row);

/// Letter heights of one column, bits, in A C G T order: p_b · information_content(row).
std::array<double, 4> letter_heights(const std::array<double, 4>& row);

/// The matrix of a token string: probability 1 for its base at each position, a uniform column
/// for N (0 bits).
Pwm token_pwm(std::string_view token);

/// The reverse complement of a matrix (rows reversed, A↔T, C↔G).
Pwm reverse_complement(const Pwm& pwm);

}  // namespace motiftok::report
