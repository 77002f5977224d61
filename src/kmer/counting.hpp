#pragma once
// Internal counting kernels of count_kmers (not installed): level-wise growth into hash tables
// above the dense limit (the dense levels are DenseCounter's), and the counter block both use:
// 32-bit words [last sequence + 1, occ_0, seqs_0, occ_1, seqs_1, ...], kept together so one
// update touches one cache line (the bases per class are kept below 2^32, so none overflows).

#include <cstdint>
#include <string_view>
#include <vector>

#include "kmer_table.hpp"
#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer::detail {

/// Records with their class index.
struct ClassedInput {
    const std::vector<io::Record>* records = nullptr;
    std::vector<std::uint32_t> class_of;  ///< per record
    std::size_t num_classes = 1;
};

/// Class index per record, class names (out.classes: the data's, or {"all"} unlabeled), the
/// per class totals of `out`, and the size checks of count_kmers (DataError).
ClassedInput classify(const io::Dataset& data, KmerCounts& out);

/// One window of class `cls` in the sequence numbered stamp - 1: occurrences += 1, and the
/// sequences count += 1 the first time this sequence touches the block. Branch-free: whether a
/// sequence has touched a block before is a coin flip for mid-sized k, and a mispredicted branch
/// cost more than the store of the stamp into a line that is written anyway.
inline void bump(std::uint32_t* block, std::uint32_t stamp, std::uint32_t cls) {
    const std::uint32_t first = block[0] != stamp;
    block[0] = stamp;
    block[1 + 2 * cls] += 1;
    block[2 + 2 * cls] += first;
}

/// Adds to skipped[j] the windows of length k_lo + j of `s` that span an N.
void add_skipped_windows(std::string_view s, int k_lo, std::vector<std::uint64_t>& skipped);

/// Appends a counter block (without its stamp) to a level.
void append(KmerLevel& lv, std::uint64_t code, const std::uint32_t* block, std::size_t classes);

/// Mask of the low 2k bits (k <= 31).
inline std::uint64_t kmer_mask(int k) {
    return (std::uint64_t{1} << (2 * k)) - 1;
}

/// Calls f(fwd, rev) for every window of length k (1..32) of `seq` without an N, in order: fwd is
/// its 2-bit code as read, rev the code of its reverse complement. An N restarts the roll.
template <class F>
inline void for_each_window(std::string_view seq, int k, F&& f) {
    const std::uint64_t mask = k >= 32 ? ~std::uint64_t{0} : kmer_mask(k);
    const int top = 2 * (k - 1);
    std::uint64_t fwd = 0, rev = 0;
    int run = 0;
    for (const char ch : seq) {
        const std::uint64_t b = kNt4[static_cast<unsigned char>(ch)];
        if (b > 3) {
            run = 0;
            continue;
        }
        fwd = ((fwd << 2) | b) & mask;
        rev = (rev >> 2) | ((3 - b) << top);
        if (++run < k) continue;
        f(fwd, rev);
    }
}

/// Which k-mers of one level are contained in >= min_seqs sequences (all classes together): a
/// bitmap over all codes for a dense k, otherwise a KmerTable without values. It is all that
/// level k + 1 needs of level k, so the level itself can be handed on before k + 1 is counted.
class SupportSet {
  public:
    SupportSet(const KmerLevel& lv, std::size_t classes, std::uint64_t min_seqs);
    bool contains(std::uint64_t code) const {
        if (dense_) return (bits_[code >> 6] >> (code & 63)) & 1u;
        return sparse_.contains(code);
    }

  private:
    bool dense_ = true;
    std::vector<std::uint64_t> bits_;
    KmerTable<std::uint8_t> sparse_{0};
};

/// Counts level k from the support set of level k - 1: only windows whose (k-1)-prefix and suffix
/// are in `below` are counted, and k-mers contained in fewer than min_seqs sequences are dropped.
/// `threads` hash partitions of the key space are counted in parallel; the result does not
/// depend on `threads`.
KmerLevel count_sparse(const ClassedInput& in, const SupportSet& below, int k, bool both,
                       std::uint64_t min_seqs, int threads);

}  // namespace motiftok::kmer::detail
