// DenseCounter, the streaming counter of the dense levels: against the brute-force reference
// with batches far smaller than the input (records split over many flushes, long ones counted in
// place), its count file equals save_counts(count_kmers(...)), and it does not depend on threads.

#include "motiftok/kmer/dense_counter.hpp"

#include <catch2/catch.hpp>

#include "kmer_test_util.hpp"
#include "motiftok/error.hpp"
#include "test_support.hpp"

using namespace motiftok;

namespace {

// Feeds every record of `data` to `counter`.
void feed(kmer::DenseCounter& counter, const io::Dataset& data) {
    for (std::size_t r = 0; r < data.records.size(); ++r) {
        counter.add(data.records[r].seq, static_cast<std::uint32_t>(data.labels[r]));
    }
}

}  // namespace

TEST_CASE("DenseCounter in small batches equals the reference for k 1..10", "[kmer]") {
    // Records of 20..300 bases against batches of 64: most batches hold a few records, records
    // of 64 bases or more are counted alone; levels 9 and 10 take the prefetching path.
    const auto data = test::random_dataset(21, 70, 3, 0.03, 20, 300);
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        const bool both = strand == kmer::Strand::kBoth;
        kmer::DenseCounter counter(1, 10, strand, data.classes, 2, 64);
        feed(counter, data);
        CHECK(counter.seqs_per_class() == data.class_sizes());
        const auto levels = counter.take_levels();
        REQUIRE(levels.size() == 10);
        for (int k = 1; k <= 10; ++k) {
            INFO("k = " << k << ", both strands: " << both);
            const auto ref = test::reference_count(data, k, both);
            const auto& lv = levels[static_cast<std::size_t>(k - 1)];
            REQUIRE(lv.k == k);
            CHECK(lv.skipped_windows == ref.skipped);
            REQUIRE(lv.size() == ref.kmers.size());
            std::size_t i = 0;
            for (const auto& [kmer, e] : ref.kmers) {  // std::map order is code order
                INFO("k-mer " << kmer);
                REQUIRE(lv.codes[i] == kmer::pack(kmer));
                for (std::size_t c = 0; c < 3; ++c) {
                    CHECK(lv.occ[i * 3 + c] == e.occ[c]);
                    CHECK(lv.seqs[i * 3 + c] == e.seqs[c]);
                }
                ++i;
            }
        }
        CHECK_THROWS_AS(counter.take_levels(), ConfigError);  // spent
        CHECK_THROWS_AS(counter.add("ACGT", 0), ConfigError);
    }
}

TEST_CASE("DenseCounter::save writes the bytes of save_counts(count_kmers())", "[kmer]") {
    const auto data = test::random_dataset(5, 120, 2, 0.02, 20, 400);
    kmer::KmerOptions opt;
    opt.k_min = 2;
    opt.k_max = 11;
    const std::string expected = kmer::serialize_counts(kmer::count_kmers(data, opt, 1));
    test::TempDir dir;
    for (const int threads : {1, 2}) {
        for (const std::size_t batch : {std::size_t{100}, kmer::DenseCounter::kBatchBases}) {
            INFO("threads " << threads << ", batch " << batch);
            kmer::DenseCounter counter(2, 11, opt.strand, data.classes, threads, batch);
            feed(counter, data);
            const auto sizes = counter.save(opt, dir.file("c.mtc"));
            CHECK(test::read_file(dir.file("c.mtc")) == expected);
            const auto loaded = kmer::load_counts(dir.file("c.mtc"));
            REQUIRE(sizes.size() == 10);
            for (const auto& s : sizes) {
                CHECK(s.kmers == loaded.level(s.k).size());
                CHECK(s.skipped_windows == loaded.level(s.k).skipped_windows);
            }
        }
    }
}

TEST_CASE("DenseCounter rejects bad levels, classes and options", "[kmer]") {
    CHECK_THROWS_AS(kmer::DenseCounter(0, 4, kmer::Strand::kBoth, {"a"}), ConfigError);
    CHECK_THROWS_AS(kmer::DenseCounter(1, kmer::kMaxDenseK + 1, kmer::Strand::kBoth, {"a"}),
                    ConfigError);
    CHECK_THROWS_AS(kmer::DenseCounter(1, 4, kmer::Strand::kBoth, {}), ConfigError);
    kmer::DenseCounter counter(1, 4, kmer::Strand::kBoth, {"a", "b"});
    CHECK_THROWS_AS(counter.add("ACGT", 2), ConfigError);
    counter.add("ACGTNAC", 1);
    CHECK(counter.bases_per_class() == std::vector<std::uint64_t>{0, 7});
    kmer::KmerOptions opt;
    opt.k_max = 5;  // not the counted levels
    test::TempDir dir;
    CHECK_THROWS_AS(counter.save(opt, dir.file("c.mtc")), ConfigError);
    CHECK_FALSE(test::file_exists(dir.file("c.mtc")));
}

TEST_CASE("DenseCounter: 16-bit counters of the large levels carry exactly past 65535", "[kmer]") {
    // Hand-counted: class a is 70000 A's (AAAAAAAA 69993 times, AAAAAAAAA 69992 times); class b
    // is 66000 records ACGTACGTA, each with the 8-mers ACGTACGT (its own reverse complement) and
    // CGTACGTA once and the 9-mer ACGTACGTA once, so occurrences and sequences both pass 2^16.
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        INFO("both strands: " << (strand == kmer::Strand::kBoth));
        kmer::DenseCounter counter(8, 9, strand, {"a", "b"}, 2, 1 << 16);
        counter.add(std::string(70000, 'A'), 0);
        for (int i = 0; i < 66000; ++i) counter.add("ACGTACGTA", 1);
        const auto levels = counter.take_levels();
        REQUIRE(levels.size() == 2);
        const auto& k8 = levels[0];
        REQUIRE(k8.codes == std::vector<std::uint64_t>{kmer::pack("AAAAAAAA"),
                                                       kmer::pack("ACGTACGT"),
                                                       kmer::pack("CGTACGTA")});
        CHECK(k8.occ == std::vector<std::uint64_t>{69993, 0, 0, 66000, 0, 66000});
        CHECK(k8.seqs == std::vector<std::uint64_t>{1, 0, 0, 66000, 0, 66000});
        const auto& k9 = levels[1];
        REQUIRE(k9.codes ==
                std::vector<std::uint64_t>{kmer::pack("AAAAAAAAA"), kmer::pack("ACGTACGTA")});
        CHECK(k9.occ == std::vector<std::uint64_t>{69992, 0, 0, 66000});
        CHECK(k9.seqs == std::vector<std::uint64_t>{1, 0, 0, 66000});
    }
}
