// Dense levels: one array of 4^k counter blocks per level, fed in batches of sequences. Per batch
// the levels are independent tasks over the threads (every k >= 8 alone, it is memory-bound, in
// narrow blocks laid out by DenseLayout; k <= 7 in scans of several levels), each rolling a forward
// and a reverse-complement 2-bit code over each run of A/C/G/T (an N restarts the run), so every
// window costs O(1).

#include "motiftok/kmer/dense_counter.hpp"

#include <algorithm>
#include <array>

#include "count_writer.hpp"
#include "counting.hpp"
#include "dense_layout.hpp"
#include "dense_table.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer {
namespace {

using detail::Carries;
using detail::Counters;
using detail::DenseLayout;
using detail::kmer_mask;

// One sequence of a batch.
struct Item {
    const char* seq;
    std::size_t len;
    std::uint32_t cls;
    std::uint32_t stamp;  // sequence number + 1
};

// Levels up to kSmallK are counted by scans of several levels at once (count_small) in wide
// blocks at their code: their tables (<= 330 kB) stay in L2 and computing a slot per window and
// level cost more than it saved. Larger levels (count_prefetched) are narrow blocks
// (dense_table.hpp) laid out as DenseLayout says: with both strands the canonical codes together,
// so k = 8 (0.5 MB) stays in L2 too and k = 12 touches 0.53 of its 4^12 blocks of 4 + 4C bytes.
constexpr int kSmallK = 7;

DenseLayout layout_of(int k, bool both) {
    return DenseLayout(k, both && k > kSmallK);
}

// Rolling state of one level along a sequence.
struct Roller {
    int k;
    std::uint64_t mask;
    int top;
    DenseLayout layout;
    std::uint64_t fwd = 0, rev = 0;
    int run = 0;
};

// The smaller of two codes without a branch: which strand is smaller is a coin flip per window,
// and a mispredicted branch here cost more than the rest of the roll.
inline std::uint64_t min_code(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t b_smaller = std::uint64_t{0} - static_cast<std::uint64_t>(b < a);
    return a ^ ((a ^ b) & b_smaller);
}

// Slots of the valid windows ending in seq[from, to), rolling `r` on; returns their number. The
// state is copied into locals: stores to `codes` could alias it and pin it to memory.
template <bool Both>
std::size_t roll_codes(Roller& r, const char* seq, std::size_t from, std::size_t to,
                       std::uint64_t* codes) {
    const std::uint64_t mask = r.mask;
    const int top = r.top, k = r.k;
    const DenseLayout layout = r.layout;
    std::uint64_t fwd = r.fwd, rev = r.rev;
    int run = r.run;
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) {
        const std::uint64_t b = kNt4[static_cast<unsigned char>(seq[i])];
        if (b > 3) {
            run = 0;
            continue;
        }
        fwd = ((fwd << 2) | b) & mask;
        rev = (rev >> 2) | ((3 - b) << top);
        if (++run < k) continue;
        codes[n++] = Both ? layout.slot(min_code(fwd, rev)) : fwd;
    }
    r.fwd = fwd;
    r.rev = rev;
    r.run = run;
    return n;
}

// Levels whose tables fit in cache (k <= kSmallK): one rolling code of the longest k per base,
// the shorter k-mers ending at the same base are its low bits (forward) and high bits (reverse).
template <bool Both>
void count_small(const std::vector<Item>& items, const std::vector<int>& ks, std::size_t stride,
                 const std::vector<std::uint32_t*>& tables) {
    const int big = *std::max_element(ks.begin(), ks.end());
    const std::uint64_t big_mask = kmer_mask(big);
    const int top = 2 * (big - 1);
    // Fixed-size copies the compiler can keep at hand in the per-base loop.
    const std::size_t levels = ks.size();
    std::array<int, kSmallK> need{}, shifts{};
    std::array<std::uint64_t, kSmallK> masks{};
    std::array<std::uint32_t*, kSmallK> base{};
    for (std::size_t j = 0; j < levels; ++j) {
        need[j] = ks[j];
        shifts[j] = 2 * (big - ks[j]);
        masks[j] = kmer_mask(ks[j]);
        base[j] = tables[j];
    }
    for (const Item& item : items) {
        const std::uint32_t stamp = item.stamp;
        const std::size_t occ = 1 + 2 * std::size_t{item.cls};  // seqs at occ + 1
        std::uint64_t fwd = 0, rev = 0;
        int run = 0;
        for (std::size_t i = 0; i < item.len; ++i) {
            const std::uint64_t b = kNt4[static_cast<unsigned char>(item.seq[i])];
            if (b > 3) {
                run = 0;
                continue;
            }
            fwd = ((fwd << 2) | b) & big_mask;
            rev = (rev >> 2) | ((3 - b) << top);
            ++run;
            for (std::size_t j = 0; j < levels; ++j) {
                if (run < need[j]) continue;
                std::uint64_t code = fwd & masks[j];
                if (Both) code = std::min(code, rev >> shifts[j]);
                std::uint32_t* block = base[j] + code * stride;
                const std::uint32_t first = block[0] != stamp;  // as detail::bump
                block[0] = stamp;
                block[occ] += 1;
                block[occ + 1] += first;
            }
        }
    }
}

// Large levels: each sequence is cut into chunks; per chunk and level the window codes are
// computed first, then the counters are updated with a software prefetch kPrefetch windows
// ahead, so the cache misses of large tables overlap instead of stalling one after another.
void count_prefetched(const std::vector<Item>& items, const std::vector<int>& ks, bool both,
                      std::size_t classes, const std::vector<std::uint16_t*>& tables,
                      const std::vector<Carries*>& carries) {
    const std::size_t counters = 2 * classes, stride = 2 + counters;  // narrow blocks
    constexpr std::size_t kChunk = 4096, kPrefetch = 16;
    std::vector<std::uint64_t> codes(kChunk);
    std::vector<Roller> rollers;
    for (const int k : ks) {
        rollers.push_back(Roller{k, kmer_mask(k), 2 * (k - 1), layout_of(k, both)});
    }
    for (const Item& item : items) {
        for (auto& roller : rollers) roller.fwd = roller.rev = 0, roller.run = 0;
        for (std::size_t from = 0; from < item.len; from += kChunk) {
            const std::size_t to = std::min(item.len, from + kChunk);
            for (std::size_t j = 0; j < rollers.size(); ++j) {
                const std::size_t n =
                    both ? roll_codes<true>(rollers[j], item.seq, from, to, codes.data())
                         : roll_codes<false>(rollers[j], item.seq, from, to, codes.data());
                std::uint16_t* table = tables[j];
                for (std::size_t i = 0; i < n; ++i) {
                    if (i + kPrefetch < n) {
                        __builtin_prefetch(table + codes[i + kPrefetch] * stride, 1);
                    }
                    detail::bump_narrow(table + codes[i] * stride, item.stamp, item.cls, codes[i],
                                        counters, *carries[j]);
                }
            }
        }
    }
}

// Levels [lo, hi] as tasks: every level > kSmallK alone (it is memory-bound), smaller ones in
// scans of up to four levels each (k = 1..7: two scans).
// Ordered by cost, largest first, so dynamic scheduling balances.
std::vector<std::vector<int>> dense_tasks(int lo, int hi) {
    std::vector<std::vector<int>> tasks;
    for (int k = std::min(hi, kSmallK); k >= lo; k -= 4) {
        std::vector<int> scan;
        for (int j = k; j > k - 4 && j >= lo; --j) scan.push_back(j);
        tasks.push_back(scan);
    }
    for (int k = hi; k >= lo && k > kSmallK; --k) tasks.push_back({k});
    return tasks;
}

}  // namespace

struct DenseCounter::Impl {
    int k_lo, k_hi;
    bool both;
    std::vector<std::string> classes;
    int threads;
    std::size_t batch_bases;
    std::size_t stride;
    std::vector<Counters> tables;  // tables[k - k_lo]: wide blocks up to kSmallK, then narrow
    std::vector<Carries> carries;  // carries[k - k_lo]: wraps of the narrow counters
    std::vector<std::vector<int>> tasks;
    std::vector<std::uint64_t> seqs_per_class, bases_per_class, skipped;
    std::uint64_t sequences = 0, bases = 0;
    std::string batch;                 // the batch's sequences, concatenated
    std::vector<Item> items;           // their seq pointers are set by flush()
    std::vector<std::size_t> offsets;  // where each item starts in `batch`
    bool spent = false;

    void check_limits(std::size_t len, std::uint32_t cls) const {
        if (sequences + 1 >= 0xffffffffULL) {
            throw DataError(
                "more than 4294967294 sequences in one count; split the input, count "
                "each part and combine them with 'motiftok merge'");
        }
        if (bases_per_class[cls] + len >= 0xffffffffULL) {
            throw DataError("class '" + classes[cls] + "' has more than " +
                            std::to_string(bases_per_class[cls]) +
                            " bp; one count handles < 4294967295 bp per class: split the input, "
                            "count each part and combine them with 'motiftok merge'");
        }
    }

    Counters& table(int k) { return tables[static_cast<std::size_t>(k - k_lo)]; }
    detail::BlockReader reader(int k) {
        return detail::BlockReader(table(k), k > kSmallK, classes.size(),
                                   carries[static_cast<std::size_t>(k - k_lo)]);
    }

    // Counts `batch_items` into every level; counts do not depend on `threads`.
    void count(const std::vector<Item>& batch_items) {
        for (int k = k_lo; k <= k_hi; ++k) {
            Counters& t = tables[static_cast<std::size_t>(k - k_lo)];
            if (bases >= (std::uint64_t{1} << (2 * k)) / 4) t.use_huge_pages();
        }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            const std::vector<int>& ks = tasks[t];
            if (*std::max_element(ks.begin(), ks.end()) <= kSmallK) {
                std::vector<std::uint32_t*> mine;
                for (const int k : ks) mine.push_back(table(k).get<std::uint32_t>());
                if (both) {
                    count_small<true>(batch_items, ks, stride, mine);
                } else {
                    count_small<false>(batch_items, ks, stride, mine);
                }
            } else {
                std::vector<std::uint16_t*> mine;
                std::vector<Carries*> wraps;
                for (const int k : ks) {
                    mine.push_back(table(k).get<std::uint16_t>());
                    wraps.push_back(&carries[static_cast<std::size_t>(k - k_lo)]);
                }
                count_prefetched(batch_items, ks, both, classes.size(), mine, wraps);
            }
        }
    }

    void flush() {
        for (std::size_t i = 0; i < items.size(); ++i) items[i].seq = batch.data() + offsets[i];
        if (!items.empty()) count(items);
        items.clear();
        offsets.clear();
        batch.clear();
    }

    void finish() {
        if (spent) throw ConfigError("DenseCounter: the counts were already taken");
        flush();
        spent = true;
    }
};

DenseCounter::DenseCounter(int k_lo, int k_hi, Strand strand, std::vector<std::string> classes,
                           int threads, std::size_t batch_bases)
    : impl_(std::make_unique<Impl>()) {
    if (k_lo < 1 || k_hi > kMaxDenseK || k_lo > k_hi) {
        throw ConfigError("dense levels must lie in 1.." + std::to_string(kMaxDenseK) + " (got " +
                          std::to_string(k_lo) + ".." + std::to_string(k_hi) + ")");
    }
    if (classes.empty()) throw ConfigError("counting needs at least one class");
    Impl& m = *impl_;
    m.k_lo = k_lo;
    m.k_hi = k_hi;
    m.both = strand == Strand::kBoth;
    m.classes = std::move(classes);
    m.threads = std::max(1, threads);
    m.batch_bases = std::max<std::size_t>(1, batch_bases);
    m.stride = 1 + 2 * m.classes.size();
    for (int k = k_lo; k <= k_hi; ++k) {
        const std::size_t block = k <= kSmallK ? m.stride * sizeof(std::uint32_t)
                                               : (m.stride + 1) * sizeof(std::uint16_t);
        m.tables.emplace_back(layout_of(k, m.both).slots() * block);
    }
    m.carries.resize(m.tables.size());
    m.tasks = dense_tasks(k_lo, k_hi);
    m.seqs_per_class.assign(m.classes.size(), 0);
    m.bases_per_class.assign(m.classes.size(), 0);
    m.skipped.assign(static_cast<std::size_t>(k_hi - k_lo + 1), 0);
}

DenseCounter::~DenseCounter() = default;

void DenseCounter::add(std::string_view seq, std::uint32_t cls) {
    Impl& m = *impl_;
    if (m.spent) throw ConfigError("DenseCounter: sequences added after the counts were taken");
    if (cls >= m.classes.size()) {
        throw ConfigError("class index " + std::to_string(cls) + " out of range (" +
                          std::to_string(m.classes.size()) + " classes)");
    }
    m.check_limits(seq.size(), cls);
    const auto stamp = static_cast<std::uint32_t>(++m.sequences);
    m.seqs_per_class[cls] += 1;
    m.bases_per_class[cls] += seq.size();
    m.bases += seq.size();
    detail::add_skipped_windows(seq, m.k_lo, m.skipped);
    if (seq.size() >= m.batch_bases) {  // counted in place, not copied
        m.flush();
        m.count({Item{seq.data(), seq.size(), cls, stamp}});
        return;
    }
    if (m.batch.size() + seq.size() > m.batch_bases) m.flush();
    if (m.batch.capacity() < m.batch_bases) m.batch.reserve(m.batch_bases);
    m.offsets.push_back(m.batch.size());
    m.items.push_back(Item{nullptr, seq.size(), cls, stamp});
    m.batch.append(seq);
}

const std::vector<std::string>& DenseCounter::classes() const {
    return impl_->classes;
}
const std::vector<std::uint64_t>& DenseCounter::seqs_per_class() const {
    return impl_->seqs_per_class;
}
const std::vector<std::uint64_t>& DenseCounter::bases_per_class() const {
    return impl_->bases_per_class;
}

namespace {

// Calls emit(code, block) for every k-mer of a dense table with at least one occurrence, in code
// order, after telling `start` how many there are. Pages that have been read are handed back to
// the kernel as it goes, so the table and what is built from it do not add up.
template <class Start, class Emit>
void drain(Counters& counters, detail::BlockReader blocks, const DenseLayout& layout, int k,
           Start&& start, Emit&& emit) {
    const std::uint64_t n = std::uint64_t{1} << (2 * k), slots = layout.slots();
    const std::size_t bytes = blocks.block_bytes();
    std::uint64_t used = 0;
    for (std::uint64_t slot = 0; slot < slots; ++slot) used += blocks.touched(slot);
    start(used);
    if (layout.grouped()) {
        // Codes by first base a: then the regions of the outer pairs (a, z) are done.
        const std::uint64_t quarter = n / 4;
        for (std::uint64_t a = 0; a < 4; ++a) {
            for (std::uint64_t code = a * quarter; code < (a + 1) * quarter; ++code) {
                const std::uint64_t slot = layout.slot(code);
                if (slot < slots && blocks.touched(slot)) emit(code, blocks.block(slot));
            }
            for (std::uint64_t z = 0; z < 4; ++z) {
                const std::uint64_t from = std::min(slots, layout.region_begin(a, z));
                const std::uint64_t to = std::min(slots, from + layout.region_size());
                counters.release(from * bytes, to * bytes);
            }
        }
        counters.reset();
        return;
    }
    constexpr std::uint64_t kBatch = std::uint64_t{1} << 16;  // codes between releases
    for (std::uint64_t from = 0; from < n; from += kBatch) {
        const std::uint64_t to = std::min(n, from + kBatch);
        for (std::uint64_t code = from; code < to; ++code) {
            if (blocks.touched(code)) emit(code, blocks.block(code));
        }
        counters.release_before(to * bytes);
    }
    counters.reset();
}

}  // namespace

std::vector<KmerLevel> DenseCounter::take_levels() {
    std::vector<KmerLevel> levels;
    take_levels([&](KmerLevel lv) { levels.push_back(std::move(lv)); });
    return levels;
}

void DenseCounter::take_levels(const LevelVisitor& visit) {
    Impl& m = *impl_;
    m.finish();
    const std::size_t classes = m.classes.size();
    for (int k = m.k_lo; k <= m.k_hi; ++k) {
        const auto j = static_cast<std::size_t>(k - m.k_lo);
        KmerLevel lv;
        lv.k = k;
        lv.skipped_windows = m.skipped[j];
        drain(
            m.tables[j], m.reader(k), layout_of(k, m.both), k,
            [&](std::uint64_t used) {
                lv.codes.reserve(used);
                lv.occ.reserve(used * classes);
                lv.seqs.reserve(used * classes);
            },
            [&](std::uint64_t code, const std::uint32_t* block) {
                detail::append(lv, code, block, classes);
            });
        visit(std::move(lv));
    }
}

std::vector<LevelSize> DenseCounter::save(const KmerOptions& options, const std::string& path) {
    options.validate();
    Impl& m = *impl_;
    if (options.k_min != m.k_lo || options.k_max != m.k_hi || options.k_max > options.dense_max_k ||
        (options.strand == Strand::kBoth) != m.both) {
        throw ConfigError("DenseCounter::save: the options do not describe the counted levels");
    }
    m.finish();
    detail::CountWriter w(options, m.classes, m.seqs_per_class, m.bases_per_class);
    std::vector<LevelSize> sizes;
    for (int k = m.k_lo; k <= m.k_hi; ++k) {
        const auto j = static_cast<std::size_t>(k - m.k_lo);
        sizes.push_back(LevelSize{k, 0, m.skipped[j]});
        drain(
            m.tables[j], m.reader(k), layout_of(k, m.both), k,
            [&](std::uint64_t used) {
                sizes.back().kmers = used;
                w.begin_level(k, false, m.skipped[j], used);
            },
            [&](std::uint64_t code, const std::uint32_t* block) { w.entry(code, block); });
    }
    io::write_file_atomic(path, w.finish(), true);
    return sizes;
}

}  // namespace motiftok::kmer
