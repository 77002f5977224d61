// Counting kernels. Both roll a forward and a reverse-complement 2-bit code over each run of
// A/C/G/T (an N restarts the run), so every window costs O(1) and no string is re-scanned per k.
// Every k-mer has a block of 32-bit counters [last sequence + 1, occ_0, seqs_0, occ_1, seqs_1, ...]
// kept together so one update touches one cache line; count_kmers bounds the bases per class
// below 2^32 so these cannot overflow.

#include "counting.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>

#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer::detail {
namespace {

// Zeroed counters from an anonymous mapping: untouched pages stay unmapped, so a dense 4^k array
// over a small input costs little memory. With `huge` (large inputs) the kernel is asked for
// transparent huge pages: one TLB entry then covers 2 MB of a table that is hit at random.
class Counters {
  public:
    Counters(std::size_t n, bool huge)
        : bytes_(std::max<std::size_t>(1, n * sizeof(std::uint32_t))) {
        void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        if (huge) madvise(p, bytes_, MADV_HUGEPAGE);
#else
        (void)huge;
#endif
        data_ = static_cast<std::uint32_t*>(p);
    }
    ~Counters() {
        reset();
    }
    Counters(Counters&& o) noexcept : data_(o.data_), bytes_(o.bytes_), released_(o.released_) {
        o.data_ = nullptr;
    }
    Counters(const Counters&) = delete;
    Counters& operator=(const Counters&) = delete;
    Counters& operator=(Counters&&) = delete;
    std::uint32_t* get() const {
        return data_;
    }
    void reset() {
        if (data_ != nullptr) munmap(data_, bytes_);
        data_ = nullptr;
    }
    /// Returns the whole pages below word `words` to the kernel; they must not be read again.
    void release_before(std::size_t words) {
        const std::size_t page = std::size_t{1} << 12;
        const std::size_t end = (words * sizeof(std::uint32_t)) / page * page;
        if (end > released_) {
            madvise(reinterpret_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
            released_ = end;
        }
    }

  private:
    std::uint32_t* data_ = nullptr;
    std::size_t bytes_;
    std::size_t released_ = 0;
};

inline void bump(std::uint32_t* block, std::uint32_t stamp, std::uint32_t cls) {
    block[1 + 2 * cls] += 1;
    if (block[0] != stamp) {
        block[0] = stamp;
        block[2 + 2 * cls] += 1;
    }
}

// Appends a counter block (without its stamp) to a level.
void append(KmerLevel& lv, std::uint64_t code, const std::uint32_t* block, std::size_t classes) {
    lv.codes.push_back(code);
    for (std::size_t c = 0; c < classes; ++c) {
        lv.occ.push_back(block[1 + 2 * c]);
        lv.seqs.push_back(block[2 + 2 * c]);
    }
}

// The k-mers of a dense table with at least one occurrence, in code order. Pages of the table
// that have been read are handed back to the kernel as the result grows, so the peak memory is
// about the larger of table and result, not their sum.
KmerLevel compact_dense(Counters& counters, int k, std::size_t classes) {
    const std::uint32_t* table = counters.get();
    const std::size_t stride = 1 + 2 * classes;
    const std::uint64_t n = std::uint64_t{1} << (2 * k);
    std::size_t used = 0;
    for (std::uint64_t code = 0; code < n; ++code) used += table[code * stride] != 0;
    KmerLevel lv;
    lv.k = k;
    lv.codes.reserve(used);
    lv.occ.reserve(used * classes);
    lv.seqs.reserve(used * classes);
    constexpr std::uint64_t kBatch = std::uint64_t{1} << 16;  // codes between releases
    for (std::uint64_t from = 0; from < n; from += kBatch) {
        const std::uint64_t to = std::min(n, from + kBatch);
        for (std::uint64_t code = from; code < to; ++code) {
            if (table[code * stride] != 0) append(lv, code, table + code * stride, classes);
        }
        counters.release_before(to * stride);
    }
    return lv;
}

// Rolling state of one level across the chunks of a record.
struct Roller {
    int k;
    std::uint64_t mask;
    int top;
    std::uint64_t fwd = 0, rev = 0;
    int run = 0;
};

// Codes of the valid windows ending in seq[from, to), rolling `r` on; returns their number.
std::size_t roll_codes(Roller& r, const char* seq, std::size_t from, std::size_t to, bool both,
                       std::uint64_t* codes) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) {
        const std::uint64_t b = kNt4[static_cast<unsigned char>(seq[i])];
        if (b > 3) {
            r.run = 0;
            continue;
        }
        r.fwd = ((r.fwd << 2) | b) & r.mask;
        r.rev = (r.rev >> 2) | ((3 - b) << r.top);
        if (++r.run < r.k) continue;
        codes[n++] = both ? std::min(r.fwd, r.rev) : r.fwd;
    }
    return n;
}

// Levels whose tables fit in cache (k <= kSmallK): one rolling code of the longest k per base,
// the shorter k-mers ending at the same base are its low bits (forward) and high bits (reverse).
constexpr int kSmallK = 8;

void count_small(const ClassedInput& in, const std::vector<int>& ks, bool both,
                 const std::vector<std::uint32_t*>& tables) {
    const std::size_t stride = 1 + 2 * in.num_classes;
    const int big = *std::max_element(ks.begin(), ks.end());
    const std::uint64_t big_mask = kmer_mask(big);
    const int top = 2 * (big - 1);
    std::vector<std::uint64_t> masks;
    std::vector<int> shifts;
    for (const int k : ks) masks.push_back(kmer_mask(k)), shifts.push_back(2 * (big - k));
    const auto& records = *in.records;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        const std::uint32_t cls = in.class_of[r];
        std::uint64_t fwd = 0, rev = 0;
        int run = 0;
        for (const char ch : records[r].seq) {
            const std::uint64_t b = kNt4[static_cast<unsigned char>(ch)];
            if (b > 3) {
                run = 0;
                continue;
            }
            fwd = ((fwd << 2) | b) & big_mask;
            rev = (rev >> 2) | ((3 - b) << top);
            ++run;
            for (std::size_t j = 0; j < ks.size(); ++j) {
                if (run < ks[j]) continue;
                std::uint64_t code = fwd & masks[j];
                if (both) code = std::min(code, rev >> shifts[j]);
                bump(tables[j] + code * stride, stamp, cls);
            }
        }
    }
}

// Large levels: each record is cut into chunks; per chunk and level the window codes are
// computed first, then the counters are updated with a software prefetch kPrefetch windows
// ahead, so the cache misses of large tables overlap instead of stalling one after another.
void count_prefetched(const ClassedInput& in, std::vector<Roller>& rollers, bool both,
                      const std::vector<std::uint32_t*>& tables) {
    constexpr std::size_t kChunk = 4096, kPrefetch = 16;
    const std::size_t stride = 1 + 2 * in.num_classes;
    std::vector<std::uint64_t> codes(kChunk);
    const auto& records = *in.records;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        const std::uint32_t cls = in.class_of[r];
        const std::string& seq = records[r].seq;
        for (auto& roller : rollers) roller.fwd = roller.rev = 0, roller.run = 0;
        for (std::size_t from = 0; from < seq.size(); from += kChunk) {
            const std::size_t to = std::min(seq.size(), from + kChunk);
            for (std::size_t j = 0; j < rollers.size(); ++j) {
                const std::size_t n =
                    roll_codes(rollers[j], seq.data(), from, to, both, codes.data());
                std::uint32_t* table = tables[j];
                for (std::size_t i = 0; i < n; ++i) {
                    if (i + kPrefetch < n) {
                        __builtin_prefetch(table + codes[i + kPrefetch] * stride, 1);
                    }
                    bump(table + codes[i] * stride, stamp, cls);
                }
            }
        }
    }
}

}  // namespace

std::vector<KmerLevel> count_dense(const ClassedInput& in, const std::vector<int>& ks, bool both) {
    const std::size_t stride = 1 + 2 * in.num_classes;
    std::uint64_t bases = 0;
    for (const auto& rec : *in.records) bases += rec.seq.size();
    std::vector<Counters> tables;
    std::vector<Roller> rollers;
    for (const int k : ks) {
        const std::size_t entries = std::size_t{1} << (2 * k);
        tables.emplace_back(entries * stride, bases >= entries / 4);
        rollers.push_back(Roller{k, kmer_mask(k), 2 * (k - 1)});
    }
    std::vector<std::uint32_t*> bases_of;
    for (auto& t : tables) bases_of.push_back(t.get());
    if (*std::max_element(ks.begin(), ks.end()) <= kSmallK) {
        count_small(in, ks, both, bases_of);
    } else {
        count_prefetched(in, rollers, both, bases_of);
    }
    std::vector<KmerLevel> out;
    for (std::size_t j = 0; j < ks.size(); ++j) {
        out.push_back(compact_dense(tables[j], ks[j], in.num_classes));
        tables[j].reset();
    }
    return out;
}

namespace {

// Which (k-1)-mers are contained in >= min_seqs sequences: a bitmap over all codes for small k,
// otherwise an open-addressing hash set.
class FrequentSet {
  public:
    FrequentSet(const KmerLevel& lv, std::size_t classes, std::uint64_t min_seqs) {
        std::vector<std::uint64_t> keep;
        for (std::size_t i = 0; i < lv.size(); ++i) {
            std::uint64_t total = 0;
            for (std::size_t c = 0; c < classes; ++c) total += lv.seqs[i * classes + c];
            if (total >= min_seqs) keep.push_back(lv.codes[i]);
        }
        dense_ = lv.k <= kMaxDenseK;
        if (dense_) {
            bits_.assign(((std::uint64_t{1} << (2 * lv.k)) + 63) / 64, 0);
            for (const auto c : keep) bits_[c >> 6] |= std::uint64_t{1} << (c & 63);
            return;
        }
        std::size_t cap = 16;
        while (cap < 2 * keep.size()) cap *= 2;
        mask_ = cap - 1;
        slots_.assign(cap, kEmpty);
        for (const auto c : keep) {
            std::size_t h = mix64(c) & mask_;
            while (slots_[h] != kEmpty) h = (h + 1) & mask_;
            slots_[h] = c;
        }
    }
    bool contains(std::uint64_t code) const {
        if (dense_) return (bits_[code >> 6] >> (code & 63)) & 1u;
        for (std::size_t h = mix64(code) & mask_;; h = (h + 1) & mask_) {
            if (slots_[h] == code) return true;
            if (slots_[h] == kEmpty) return false;
        }
    }

  private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    bool dense_ = true;
    std::vector<std::uint64_t> bits_;
    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
};

// Open-addressing table from packed k-mer to a counter block; grows at half load.
class CountTable {
  public:
    explicit CountTable(std::size_t classes) : stride_(1 + 2 * classes) { rehash(1024); }
    std::uint32_t* block(std::uint64_t code) {
        std::size_t h = mix64(code) & mask_;
        while (keys_[h] != kEmpty && keys_[h] != code) h = (h + 1) & mask_;
        if (keys_[h] == kEmpty) {
            if (2 * (size_ + 1) > keys_.size()) {
                rehash(2 * keys_.size());
                return block(code);
            }
            keys_[h] = code;
            ++size_;
        }
        return values_.data() + h * stride_;
    }
    template <class F>
    void for_each(F&& f) const {
        for (std::size_t h = 0; h < keys_.size(); ++h) {
            if (keys_[h] != kEmpty) f(keys_[h], values_.data() + h * stride_);
        }
    }

  private:
    void rehash(std::size_t cap) {
        std::vector<std::uint64_t> keys(cap, kEmpty);
        std::vector<std::uint32_t> values(cap * stride_, 0);
        const std::size_t mask = cap - 1;
        for (std::size_t h = 0; h < keys_.size(); ++h) {
            if (keys_[h] == kEmpty) continue;
            std::size_t g = mix64(keys_[h]) & mask;
            while (keys[g] != kEmpty) g = (g + 1) & mask;
            keys[g] = keys_[h];
            std::copy_n(values_.data() + h * stride_, stride_, values.data() + g * stride_);
        }
        keys_.swap(keys);
        values_.swap(values);
        mask_ = mask;
    }
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    std::size_t stride_;
    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> values_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

// Counts the candidates of level k whose hash falls in partition `part` of `parts`.
KmerLevel count_partition(const ClassedInput& in, const FrequentSet& below, int k, bool both,
                          std::uint64_t min_seqs, std::uint64_t part, std::uint64_t parts) {
    const std::size_t classes = in.num_classes;
    CountTable table(classes);
    const std::uint64_t mask = kmer_mask(k), sub_mask = kmer_mask(k - 1);
    const int top = 2 * (k - 1);
    const auto& records = *in.records;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        std::uint64_t fwd = 0, rev = 0;
        int run = 0;
        for (const char ch : records[r].seq) {
            const std::uint64_t b = kNt4[static_cast<unsigned char>(ch)];
            if (b > 3) {
                run = 0;
                continue;
            }
            fwd = ((fwd << 2) | b) & mask;
            rev = (rev >> 2) | ((3 - b) << top);
            if (++run < k) continue;
            const std::uint64_t code = both ? std::min(fwd, rev) : fwd;
            if (parts > 1 && mix64(code ^ 0x5bd1e995ULL) % parts != part) continue;
            std::uint64_t prefix = fwd >> 2, suffix = fwd & sub_mask;
            if (both) {
                prefix = std::min(prefix, rev & sub_mask);
                suffix = std::min(suffix, rev >> 2);
            }
            if (!below.contains(prefix) || !below.contains(suffix)) continue;
            bump(table.block(code), stamp, in.class_of[r]);
        }
    }
    std::vector<std::pair<std::uint64_t, const std::uint32_t*>> kept;
    table.for_each([&](std::uint64_t code, const std::uint32_t* block) {
        std::uint64_t total = 0;
        for (std::size_t c = 0; c < classes; ++c) total += block[2 + 2 * c];
        if (total >= min_seqs) kept.emplace_back(code, block);
    });
    std::sort(kept.begin(), kept.end());
    KmerLevel lv;
    lv.k = k;
    for (const auto& [code, block] : kept) append(lv, code, block, classes);
    return lv;
}

}  // namespace

KmerLevel count_sparse(const ClassedInput& in, const KmerLevel& below_level, int k, bool both,
                       std::uint64_t min_seqs, int threads) {
    const FrequentSet below(below_level, in.num_classes, min_seqs);
    const auto parts = static_cast<std::uint64_t>(std::max(1, threads));
    std::vector<KmerLevel> pieces(parts);
#pragma omp parallel for schedule(static, 1) num_threads(threads)
    for (std::uint64_t p = 0; p < parts; ++p) {
        pieces[p] = count_partition(in, below, k, both, min_seqs, p, parts);
    }
    // Partitions hold disjoint codes: merge them by code.
    KmerLevel lv;
    lv.k = k;
    lv.pruned = min_seqs > 1;
    std::vector<std::size_t> pos(parts, 0);
    const std::size_t classes = in.num_classes;
    for (;;) {
        std::size_t best = parts;
        for (std::size_t p = 0; p < parts; ++p) {
            if (pos[p] < pieces[p].size() &&
                (best == parts || pieces[p].codes[pos[p]] < pieces[best].codes[pos[best]])) {
                best = p;
            }
        }
        if (best == parts) break;
        const auto i = pos[best]++;
        lv.codes.push_back(pieces[best].codes[i]);
        lv.occ.insert(lv.occ.end(), pieces[best].occ.begin() + i * classes,
                      pieces[best].occ.begin() + (i + 1) * classes);
        lv.seqs.insert(lv.seqs.end(), pieces[best].seqs.begin() + i * classes,
                       pieces[best].seqs.begin() + (i + 1) * classes);
    }
    return lv;
}

}  // namespace motiftok::kmer::detail
