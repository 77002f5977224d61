#pragma once
// Dinucleotide-preserving shuffles (Altschul & Erickson 1985): uniform over the sequences with
// the same dinucleotide counts, first and last base (uniform over Eulerian paths).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/random.hpp"

namespace motiftok::io {

/// Shuffles a normalized sequence. N bases stay at their positions and split the sequence
/// into segments that are shuffled independently. Deterministic for a given `rng` state.
std::string dinucleotide_shuffle(std::string_view seq, Rng& rng);

/// Options of `motiftok shuffle`; the member initializers are the CLI defaults.
struct ShuffleOptions {
    int copies = 1;          ///< shuffled copies per input record (>= 1)
    std::uint64_t seed = 1;  ///< results depend only on the seed and the record's index
    int threads = 1;         ///< OpenMP threads over the records (results do not depend on it)

    /// Every invalid option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
};

/// Returns `copies` shuffles of each record, in input order, with ids suffixed "_shuf1",
/// "_shuf2", ... Record i (0-based, counting from `first_index`) uses its own Rng derived from
/// (seed, first_index + i), so the output does not depend on batching or the thread count.
/// Runs over records with options.threads OpenMP threads. Throws ConfigError for invalid
/// options (ShuffleOptions::validate).
std::vector<Record> shuffle_records(const std::vector<Record>& records,
                                    const ShuffleOptions& options, std::uint64_t first_index = 0);

/// Writes `record` as FASTA (">id\nseq\n"), the sequence on one line when `line_width` is 0,
/// else wrapped every `line_width` bases.
void write_fasta(std::ostream& out, const Record& record, std::size_t line_width = 0);

}  // namespace motiftok::io
