#pragma once
// Memory of one dense level (not installed): the array of counter blocks (an anonymous mapping)
// and, for the large levels, narrow blocks of 16-bit counters whose wraps are carried, exactly,
// into a side table. Wide block (32-bit words): [last sequence + 1, occ_0, seqs_0, occ_1, ...];
// narrow block (16-bit words): [last sequence + 1 (two words), occ_0, seqs_0, occ_1, ...].

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <unordered_map>
#include <vector>

namespace motiftok::kmer::detail {

/// Zeroed memory from an anonymous mapping: untouched pages stay unmapped, so a dense 4^k array
/// over a small input costs little memory. Once the input is large compared with the array the
/// kernel is asked for transparent huge pages: one TLB entry then covers 2 MB of a table that is
/// hit at random.
class Counters {
  public:
    explicit Counters(std::size_t bytes) : bytes_(std::max<std::size_t>(1, bytes)) {
        void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        data_ = static_cast<char*>(p);
    }
    ~Counters() { reset(); }
    Counters(Counters&& o) noexcept
        : data_(o.data_), bytes_(o.bytes_), released_(o.released_), huge_(o.huge_) {
        o.data_ = nullptr;
    }
    Counters(const Counters&) = delete;
    Counters& operator=(const Counters&) = delete;
    Counters& operator=(Counters&&) = delete;
    template <class T>
    T* get() const {
        return reinterpret_cast<T*>(data_);
    }
    void use_huge_pages() {
        if (huge_) return;
        huge_ = true;
#ifdef MADV_HUGEPAGE
        madvise(data_, bytes_, MADV_HUGEPAGE);
#endif
    }
    void reset() {
        if (data_ != nullptr) munmap(data_, bytes_);
        data_ = nullptr;
    }
    /// Returns the whole 2 MB pieces below byte `end` to the kernel; they must not be read
    /// again. 2 MB, not 4 kB: releasing part of a transparent huge page splits it, which costs
    /// more system time than the release saves.
    void release_before(std::size_t end) {
        end = end / kPage * kPage;
        if (end > released_) {
            madvise(data_ + released_, end - released_, MADV_DONTNEED);
            released_ = end;
        }
    }
    /// Returns the whole 2 MB pieces inside bytes [from, to) to the kernel (as release_before).
    void release(std::size_t from, std::size_t to) {
        from = (from + kPage - 1) / kPage * kPage;
        to = to / kPage * kPage;
        if (to > from) madvise(data_ + from, to - from, MADV_DONTNEED);
    }

  private:
    static constexpr std::size_t kPage = std::size_t{1} << 21;
    char* data_ = nullptr;
    std::size_t bytes_;
    std::size_t released_ = 0;
    bool huge_ = false;
};

/// Wraps of the 16-bit counters of a level: key slot * 2C + counter (2c occurrences, 2c + 1
/// sequences of class c), value the number of wraps (each worth 65536).
using Carries = std::unordered_map<std::uint64_t, std::uint32_t>;

/// bump() on a narrow block at `slot` of a level with `counters` = 2C counters per block. A
/// counter that wraps to 0 carries 65536 into `carries`; the sequences counter of a class cannot
/// be 0 when the sequence has touched the block before, so 0 after the update means a wrap.
inline void bump_narrow(std::uint16_t* block, std::uint32_t stamp, std::uint32_t cls,
                        std::uint64_t slot, std::size_t counters, Carries& carries) {
    const std::uint32_t last = block[0] | (std::uint32_t{block[1]} << 16);
    const auto first = static_cast<std::uint16_t>(last != stamp);
    // Two 16-bit stores, not a memcpy: a byte-wise store may alias anything, and the compiler
    // then reloads the loop's state from memory after every update.
    block[0] = static_cast<std::uint16_t>(stamp);
    block[1] = static_cast<std::uint16_t>(stamp >> 16);
    std::uint16_t* c = block + 2 + 2 * cls;
    if (++c[0] == 0) ++carries[slot * counters + 2 * cls];
    if ((c[1] += first) == 0) ++carries[slot * counters + 2 * cls + 1];
}

/// Reads the blocks of a level as wide blocks, whichever width they are stored in.
class BlockReader {
  public:
    /// `narrow`: 16-bit blocks with `carries`; else 32-bit blocks.
    BlockReader(const Counters& table, bool narrow, std::size_t classes, const Carries& carries)
        : narrow_(narrow),
          counters_(2 * classes),
          wide_(table.get<std::uint32_t>()),
          narrow_table_(table.get<std::uint16_t>()),
          carries_(carries),
          block_(1 + counters_) {}

    /// Bytes of one block.
    std::size_t block_bytes() const {
        return narrow_ ? (2 + counters_) * sizeof(std::uint16_t)
                       : (1 + counters_) * sizeof(std::uint32_t);
    }
    /// Whether a sequence has touched the block at `slot`.
    bool touched(std::uint64_t slot) const {
        if (!narrow_) return wide_[slot * (1 + counters_)] != 0;
        const std::uint16_t* b = narrow_table_ + slot * (2 + counters_);
        return (b[0] | b[1]) != 0;
    }
    /// The wide block at `slot` (valid until the next call).
    const std::uint32_t* block(std::uint64_t slot) {
        if (!narrow_) return wide_ + slot * (1 + counters_);
        const std::uint16_t* b = narrow_table_ + slot * (2 + counters_);
        block_[0] = b[0] | (std::uint32_t{b[1]} << 16);
        for (std::size_t j = 0; j < counters_; ++j) block_[1 + j] = b[2 + j];
        if (!carries_.empty()) {
            for (std::size_t j = 0; j < counters_; ++j) {
                const auto it = carries_.find(slot * counters_ + j);
                if (it != carries_.end()) block_[1 + j] += it->second * 65536u;
            }
        }
        return block_.data();
    }

  private:
    bool narrow_;
    std::size_t counters_;
    const std::uint32_t* wide_;
    const std::uint16_t* narrow_table_;
    const Carries& carries_;
    std::vector<std::uint32_t> block_;
};

}  // namespace motiftok::kmer::detail
