// count_kmers against a brute-force std::map reference, dense and level-wise paths, threads.

#include "motiftok/kmer/counter.hpp"

#include <catch2/catch.hpp>

#include "kmer_test_util.hpp"
#include "motiftok/error.hpp"
#include "test_support.hpp"

using namespace motiftok;

namespace {

// Checks level k of `counts` against the reference; above the dense limit only k-mers in at
// least `min_seqs` sequences are expected.
void check_level(const kmer::KmerCounts& counts, const io::Dataset& data, int k, bool both,
                 std::uint64_t min_seqs) {
    INFO("k = " << k << ", strand " << (both ? "both" : "forward"));
    const auto ref = test::reference_count(data, k, both);
    const auto& lv = counts.level(k);
    const std::size_t classes = counts.num_classes();
    std::size_t expected = 0;
    for (const auto& [kmer, e] : ref.kmers) {
        std::uint64_t support = 0;
        for (auto s : e.seqs) support += s;
        if (k > counts.options.dense_max_k && support < min_seqs) continue;
        ++expected;
        const auto i = lv.find(kmer::pack(kmer));
        INFO("k-mer " << kmer);
        REQUIRE(i >= 0);
        for (std::size_t c = 0; c < classes; ++c) {
            CHECK(lv.occ[static_cast<std::size_t>(i) * classes + c] == e.occ[c]);
            CHECK(lv.seqs[static_cast<std::size_t>(i) * classes + c] == e.seqs[c]);
        }
    }
    CHECK(lv.size() == expected);
    CHECK(lv.skipped_windows == ref.skipped);
}

}  // namespace

TEST_CASE("count_kmers equals the reference for k 1..8 on both strand modes", "[kmer]") {
    const auto data = test::random_dataset(7, 60, 3, 0.03);
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        kmer::KmerOptions opt;
        opt.k_min = 1;
        opt.k_max = 8;
        opt.strand = strand;
        const auto counts = kmer::count_kmers(data, opt, 2);
        REQUIRE(counts.classes == data.classes);
        CHECK(counts.seqs_per_class == std::vector<std::uint64_t>{20, 20, 20});
        for (int k = 1; k <= 8; ++k) check_level(counts, data, k, strand == kmer::Strand::kBoth, 1);
    }
}

TEST_CASE("level-wise growth above the dense limit keeps exactly the frequent k-mers", "[kmer]") {
    const auto data = test::random_dataset(11, 80, 2, 0.02);
    for (const std::uint64_t min_seqs : {1, 2, 4}) {
        for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
            kmer::KmerOptions opt;
            opt.k_min = 3;
            opt.k_max = 16;
            opt.dense_max_k = 5;
            opt.min_seqs = min_seqs;
            opt.strand = strand;
            const auto counts = kmer::count_kmers(data, opt, 2);
            REQUIRE(counts.levels.size() == 14);
            for (int k = 3; k <= 16; ++k) {
                check_level(counts, data, k, strand == kmer::Strand::kBoth, min_seqs);
                CHECK(counts.level(k).pruned == (k > 5 && min_seqs > 1));
            }
            CHECK(counts.level(16).size() > 0);  // the planted 20-mers recur
        }
    }
}

TEST_CASE("k 13..16 above the default dense limit of 12 grow from a dense level 12", "[kmer]") {
    const auto data = test::random_dataset(5, 50, 2, 0.01);
    kmer::KmerOptions opt;
    opt.k_min = 13;
    opt.k_max = 16;
    opt.min_seqs = 2;
    const auto counts = kmer::count_kmers(data, opt, 1);
    REQUIRE(counts.levels.size() == 4);
    CHECK(counts.levels.front().k == 13);
    for (int k = 13; k <= 16; ++k) check_level(counts, data, k, true, 2);
    CHECK_THROWS_AS(counts.level(12), ConfigError);
}

TEST_CASE("unlabeled data is one class 'all'", "[kmer]") {
    auto data = test::random_dataset(3, 10, 1, 0.05);
    data.labels.clear();
    data.classes.clear();
    kmer::KmerOptions opt;
    opt.k_max = 4;
    const auto counts = kmer::count_kmers(data, opt, 1);
    CHECK(counts.classes == std::vector<std::string>{"all"});
    CHECK(counts.seqs_per_class == std::vector<std::uint64_t>{10});
    for (int k = 1; k <= 4; ++k) check_level(counts, data, k, true, 1);
}

TEST_CASE("counts do not depend on the number of threads", "[kmer]") {
    if (!motiftok::test::threads_available()) return;
    const auto data = test::random_dataset(13, 90, 3, 0.02);
    kmer::KmerOptions opt;
    opt.k_max = 14;
    opt.dense_max_k = 9;
    const auto one = kmer::serialize_counts(kmer::count_kmers(data, opt, 1));
    CHECK(one == kmer::serialize_counts(kmer::count_kmers(data, opt, 2)));
    CHECK(one == kmer::serialize_counts(kmer::count_kmers(data, opt, 3)));
}

TEST_CASE("fail_options: k out of range and k-min > k-max are reported together", "[kmer]") {
    kmer::KmerOptions opt;
    opt.k_min = 0;
    opt.k_max = 40;
    try {
        opt.validate();
        FAIL("no ConfigError");
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("`k_min` must be between 1 and 31 (got 0)"));
        CHECK_THAT(msg, Catch::Contains("`k_max` must be between 1 and 31 (got 40)"));
    }
    opt = {};
    opt.k_min = 9;
    opt.k_max = 5;
    CHECK_THROWS_WITH(opt.validate(), Catch::Contains("`k_min` (9) must not exceed `k_max` (5)"));
    io::Dataset data = test::random_dataset(1, 2, 1, 0);
    CHECK_THROWS_AS(kmer::count_kmers(data, opt, 1), ConfigError);
    CHECK_THROWS_WITH(kmer::parse_strand("reverse"), Catch::Contains("'both' or 'forward'"));
}
