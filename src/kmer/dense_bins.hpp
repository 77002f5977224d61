#pragma once
// Binned updates of a large dense level (not installed). A window's update is a random
// read-modify-write of the level's array; for k >= 10 the array is far larger than the cache and
// every update waits on DRAM. Binned, the updates of many windows are first written, in order,
// into bins by the high bits of their slot (sequential writes), then applied one bin at a time,
// so those of a bin hit one cache-sized part of the array. The updates of a bin keep their input
// order, so every block still sees its sequences in input order and its stamp counts each
// sequence once: the counts are those of the direct updates (docs/counting.md, "Algorithm").

#include <algorithm>
#include <cstdint>
#include <vector>

namespace motiftok::kmer::detail {

class SlotBins {
  public:
    /// Bins of 2^bin_bits slots over [0, slots), holding `capacity` updates in all before they
    /// are applied (4 bytes each: the memory of the bins).
    SlotBins(std::uint64_t slots, int bin_bits, std::size_t capacity)
        : bits_(bin_bits),
          mask_((std::uint32_t{1} << bin_bits) - 1),
          max_seqs_(std::size_t{1} << (32 - bin_bits)),
          fill_((slots + mask_) >> bin_bits, 0) {
        per_bin_ = std::max<std::size_t>(1, capacity / fill_.size());
        entries_.resize(per_bin_ * fill_.size());
    }

    /// Bytes held by the bins.
    std::size_t bytes() const { return entries_.size() * sizeof(std::uint32_t); }

    /// The updates that follow belong to a new sequence (its stamp and class).
    template <class Target>
    void sequence(std::uint32_t stamp, std::uint32_t cls, Target& target) {
        if (seqs_.size() == max_seqs_) apply(target);
        seqs_.push_back(Seq{stamp, cls});
    }

    /// One update each of the blocks at slots[0, n) (below `slots`) by the current sequence.
    template <class Target>
    void add(const std::uint64_t* slots, std::size_t n, Target& target) {
        // Locals and __restrict: the stores to the bins could otherwise alias the fill counts
        // and this object, and the compiler would reload them all after every update.
        std::uint32_t* __restrict entries = entries_.data();
        std::uint32_t* __restrict fill = fill_.data();
        const int bits = bits_;
        const std::uint32_t mask = mask_;
        const std::size_t per_bin = per_bin_;
        std::uint32_t seq = static_cast<std::uint32_t>(seqs_.size() - 1) << bits;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t bin = slots[i] >> bits;
            if (fill[bin] == per_bin) {
                apply(target);
                seq = 0;  // the current sequence is the only one held now
            }
            entries[bin * per_bin + fill[bin]++] =
                seq | (static_cast<std::uint32_t>(slots[i]) & mask);
        }
    }

    /// Applies every held update, bin by bin, as target.bump(slot, stamp, cls); calls
    /// target.prefetch(slot) a few updates ahead. The current sequence stays current.
    template <class Target>
    void apply(Target& target) {
        constexpr std::size_t kAhead = 16;
        const int bits = bits_;
        const std::uint32_t mask = mask_;
        const Seq* seqs = seqs_.data();
        for (std::size_t bin = 0; bin < fill_.size(); ++bin) {
            const std::uint32_t* e = entries_.data() + bin * per_bin_;
            const std::size_t n = fill_[bin];
            const std::uint64_t base = std::uint64_t{bin} << bits;
            for (std::size_t i = 0; i < n; ++i) {
                if (i + kAhead < n) target.prefetch(base | (e[i + kAhead] & mask));
                const Seq s = seqs[e[i] >> bits];
                target.bump(base | (e[i] & mask), s.stamp, s.cls);
            }
            fill_[bin] = 0;
        }
        if (!seqs_.empty()) {
            const Seq current = seqs_.back();
            seqs_.assign(1, current);
        }
    }

    /// Applies every held update and forgets the current sequence.
    template <class Target>
    void finish(Target& target) {
        apply(target);
        seqs_.clear();
    }

  private:
    struct Seq {
        std::uint32_t stamp, cls;
    };
    int bits_;
    std::uint32_t mask_;
    std::size_t max_seqs_;
    std::size_t per_bin_ = 1;
    std::vector<std::uint32_t> fill_;     // updates held per bin
    std::vector<std::uint32_t> entries_;  // bin b: [b * per_bin_, + fill_[b]), seq << bits | low
    std::vector<Seq> seqs_;               // the sequences of the held updates
};

}  // namespace motiftok::kmer::detail
