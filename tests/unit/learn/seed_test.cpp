// collect_seed, which ranks each counted level as count_kmers_by_level hands it on and keeps only
// two bounded heaps, against the slow obvious selection: every candidate of count_kmers (all
// levels held at once) sorted in full, the best seed_size by frequency · length and seed_size / 2
// by IG, united IG first, with their counts looked up in the levels.

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <tuple>

#include "../../../src/learn/em_state.hpp"
#include "../kmer/kmer_test_util.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/score/info_gain.hpp"

using namespace motiftok;

namespace {

using Ranked = std::tuple<double, int, std::uint64_t>;  // key, k, code

// The best `n` of `all`: larger key, then shorter k, then smaller code.
std::vector<Ranked> best(std::vector<Ranked> all, std::size_t n) {
    std::sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);
    });
    all.resize(std::min(n, all.size()));
    return all;
}

std::vector<learn::detail::Piece> reference_seed(const io::Dataset& data,
                                                 const learn::LearnOptions& o) {
    const bool both = o.strand == kmer::Strand::kBoth;
    kmer::KmerOptions ko;
    ko.k_min = o.k_min;
    ko.k_max = o.k_max;
    ko.strand = o.strand;
    ko.dense_max_k = std::min(o.k_max, 10);
    ko.min_seqs = std::max<std::uint64_t>(o.min_seqs, data.records.size() / 2000);
    const kmer::KmerCounts counts = kmer::count_kmers(data, ko, 1);
    const auto class_sizes = data.class_sizes();
    const std::size_t n_classes = counts.num_classes();
    std::vector<Ranked> by_freq, by_ig;
    counts.for_each([&](const kmer::KmerView& v) {
        std::uint64_t occ = 0, seqs = 0;
        for (std::size_t c = 0; c < n_classes; ++c) occ += v.occ[c], seqs += v.seqs[c];
        if (seqs < ko.min_seqs || occ == 0) return;
        by_freq.emplace_back(static_cast<double>(occ) * v.k, v.k, v.code);
        std::vector<std::uint64_t> present(v.seqs, v.seqs + n_classes);
        by_ig.emplace_back(score::information_gain(present, class_sizes), v.k, v.code);
    });
    std::vector<Ranked> order = best(by_ig, o.seed_size / 2);
    for (const Ranked& r : best(by_freq, o.seed_size)) order.push_back(r);
    std::vector<learn::detail::Piece> pieces = learn::detail::base_seed(data, o);
    std::set<std::pair<int, std::uint64_t>> taken;
    std::size_t strings = 0;
    for (const auto& [key, k, code] : order) {
        if (!taken.insert({k, code}).second) continue;
        learn::detail::Piece p;
        p.str = kmer::unpack(code, k);
        const std::string rc = kmer::revcomp(p.str);
        p.two_strings = both && rc != p.str;
        if (both) p.str = std::min(p.str, rc);
        if (strings + (p.two_strings ? 2 : 1) > o.seed_size) continue;
        strings += p.two_strings ? 2 : 1;
        const auto& lv = counts.level(k);
        const auto i = static_cast<std::size_t>(lv.find(code));
        p.docs.assign(lv.seqs.begin() + i * n_classes, lv.seqs.begin() + (i + 1) * n_classes);
        for (std::size_t c = 0; c < n_classes; ++c) p.count += lv.occ[i * n_classes + c];
        pieces.push_back(std::move(p));
    }
    return pieces;
}

}  // namespace

TEST_CASE("collect_seed equals the full sort of count_kmers' candidates", "[learn]") {
    const auto data = test::random_dataset(31, 80, 2, 0.01);
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        for (const std::size_t seed_size : {40, 301}) {
            learn::LearnOptions o;
            o.strand = strand;
            o.seed_size = seed_size;
            o.k_max = 14;
            o.threads = 2;
            INFO("both strands: " << (strand == kmer::Strand::kBoth) << ", seed " << seed_size);
            std::uint64_t candidates = 0;
            const auto got = learn::detail::collect_seed(data, o, &candidates);
            const auto expected = reference_seed(data, o);
            CHECK(candidates > seed_size);  // the heaps had to drop candidates
            REQUIRE(got.size() == expected.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                INFO("piece " << i << " " << expected[i].str);
                CHECK(got[i].str == expected[i].str);
                CHECK(got[i].two_strings == expected[i].two_strings);
                CHECK(got[i].count == expected[i].count);
                CHECK(got[i].docs == expected[i].docs);
            }
        }
    }
}
