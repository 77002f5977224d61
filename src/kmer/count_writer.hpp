#pragma once
// Count file bytes (docs/counting.md) built front to back: the header, then each level's entries
// in code order, then the CRC. serialize_counts() writes KmerCounts through it; DenseCounter
// writes its arrays through it without building the levels first.

#include <cstdint>
#include <string>
#include <vector>

#include "../io/binary.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::kmer::detail {

class CountWriter {
  public:
    /// Writes the header: format, options, and per class its name, sequences and bases.
    CountWriter(const KmerOptions& options, const std::vector<std::string>& classes,
                const std::vector<std::uint64_t>& seqs_per_class,
                const std::vector<std::uint64_t>& bases_per_class);
    /// Starts a level of `n` entries; exactly n entry() calls, by increasing code, follow.
    void begin_level(int k, bool pruned, std::uint64_t skipped_windows, std::uint64_t n);
    /// One entry: occurrences and sequences per class.
    void entry(std::uint64_t code, const std::uint64_t* occ, const std::uint64_t* seqs);
    /// One entry from a dense counter block [stamp, occ_0, seqs_0, occ_1, seqs_1, ...].
    void entry(std::uint64_t code, const std::uint32_t* block);
    /// Appends the CRC-32 and returns the file bytes.
    std::string finish();

  private:
    io::binary::Writer w_;
    std::size_t classes_;
    std::uint64_t prev_ = 0;
};

}  // namespace motiftok::kmer::detail
