#pragma once
// Dinucleotide-preserving shuffles (Altschul & Erickson 1985): uniform over the sequences with
// the same dinucleotide counts, first and last base (uniform over Eulerian paths).

#include <cstdint>
#include <string>
#include <string_view>

#include "motiftok/random.hpp"

namespace motiftok::io {

/// Shuffles a normalized sequence. N bases stay at their positions and split the sequence
/// into segments that are shuffled independently. Deterministic for a given `rng` state.
std::string dinucleotide_shuffle(std::string_view seq, Rng& rng);

}  // namespace motiftok::io
