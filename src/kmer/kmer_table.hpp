#pragma once
// KmerTable: the open-addressing hash table of the k-mer counters and of the tokenizer's long-token
// ids (src/tokenize/; not installed), keyed by a packed k-mer code. Each key owns `width` values
// of type Value stored next to the other keys' (one counter block per key in the level-wise
// counter, one index, or none for a set).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace motiftok::kmer::detail {

/// 64-bit mixer (SplitMix64 finalizer) used to hash packed k-mers.
inline std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// Map from a packed k-mer code (any 64-bit value, so every code of k = 1..32) to `width`
/// values. Linear probing on mix64(code) over a power-of-two number of slots, kept at most half
/// full: it doubles before an insert would pass that. A slot is empty when its key is
/// ~0; the key ~0 itself (the forward code of 32 T's) lives in one extra block after the slots.
/// New values are value-initialized (zero). Pointers returned by insert() and find() stay valid
/// until the next insert() of a new key. Not thread-safe for writes; concurrent reads are fine.
template <class Value>
class KmerTable {
  public:
    /// A table for `expected` keys without growing, `width` values per key (0: a set).
    explicit KmerTable(std::size_t width, std::size_t expected = 0) : width_(width) {
        std::size_t cap = 16;
        while (cap < 2 * expected) cap *= 2;
        rehash(cap);
    }

    /// Number of keys.
    std::size_t size() const { return used_ + (has_last_ ? 1 : 0); }
    /// Values per key.
    std::size_t width() const { return width_; }

    /// The values of `code`, inserting it with zero values if absent. Amortized O(1).
    Value* insert(std::uint64_t code) {
        if (code == kEmpty) {
            has_last_ = true;
            return values_at(slots());
        }
        std::size_t h = mix64(code) & mask_;
        while (keys_[h] != kEmpty && keys_[h] != code) h = (h + 1) & mask_;
        if (keys_[h] == kEmpty) {
            if (2 * (used_ + 1) > slots()) {
                rehash(2 * slots());
                return insert(code);
            }
            keys_[h] = code;
            ++used_;
        }
        return values_at(h);
    }

    /// Whether `code` is a key. O(1) expected.
    bool contains(std::uint64_t code) const { return slot_of(code) != kAbsent; }

    /// The values of `code`, or nullptr if it is not a key (nor is it for width 0).
    Value* find(std::uint64_t code) {
        const std::size_t s = slot_of(code);
        return s == kAbsent ? nullptr : values_at(s);
    }
    const Value* find(std::uint64_t code) const {
        const std::size_t s = slot_of(code);
        return s == kAbsent ? nullptr : values_at(s);
    }

    /// Calls f(code, const Value* values) for every key, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (std::size_t h = 0; h < slots(); ++h) {
            if (keys_[h] != kEmpty) f(keys_[h], values_at(h));
        }
        if (has_last_) f(kEmpty, values_at(slots()));
    }

  private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    static constexpr std::size_t kAbsent = ~std::size_t{0};

    std::size_t slots() const { return keys_.size(); }
    Value* values_at(std::size_t slot) { return values_.data() + slot * width_; }
    const Value* values_at(std::size_t slot) const { return values_.data() + slot * width_; }

    // Slot of `code` (slots() for the key ~0), or kAbsent.
    std::size_t slot_of(std::uint64_t code) const {
        if (code == kEmpty) return has_last_ ? slots() : kAbsent;
        for (std::size_t h = mix64(code) & mask_;; h = (h + 1) & mask_) {
            if (keys_[h] == code) return h;
            if (keys_[h] == kEmpty) return kAbsent;
        }
    }

    // Moves every key and its values into `cap` slots (a power of two) plus the block of ~0.
    void rehash(std::size_t cap) {
        std::vector<std::uint64_t> keys(cap, kEmpty);
        std::vector<Value> values((cap + 1) * width_, Value{});
        const std::size_t mask = cap - 1;
        for (std::size_t h = 0; h < slots(); ++h) {
            if (keys_[h] == kEmpty) continue;
            std::size_t g = mix64(keys_[h]) & mask;
            while (keys[g] != kEmpty) g = (g + 1) & mask;
            keys[g] = keys_[h];
            std::copy_n(values_at(h), width_, values.data() + g * width_);
        }
        if (has_last_) std::copy_n(values_at(slots()), width_, values.data() + cap * width_);
        keys_.swap(keys);
        values_.swap(values);
        mask_ = mask;
    }

    std::size_t width_;
    std::vector<std::uint64_t> keys_;
    std::vector<Value> values_;  // (slots() + 1) blocks of width_: one per slot, then ~0's
    std::size_t mask_ = 0;
    std::size_t used_ = 0;  // keys in slots (all but ~0)
    bool has_last_ = false;
};

}  // namespace motiftok::kmer::detail
