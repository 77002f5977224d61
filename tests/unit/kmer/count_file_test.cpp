// The count file: round trip, corrupt / truncated / wrong-version files, and merge == one count.

#include <catch2/catch.hpp>

#include "kmer_test_util.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/counter.hpp"
#include "test_support.hpp"

using namespace motiftok;

namespace {

kmer::KmerCounts sample_counts(kmer::KmerOptions opt = {}) {
    opt.k_max = 10;
    opt.dense_max_k = 6;
    opt.min_seqs = 1;
    return kmer::count_kmers(test::random_dataset(21, 40, 2, 0.02), opt, 1);
}

io::Dataset subset(const io::Dataset& d, std::size_t from, std::size_t to) {
    io::Dataset out;
    out.classes = d.classes;
    out.records.assign(d.records.begin() + from, d.records.begin() + to);
    out.labels.assign(d.labels.begin() + from, d.labels.begin() + to);
    return out;
}

}  // namespace

TEST_CASE("count files round-trip through save and load", "[kmer]") {
    test::TempDir dir;
    const auto counts = sample_counts();
    kmer::save_counts(counts, dir.file("c.mtc"));
    const auto loaded = kmer::load_counts(dir.file("c.mtc"));
    CHECK(loaded == counts);
    CHECK(kmer::serialize_counts(loaded) == test::read_file(dir.file("c.mtc")));
}

TEST_CASE("fail_count_file: truncated, corrupt, wrong version and foreign files", "[kmer]") {
    const std::string bytes = kmer::serialize_counts(sample_counts());
    CHECK_THROWS_WITH(kmer::deserialize_counts(bytes.substr(0, bytes.size() - 7), "x.mtc"),
                      Catch::Contains("x.mtc: checksum mismatch"));
    CHECK_THROWS_WITH(kmer::deserialize_counts(bytes.substr(0, 10), "x.mtc"),
                      Catch::Contains("truncated"));
    std::string flipped = bytes;
    flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x10);
    CHECK_THROWS_AS(kmer::deserialize_counts(flipped, "x.mtc"), InputError);
    std::string v2 = bytes;
    v2[8] = 2;
    CHECK_THROWS_WITH(kmer::deserialize_counts(v2, "x.mtc"),
                      Catch::Contains("count file version 2, this build reads 1"));
    CHECK_THROWS_WITH(kmer::deserialize_counts(">seq\nACGT\n", "x.fa"),
                      Catch::Contains("not a motiftok count file"));
    CHECK_THROWS_WITH(kmer::load_counts("/nonexistent/c.mtc"), Catch::Contains("cannot open"));
}

TEST_CASE("merging counts of disjoint parts equals counting all at once, byte for byte", "[kmer]") {
    const auto data = test::random_dataset(31, 60, 3, 0.02);
    // Dense levels only (any min_seqs), and level-wise growth above k = 7 with min_seqs 1.
    for (const auto& [k_max, min_seqs] : {std::pair<int, std::uint64_t>{7, 2}, {12, 1}}) {
        kmer::KmerOptions opt;
        opt.k_max = k_max;
        opt.dense_max_k = 7;
        opt.min_seqs = min_seqs;
        const auto whole = kmer::count_kmers(data, opt, 2);
        const auto merged = kmer::merge_counts({kmer::count_kmers(subset(data, 0, 17), opt, 1),
                                                kmer::count_kmers(subset(data, 17, 40), opt, 1),
                                                kmer::count_kmers(subset(data, 40, 60), opt, 1)});
        CHECK(kmer::serialize_counts(merged) == kmer::serialize_counts(whole));
    }
}

TEST_CASE("fail_merge: different options, classes, or pruned levels", "[kmer]") {
    const auto data = test::random_dataset(41, 20, 2, 0.0);
    kmer::KmerOptions opt;
    opt.k_max = 6;
    const auto a = kmer::count_kmers(data, opt, 1);
    kmer::KmerOptions other = opt;
    other.strand = kmer::Strand::kForward;
    CHECK_THROWS_WITH(kmer::merge_counts({a, kmer::count_kmers(data, other, 1)}),
                      Catch::Contains("count file 2 was counted with different options") &&
                          Catch::Contains("strand forward"));
    auto renamed = data;
    renamed.classes[1] = "other";
    CHECK_THROWS_WITH(
        kmer::merge_counts({a, kmer::count_kmers(renamed, opt, 1)}),
        Catch::Contains("has classes [class0,other], count file 1 has [class0,class1]"));
    kmer::KmerOptions pruned = opt;
    pruned.dense_max_k = 4;
    pruned.min_seqs = 2;
    const auto p = kmer::count_kmers(data, pruned, 1);
    CHECK_THROWS_WITH(kmer::merge_counts({p, p}), Catch::Contains("`min_seqs` 1"));
    CHECK_THROWS_AS(kmer::merge_counts({}), DataError);
}
