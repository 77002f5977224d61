#pragma once
// Internal state of the EM learner (not installed). A "piece" is one unit of the language model:
// with strand "both" a canonical string standing for itself and its reverse complement, which
// share one probability (each orientation gets half of it on a path).

#include <cstdint>
#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/learn/learner.hpp"

namespace motiftok::learn::detail {

struct Piece {
    std::string str;           ///< canonical orientation (the smaller string with strand both)
    bool two_strings = false;  ///< strand both and not its own reverse complement
    bool required = false;     ///< a single base: never pruned
    std::uint64_t count = 0;   ///< uses on the best paths (both orientations)
    std::vector<std::uint64_t> docs;  ///< per class: sequences whose best path uses it
    double log_p = 0.0;               ///< natural log of the piece probability
    double info_gain = 0.0;           ///< bits, from the tokenizations
    double gain_norm = 0.0;           ///< info_gain / the largest info_gain, in [0, 1]
};

/// Log probability of one string of piece p on a path (orientation halving).
double string_log_prob(const Piece& p);
/// The path score of one string of p: string_log_prob + β · gain_norm · length.
double string_score(const Piece& p, double beta);

/// The strings handed to the tokenizer (ids 0..4 = A C G T N), and which piece each one is.
struct TokenTable {
    std::vector<std::string> strings;
    std::vector<double> scores;
    std::vector<std::uint32_t> piece;  ///< strings[i] belongs to pieces[piece[i]]
};
TokenTable make_token_table(const std::vector<Piece>& pieces, double beta);
/// Number of vocabulary entries (strings) the pieces make.
std::size_t entry_count(const std::vector<Piece>& pieces);

/// Token boundaries of the previous E-step, one bit per base, word-aligned per sequence so that
/// threads working on different sequences never share a word.
struct BoundaryMemory {
    std::vector<std::uint64_t> offset;  ///< first word of each sequence
    std::vector<std::uint64_t> bits;
    bool has_previous = false;
};
BoundaryMemory make_boundary_memory(const io::Dataset& data);

/// What an E-step collected. Integer sums only, so the thread count cannot change them.
struct EStepResult {
    std::vector<std::uint64_t> string_count;  ///< per token-table entry
    std::vector<std::uint64_t> docs;          ///< piece * classes + class
    std::uint64_t tokens = 0;
    std::uint64_t bases = 0;
    std::uint64_t boundaries = 0;  ///< |old| + |new| boundary positions
    std::uint64_t moved = 0;       ///< |old xor new|
};
/// Tokenizes every sequence with the table's scores (OpenMP over sequences, `threads`).
EStepResult run_e_step(const io::Dataset& data, const TokenTable& table, std::size_t n_pieces,
                       std::size_t n_classes, BoundaryMemory& memory, int threads);

/// M-step: counts and docs from `e`, p re-estimated from the counts, token IG from the docs.
/// Unused pieces keep a floor of 0.5 uses (pruning removes them first). Returns the log-likelihood
/// (nats) of the E-step paths under the new p.
double run_m_step(std::vector<Piece>& pieces, const TokenTable& table, const EStepResult& e,
                  const std::vector<std::uint64_t>& class_sizes);

/// Seed candidates: every k-mer of length k_min..k_max with support >= min_seqs, counted
/// (canonical with strand both), cut to seed_size strings by frequency·length and by IG.
/// Returns pieces with count (occurrences) and docs (presence per class) filled; bases first.
std::vector<Piece> collect_seed(const io::Dataset& data, const LearnOptions& options,
                                std::uint64_t* candidates);

/// The bases alone, with their composition as counts (the seed of a fixed guide).
std::vector<Piece> base_seed(const io::Dataset& data, const LearnOptions& options);
/// Counts every non-base piece on `data` (occurrences: positions where either string of the
/// piece starts; docs: sequences per class holding it) and removes those held by fewer than
/// options.min_seqs sequences. Counted by kmer::count_listed (one length per thread task): the
/// counts do not depend on options.threads.
void count_seed(const io::Dataset& data, std::vector<Piece>& pieces, const LearnOptions& options);

/// The guide's seed edits: removes excluded pieces, appends the extra strings not yet present
/// (count 0, docs 0: the first E-step counts them).
void edit_seed(std::vector<Piece>& pieces, const LearnGuide& guide, const LearnOptions& options,
               std::size_t n_classes);
/// gain_norm ← (1 − w) · gain_norm + w · prior(piece) (prior 0 if absent; no change with an
/// empty guide).
void apply_prior(std::vector<Piece>& pieces, const LearnGuide& guide);

/// Removes the pieces whose removal costs least until at most `target` entries remain (or the
/// share `shrink` of the entries was removed). Cost: count · (s(t) − s(best alternative path of
/// t)); with `use_gain`, redundant pieces (below) go first. Returns the number of entries removed.
std::size_t prune(std::vector<Piece>& pieces, const LearnOptions& options, bool use_gain,
                  double min_gain, std::size_t target);

/// Whether each piece is redundant: its IG is at least `min_gain` (significant) and a shorter
/// piece inside it, or a piece overlapping it shifted by 1..3 bases (sharing >= 4 bases), in
/// either orientation, has a strictly higher IG.
std::vector<bool> redundant_pieces(const std::vector<Piece>& pieces, bool strand_both,
                                   double min_gain);

}  // namespace motiftok::learn::detail
