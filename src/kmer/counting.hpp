#pragma once
// Internal counting kernels of count_kmers (not installed): dense arrays for small k, and
// level-wise growth into hash tables above the dense limit.

#include <cstdint>
#include <vector>

#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::kmer::detail {

/// Records with their class index.
struct ClassedInput {
    const std::vector<io::Record>* records = nullptr;
    std::vector<std::uint32_t> class_of;  ///< per record
    std::size_t num_classes = 1;
};

/// Counts the levels `ks` (each <= kMaxDenseK) in one scan, one dense array of 4^k blocks
/// [last sequence, (occurrences, sequences) per class] per level; returns the compacted levels
/// (k-mers with at least one occurrence, sorted by code). skipped_windows is left 0.
std::vector<KmerLevel> count_dense(const ClassedInput& in, const std::vector<int>& ks, bool both);

/// Counts level k from the level k - 1 below it: only windows whose (k-1)-prefix and suffix are
/// contained in >= min_seqs sequences there are counted, and k-mers contained in fewer than
/// min_seqs sequences are dropped. `threads` hash partitions of the key space are counted in
/// parallel; the result does not depend on `threads`.
KmerLevel count_sparse(const ClassedInput& in, const KmerLevel& below, int k, bool both,
                       std::uint64_t min_seqs, int threads);

/// 64-bit mixer (SplitMix64 finalizer) used to hash packed k-mers.
inline std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Mask of the low 2k bits (k <= 31).
inline std::uint64_t kmer_mask(int k) {
    return (std::uint64_t{1} << (2 * k)) - 1;
}

}  // namespace motiftok::kmer::detail
