#pragma once
// Motif families (DESIGN.md §10, docs/algorithm.md "Motif families"): tokens that are reverse
// complements, shifts by a few bases or one mismatch apart are one motif for a user. Families
// are founded greedily in decreasing information gain; a token joins the first family whose
// seed it aligns with, else founds a new one (no chaining: every member aligns with its seed).
// Each family gets a position weight matrix from its members' occurrences in the data, aligned
// to the seed's orientation, with flanks. Deterministic: the same result for any thread count.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "motiftok/error.hpp"

namespace motiftok::io {
struct Dataset;
}

namespace motiftok::vocab {

class Vocabulary;

/// Options of the family builder; member initializers are the defaults (`learn`).
struct FamilyOptions {
    std::size_t min_length = 6;        ///< only tokens at least this long join or found a family
    std::size_t min_overlap = 6;       ///< aligned bases a token shares with the seed, at least
    int max_shift = 2;                 ///< |offset| of a partial overlap, at most
    int max_mismatches = 1;            ///< mismatches over the overlap, at most ...
    std::size_t mismatch_overlap = 8;  ///< ... and only when the overlap has at least this many
    double max_p_value = 0.01;  ///< labeled vocabularies: tokens with p_value above this stay out
    int flank = 3;              ///< bases added on each side of the aligned members in the PWM
    double pseudocount = 0.25;  ///< added to each letter count of a PWM column
    int threads = 1;            ///< OpenMP threads of the occurrence scan; results do not depend

    /// Every invalid or contradicting option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
    /// The options as a JSON object (text).
    std::string to_json() const;
};

/// A token of a family: its seed-frame placement. The token, reverse-complemented when
/// strand is '-', starts at seed position `offset` (may be negative: it overhangs the seed's
/// first base).
struct FamilyMember {
    std::int32_t token = 0;
    int offset = 0;
    char strand = '+';
};

struct Family {
    std::int32_t id = 0;
    std::string name;                   ///< "F<id>"
    std::int32_t seed = 0;              ///< token id of the founding token (offset 0, '+')
    std::vector<FamilyMember> members;  ///< seed first, then in joining order
    /// Rows of A, C, G, T probabilities in the seed's orientation, from `flank` bases before
    /// the leftmost member to `flank` bases after the rightmost.
    std::vector<std::array<double, 4>> pwm;
    int origin = 0;           ///< PWM column of the seed's first base
    std::uint64_t sites = 0;  ///< distinct aligned sites the PWM counts
    std::string consensus;    ///< the most frequent base of each PWM column (N: no data)
};

/// How `token` aligns with `seed` under `options` (both strings of A, C, G, T): the member
/// placement if it may join the seed's family, else strand 0. Exact over the overlap, or ≤
/// max_mismatches when the overlap is ≥ mismatch_overlap; |offset| ≤ max_shift, or any offset
/// when one string lies wholly inside the other and matches it exactly.
FamilyMember align_to_seed(const std::string& seed, const std::string& token,
                           const FamilyOptions& options, bool both_strands);

/// Groups the vocabulary's tokens into families (no PWMs yet). Tokens qualify by length, by
/// p-value when the vocabulary has classes, and are taken by decreasing info_gain (ties: more
/// uses, then id). Families are numbered in founding order. O(qualifying tokens × families).
std::vector<Family> group_families(const Vocabulary& vocabulary, const FamilyOptions& options);

/// Fills each family's PWM, sites and consensus from the exact occurrences of its members in
/// `data` (every occurrence, overlapping ones included), mapped to the seed frame and
/// de-duplicated per (record, seed position, strand); N and bases outside the record add
/// nothing. O(bases × distinct member lengths).
void fill_pwms(std::vector<Family>& families, const Vocabulary& vocabulary, const io::Dataset& data,
               const FamilyOptions& options);

/// group_families then fill_pwms. Throws ConfigError for invalid options.
std::vector<Family> build_families(const Vocabulary& vocabulary, const io::Dataset& data,
                                   const FamilyOptions& options = {});

/// Stores `families` in `vocabulary` (Vocabulary::families and each member's Token::family;
/// other tokens get family −1). Throws DataError if a token is in two families.
void assign_families(Vocabulary& vocabulary, std::vector<Family> families);

}  // namespace motiftok::vocab
