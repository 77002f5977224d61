#pragma once
// Where a k-mer's counter block lies in a dense array (not installed). Forward strand: at its
// code. Both strands: only canonical codes (code <= its reverse complement) are counted, about
// half of 4^k, and the slot is a permutation of the code that puts them together: the outer pair
// of bases (first a, last z) of a canonical k-mer has a + z <= 3, since the reverse complement
// starts with 3 - z. The 16 pairs are ranked, a + z < 3 first (6 pairs: every k-mer canonical),
// then a + z = 3 (4 pairs: canonical iff the inner (k-2)-mer is), then the 6 pairs no canonical
// k-mer has; slot = rank * 4^(k-2) + place of the inner (k-2)-mer, which for a tie pair is laid
// out the same way once more (its own outer pair ranked; one more level would leave holes smaller
// than a 2 MB page). So the array needs 9 * 4^(k-2) + 10 * 4^(k-4) slots and canonical
// codes touch about 0.53 * 4^k of them; the rest are holes of 6 * 4^(k-4) slots or more, left
// unmapped by the kernel (docs/counting.md, "Memory").

#include <cstdint>

namespace motiftok::kmer::detail {

class DenseLayout {
  public:
    /// The identity unless both strands and k >= 4.
    DenseLayout(int k, bool both) : k_(k), grouped_(both && k >= 4) {
        if (!grouped_) return;
        for (std::uint64_t a = 0; a < 4; ++a) {
            for (std::uint64_t a2 = 0; a2 < 4; ++a2) {
                for (std::uint64_t z2 = 0; z2 < 4; ++z2) {
                    for (std::uint64_t z = 0; z < 4; ++z) {
                        const std::uint64_t r1 = rank(a, z);
                        const std::uint64_t p2 = r1 >= kTies ? rank(a2, z2) : (a2 << 2) | z2;
                        high_[(a << 6) | (a2 << 4) | (z2 << 2) | z] =
                            static_cast<std::uint8_t>((r1 << 4) | p2);
                    }
                }
            }
        }
    }

    /// Slot of a code: a bijection of [0, 4^k); canonical codes (both strands) map below slots().
    /// Grouped: the outer pair's rank, then the next pair (ranked too for a tie pair), then the
    /// inner (k-4)-mer as it is.
    std::uint64_t slot(std::uint64_t code) const {
        if (!grouped_) return code;
        const int in = 2 * (k_ - 4);  // bits of the inner (k-4)-mer
        const std::uint64_t key = ((code >> (in + 4)) << 4) | (code & 15u);
        return (std::uint64_t{high_[key]} << in) | ((code >> 4) & mask(in));
    }

    /// Slots the array needs (one past the largest slot of a canonical code when grouped).
    std::uint64_t slots() const {
        if (!grouped_) return pow4(k_);
        return (kTies + 3) * pow4(k_ - 2) + (kTies + 4) * pow4(k_ - 4);
    }

    /// Whether slots are grouped by the outer pair of bases (both strands, k >= 4).
    bool grouped() const { return grouped_; }
    /// When grouped: the codes with first base a and last base z fill slots
    /// [region_begin(a, z), region_begin(a, z) + region_size()).
    std::uint64_t region_begin(std::uint64_t a, std::uint64_t z) const {
        return rank(a, z) * pow4(k_ - 2);
    }
    std::uint64_t region_size() const { return pow4(k_ - 2); }

    /// Rank of the outer pair (first base a, last base z): a + z < 3 first, then a + z = 3
    /// (kTies..kTies + 3), then the pairs no canonical k-mer has.
    static std::uint64_t rank(std::uint64_t a, std::uint64_t z) {
        constexpr std::uint8_t kRank[16] = {0, 1, 2, 6, 3, 4, 7, 10, 5, 8, 11, 12, 9, 13, 14, 15};
        return kRank[(a << 2) | z];
    }
    static constexpr std::uint64_t kTies = 6;

  private:
    static std::uint64_t pow4(int e) { return std::uint64_t{1} << (2 * e); }
    static std::uint64_t mask(int bits) { return (std::uint64_t{1} << bits) - 1; }
    int k_;
    bool grouped_;
    std::uint8_t high_[256] = {};  // (rank of the outer pair) * 16 + the next pair's place
};

}  // namespace motiftok::kmer::detail
