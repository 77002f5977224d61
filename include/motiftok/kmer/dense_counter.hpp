#pragma once
// Streaming count of the dense levels (k <= kMaxDenseK): sequences are fed one at a time and
// counted in batches, so memory is the 4^k arrays plus one batch, whatever the input size
// (docs/counting.md, "Memory"). count_kmers() counts its dense levels with it; `motiftok count`
// feeds it straight from the reader and writes the count file from the arrays.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/kmer/counter.hpp"

namespace motiftok::kmer {

/// Size of one level in a written count file (for the CLI's summary line).
struct LevelSize {
    int k = 0;
    std::uint64_t kmers = 0;            ///< distinct k-mers
    std::uint64_t skipped_windows = 0;  ///< windows spanning an N
};

/// Counts levels [k_lo, k_hi] (k_hi <= kMaxDenseK) of sequences given one by one, per class.
/// The result equals count_kmers() on the same sequences in the same order, for any `threads`.
class DenseCounter {
  public:
    /// Bases counted per batch unless set.
    static constexpr std::size_t kBatchBases = std::size_t{1} << 23;

    /// `classes` are the class names (class index = position). Throws ConfigError for levels
    /// outside 1..kMaxDenseK or no class.
    DenseCounter(int k_lo, int k_hi, Strand strand, std::vector<std::string> classes,
                 int threads = 1, std::size_t batch_bases = kBatchBases);
    ~DenseCounter();
    DenseCounter(const DenseCounter&) = delete;
    DenseCounter& operator=(const DenseCounter&) = delete;

    /// Adds one sequence (normalized: A, C, G, T, N) of class `cls`. Counting happens in batches
    /// of `batch_bases`; a sequence longer than a batch is counted on its own, without a copy.
    /// Throws DataError when a class reaches 2^32 - 1 bases or the input 2^32 - 1 sequences
    /// (split the input and merge the count files).
    void add(std::string_view seq, std::uint32_t cls);

    const std::vector<std::string>& classes() const;
    const std::vector<std::uint64_t>& seqs_per_class() const;
    const std::vector<std::uint64_t>& bases_per_class() const;

    /// Counts what is left and returns levels k_lo..k_hi (k-mers with at least one occurrence,
    /// sorted by code, skipped windows set). The arrays are freed; the counter is spent.
    std::vector<KmerLevel> take_levels();
    /// As take_levels(), but hands each level to `visit` as soon as its array is compacted, by
    /// increasing k, so at most one compacted level is held here at a time.
    void take_levels(const LevelVisitor& visit);

    /// Counts what is left and writes the count file of `options` (k_min..k_max must be this
    /// counter's k_lo..k_hi, and k_max <= dense_max_k) to `path` ("-" = stdout) atomically,
    /// byte for byte what save_counts(count_kmers(...)) writes, without building the levels:
    /// each array is encoded as it is freed. The counter is spent. Returns the level sizes.
    std::vector<LevelSize> save(const KmerOptions& options, const std::string& path);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::kmer
