// count_listed, the counter of given k-mers only (fit's fixed seed): against the brute-force
// std::map reference, for both strands, listed k-mers that never occur, k = 32 (whose all-T code
// is every bit set), and bad lists.

#include <catch2/catch.hpp>

#include "kmer_test_util.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/counter.hpp"

using namespace motiftok;

namespace {

// Every other k-mer the reference finds at k, plus two that do not occur (if any).
kmer::KmerLevel listed(const test::RefLevel& ref, int k) {
    kmer::KmerLevel lv;
    lv.k = k;
    std::size_t n = 0;
    for (const auto& entry : ref.kmers) {
        if (n++ % 2 == 0) lv.codes.push_back(kmer::pack(entry.first));
    }
    for (const std::string& absent : {std::string(k, 'A'), std::string(k, 'C')}) {
        if (ref.kmers.count(absent) == 0) lv.codes.push_back(kmer::pack(absent));
    }
    std::sort(lv.codes.begin(), lv.codes.end());
    return lv;
}

void check(const kmer::KmerLevel& lv, const test::RefLevel& ref, std::size_t classes) {
    INFO("k = " << lv.k);
    REQUIRE(lv.occ.size() == lv.codes.size() * classes);
    REQUIRE(lv.seqs.size() == lv.codes.size() * classes);
    CHECK(lv.skipped_windows == ref.skipped);
    for (std::size_t i = 0; i < lv.codes.size(); ++i) {
        const std::string s = kmer::unpack(lv.codes[i], lv.k);
        INFO("k-mer " << s);
        const auto it = ref.kmers.find(s);
        for (std::size_t c = 0; c < classes; ++c) {
            CHECK(lv.occ[i * classes + c] == (it == ref.kmers.end() ? 0 : it->second.occ[c]));
            CHECK(lv.seqs[i * classes + c] == (it == ref.kmers.end() ? 0 : it->second.seqs[c]));
        }
    }
}

}  // namespace

TEST_CASE("count_listed counts the listed k-mers as the reference does", "[kmer]") {
    const auto data = test::random_dataset(37, 40, 3, 0.03);
    for (const auto strand : {kmer::Strand::kBoth, kmer::Strand::kForward}) {
        const bool both = strand == kmer::Strand::kBoth;
        INFO("both strands: " << both);
        std::vector<test::RefLevel> refs;
        std::vector<kmer::KmerLevel> levels;
        for (const int k : {2, 5, 11, 18}) {
            refs.push_back(test::reference_count(data, k, both));
            levels.push_back(listed(refs.back(), k));
        }
        kmer::count_listed(data, strand, levels, 2);
        for (std::size_t j = 0; j < levels.size(); ++j) check(levels[j], refs[j], 3);
    }
}

TEST_CASE("count_listed handles k = 32 and the all-T 32-mer", "[kmer]") {
    io::Dataset data;
    const std::string t32(32, 'T'), a32(32, 'A');
    data.records = {{"a", "C" + t32 + "G"}, {"b", t32 + "T"}, {"c", "ACGT" + a32}};
    data.classes = {"x", "y"};
    data.labels = {0, 1, 1};
    kmer::KmerLevel lv;
    lv.k = 32;
    lv.codes = {kmer::pack(a32), kmer::pack(t32)};
    std::vector<kmer::KmerLevel> levels{lv};
    kmer::count_listed(data, kmer::Strand::kForward, levels, 1);
    CHECK(levels[0].occ == std::vector<std::uint64_t>{0, 1, 1, 2});
    CHECK(levels[0].seqs == std::vector<std::uint64_t>{0, 1, 1, 1});
    levels = {kmer::KmerLevel{32, {kmer::pack(a32)}, {}, {}, 0, false}};
    kmer::count_listed(data, kmer::Strand::kBoth, levels, 1);  // poly-T is poly-A reversed
    CHECK(levels[0].occ == std::vector<std::uint64_t>{1, 3});
    CHECK(levels[0].seqs == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("fail_count_listed: unsorted codes and k out of range are ConfigErrors", "[kmer]") {
    const auto data = test::random_dataset(41, 5, 1, 0.0);
    std::vector<kmer::KmerLevel> levels{kmer::KmerLevel{3, {5, 2}, {}, {}, 0, false}};
    CHECK_THROWS_WITH(kmer::count_listed(data, kmer::Strand::kBoth, levels, 1),
                      Catch::Contains("sorted without repeats"));
    levels = {kmer::KmerLevel{33, {1}, {}, {}, 0, false}};
    CHECK_THROWS_AS(kmer::count_listed(data, kmer::Strand::kBoth, levels, 1), ConfigError);
}
