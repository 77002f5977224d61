// SlotBins, the binned updates of the large dense levels: applied bin by bin they must give every
// slot the occurrences and sequences (one per sequence, by stamp) of the obvious count, and each
// slot its updates in input order, however small the bins, their capacity or the sequences per
// round are.

#include "../../../src/kmer/dense_bins.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

using motiftok::kmer::detail::SlotBins;

namespace {

// Per slot and class: occurrences, and sequences counted by the last stamp (as the dense blocks
// do); also every slot's stamps in the order they arrived.
struct Recorder {
    std::size_t classes;
    std::vector<std::uint32_t> last, occ, seqs;
    std::vector<std::vector<std::uint32_t>> order;
    Recorder(std::uint64_t slots, std::size_t c)
        : classes(c), last(slots), occ(slots * c), seqs(slots * c), order(slots) {}
    void prefetch(std::uint64_t) const {}
    void bump(std::uint64_t slot, std::uint32_t stamp, std::uint32_t cls) {
        occ[slot * classes + cls] += 1;
        seqs[slot * classes + cls] += last[slot] != stamp;
        last[slot] = stamp;
        order[slot].push_back(stamp);
    }
};

}  // namespace

TEST_CASE("SlotBins gives the counts and order of the direct updates", "[kmer]") {
    std::mt19937_64 rng(5);
    const std::uint64_t slots = 1000;  // not a multiple of the bin size: a short last bin
    const std::size_t classes = 3;
    // Sequences of 0..40 updates, a few slots hot (repeats within a sequence).
    std::vector<std::vector<std::uint64_t>> seq_slots(300);
    std::vector<std::uint32_t> cls(seq_slots.size());
    for (std::size_t s = 0; s < seq_slots.size(); ++s) {
        cls[s] = static_cast<std::uint32_t>(rng() % classes);
        const std::size_t n = rng() % 41;
        for (std::size_t i = 0; i < n; ++i) {
            seq_slots[s].push_back(rng() % 4 == 0 ? rng() % 8 : rng() % slots);
        }
    }
    // The obvious count: occurrences, and in how many sequences of each class a slot occurs.
    std::vector<std::uint32_t> occ(slots * classes), seqs(slots * classes);
    for (std::size_t s = 0; s < seq_slots.size(); ++s) {
        for (const auto slot : seq_slots[s]) occ[slot * classes + cls[s]] += 1;
        for (const auto slot : std::set<std::uint64_t>(seq_slots[s].begin(), seq_slots[s].end())) {
            seqs[slot * classes + cls[s]] += 1;
        }
    }
    Recorder direct(slots, classes);
    for (std::size_t s = 0; s < seq_slots.size(); ++s) {
        for (const auto slot : seq_slots[s])
            direct.bump(slot, static_cast<std::uint32_t>(s + 1), cls[s]);
    }
    REQUIRE(direct.occ == occ);
    REQUIRE(direct.seqs == seqs);

    // bin_bits 28: at most 16 sequences a round; capacity 7: bins of one update fill mid-sequence.
    for (const int bits : {4, 7, 10, 28}) {
        for (const std::size_t capacity : {std::size_t{7}, std::size_t{500}, std::size_t{100000}}) {
            INFO("bin bits " << bits << ", capacity " << capacity);
            SlotBins bins(slots, bits, capacity);
            Recorder binned(slots, classes);
            for (int pass = 0; pass < 2; ++pass) {  // finish() and a second run on the same bins
                for (std::size_t s = 0; s < seq_slots.size(); ++s) {
                    const auto stamp = static_cast<std::uint32_t>(pass * seq_slots.size() + s + 1);
                    bins.sequence(stamp, cls[s], binned);
                    bins.add(seq_slots[s].data(), seq_slots[s].size(), binned);
                }
                bins.finish(binned);
                std::vector<std::uint32_t> twice_occ = occ, twice_seqs = seqs;
                for (std::size_t i = 0; i < occ.size(); ++i) {
                    twice_occ[i] *= pass + 1;
                    twice_seqs[i] *= pass + 1;
                }
                CHECK(binned.occ == twice_occ);
                CHECK(binned.seqs == twice_seqs);
            }
            for (std::uint64_t slot = 0; slot < slots; ++slot) {
                const auto& got = binned.order[slot];
                REQUIRE(got.size() == 2 * direct.order[slot].size());
                CHECK(std::is_sorted(got.begin(), got.end()));  // stamps in input order
            }
        }
    }
}
