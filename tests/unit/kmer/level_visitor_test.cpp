// count_kmers_by_level and DenseCounter::take_levels(visit), the counters that hand each level on
// as it is counted: every level against the brute-force std::map reference, in k order, equal to
// what count_kmers returns, for both strands, dense and level-wise paths and 1 or 2 threads.

#include <catch2/catch.hpp>
#include <stdexcept>

#include "kmer_test_util.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/dense_counter.hpp"

using namespace motiftok;

namespace {

// Level `lv` against the reference: exactly the k-mers in >= min_seqs sequences (all of them at
// or below the dense limit), in code order, with their counts.
void check_against_reference(const kmer::KmerLevel& lv, const io::Dataset& data,
                             const test::RefLevel& ref, std::uint64_t min_seqs, int dense_max_k) {
    INFO("k = " << lv.k << ", min_seqs " << min_seqs);
    const std::size_t classes = data.classes.size();
    CHECK(lv.skipped_windows == ref.skipped);
    CHECK(lv.pruned == (lv.k > dense_max_k && min_seqs > 1));
    std::size_t i = 0;
    for (const auto& [kmer, e] : ref.kmers) {  // std::map order is code order
        std::uint64_t support = 0;
        for (const auto s : e.seqs) support += s;
        if (lv.k > dense_max_k && support < min_seqs) continue;
        INFO("k-mer " << kmer);
        REQUIRE(i < lv.size());
        REQUIRE(lv.codes[i] == kmer::pack(kmer));
        for (std::size_t c = 0; c < classes; ++c) {
            CHECK(lv.occ[i * classes + c] == e.occ[c]);
            CHECK(lv.seqs[i * classes + c] == e.seqs[c]);
        }
        ++i;
    }
    CHECK(lv.size() == i);
}

}  // namespace

TEST_CASE("count_kmers_by_level hands on every level, in k order, as the reference counts it",
          "[kmer]") {
    const auto data = test::random_dataset(17, 50, 2, 0.02);
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        const bool both = strand == kmer::Strand::kBoth;
        INFO("both strands: " << both);
        std::vector<test::RefLevel> ref(2);  // ref[k] for k >= 2
        for (int k = 2; k <= 15; ++k) ref.push_back(test::reference_count(data, k, both));
        for (const std::uint64_t min_seqs : {1, 3}) {
            const int threads = 2;  // partitions merged; counter_test checks 1 == 2 == 3
            kmer::KmerOptions opt;
            opt.k_min = 2;
            opt.k_max = 15;
            opt.dense_max_k = 6;
            opt.min_seqs = min_seqs;
            opt.strand = strand;
            std::vector<int> ks;
            const auto totals =
                kmer::count_kmers_by_level(data, opt, threads, [&](kmer::KmerLevel lv) {
                    ks.push_back(lv.k);
                    check_against_reference(lv, data, ref[static_cast<std::size_t>(lv.k)], min_seqs,
                                            opt.dense_max_k);
                });
            CHECK(ks == std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
            CHECK(totals.levels.empty());
            const auto all = kmer::count_kmers(data, opt, threads);
            CHECK(totals.classes == all.classes);
            CHECK(totals.seqs_per_class == all.seqs_per_class);
            CHECK(totals.bases_per_class == all.bases_per_class);
        }
    }
}

TEST_CASE("count_kmers_by_level with k_min above the dense limit hands on only k_min..k_max",
          "[kmer]") {
    const auto data = test::random_dataset(19, 50, 2, 0.01);
    kmer::KmerOptions opt;
    opt.k_min = 9;
    opt.k_max = 12;
    opt.dense_max_k = 7;
    opt.min_seqs = 2;
    std::vector<kmer::KmerLevel> got;
    kmer::count_kmers_by_level(data, opt, 2, [&](kmer::KmerLevel lv) { got.push_back(lv); });
    REQUIRE(got.size() == 4);
    for (std::size_t j = 0; j < got.size(); ++j) {
        CHECK(got[j].k == 9 + static_cast<int>(j));
        check_against_reference(got[j], data, test::reference_count(data, got[j].k, true), 2, 7);
    }
    CHECK(got.back().size() > 0);  // the planted 20-mers recur
}

TEST_CASE("an exception thrown by the level visitor stops the count and propagates", "[kmer]") {
    const auto data = test::random_dataset(23, 30, 2, 0.0);
    kmer::KmerOptions opt;
    opt.k_min = 1;
    opt.k_max = 12;
    opt.dense_max_k = 4;
    int visits = 0;
    auto visit = [&](kmer::KmerLevel lv) {
        ++visits;
        if (lv.k == 6) throw std::runtime_error("enough");
    };
    CHECK_THROWS_WITH(kmer::count_kmers_by_level(data, opt, 2, visit), "enough");
    CHECK(visits == 6);
}

TEST_CASE("DenseCounter::take_levels(visit) hands on the levels take_levels() returns", "[kmer]") {
    const auto data = test::random_dataset(29, 30, 3, 0.03, 20, 300);
    auto fed = [&](int k_lo, int k_hi) {
        auto counter = std::make_unique<kmer::DenseCounter>(k_lo, k_hi, kmer::Strand::kBoth,
                                                            data.classes, 2, 128);
        for (std::size_t r = 0; r < data.records.size(); ++r)
            counter->add(data.records[r].seq, static_cast<std::uint32_t>(data.labels[r]));
        return counter;
    };
    const auto expected = fed(3, 10)->take_levels();
    std::vector<kmer::KmerLevel> got;
    fed(3, 10)->take_levels([&](kmer::KmerLevel lv) { got.push_back(std::move(lv)); });
    REQUIRE(got.size() == expected.size());
    for (std::size_t j = 0; j < got.size(); ++j) {
        INFO("level " << j);
        CHECK(got[j].k == 3 + static_cast<int>(j));
        check_against_reference(got[j], data, test::reference_count(data, got[j].k, true), 1, 10);
        CHECK(got[j].codes == expected[j].codes);
        CHECK(got[j].occ == expected[j].occ);
        CHECK(got[j].seqs == expected[j].seqs);
    }
}
