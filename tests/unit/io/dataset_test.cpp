// Datasets: --class specs, --labels TSV, --bed with a genome (plain and bgzip), and their errors.

#include "motiftok/io/dataset.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <sstream>

#include "motiftok/error.hpp"
#include "test_support.hpp"

using motiftok::io::Dataset;
using motiftok::io::InputSpec;
using motiftok::io::load_dataset;
using motiftok::test::contains;
using motiftok::test::message_of;
using motiftok::test::TempDir;
using motiftok::test::test_data;
using motiftok::test::write_file;

namespace {

// Contigs of the plain genome fixture, parsed the obvious way (case kept).
std::map<std::string, std::string> genome_contigs() {
    std::map<std::string, std::string> out;
    std::istringstream in(motiftok::test::read_file(test_data("io/genome.fa")));
    std::string line, name;
    while (std::getline(in, line)) {
        if (line[0] == '>') {
            name = line.substr(1, line.find(' ') - 1);
        } else {
            out[name] += line;
        }
    }
    return out;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(c));
    return s;
}

std::string revcomp(const std::string& s) {
    std::string out(s.rbegin(), s.rend());
    for (auto& c : out) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    return out;
}

}  // namespace

TEST_CASE("class specs label each file and files may share a class name", "[io]") {
    TempDir dir;
    write_file(dir.file("a1.fa"), ">x\nAC\n>y\nGG\n");
    write_file(dir.file("b.fa"), ">z\nTT\n");
    write_file(dir.file("a2.fa"), ">w\nCC\n");
    InputSpec spec;
    spec.class_specs = {"pos=" + dir.file("a1.fa"), "neg=" + dir.file("b.fa"),
                        "pos=" + dir.file("a2.fa")};
    const Dataset data = load_dataset(spec);
    CHECK(data.classes == std::vector<std::string>{"pos", "neg"});
    REQUIRE(data.records.size() == 4);
    CHECK(data.labels == std::vector<std::int32_t>{0, 0, 1, 0});
    CHECK(data.records[3].id == "w");
    CHECK(data.class_sizes() == std::vector<std::uint64_t>{3, 1});
    CHECK(data.stats.records == 4);
    CHECK_NOTHROW(motiftok::io::require_two_classes(data, "training"));
}

TEST_CASE("plain inputs alone are unlabeled", "[io]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">x\nAC\n");
    write_file(dir.file("b.fa"), ">x\nGG\n");
    InputSpec spec;
    spec.inputs = {dir.file("a.fa"), dir.file("b.fa")};
    const Dataset data = load_dataset(spec);
    CHECK_FALSE(data.labeled());
    CHECK(data.records.size() == 2);
    CHECK(data.classes.empty());
    const auto msg = message_of<motiftok::DataError>(
        [&] { motiftok::io::require_two_classes(data, "information gain"); });
    CHECK(contains(msg, "information gain needs labeled sequences"));
}

TEST_CASE("fail_contradicting_options reports every problem at once", "[io]") {
    InputSpec spec;
    spec.class_specs = {"a=x.fa", "broken"};
    spec.labels_tsv = "l.tsv";
    spec.genome = "g.fa";
    const auto msg = message_of<motiftok::ConfigError>([&] { load_dataset(spec); });
    CHECK(contains(msg, "`class_specs` cannot be combined with `labels_tsv`"));
    CHECK(contains(msg, "`genome` is only used with `bed`"));
    CHECK(contains(msg, "`class_specs` 'broken': expected NAME=FILE"));
    CHECK(
        contains(message_of<motiftok::ConfigError>([] { load_dataset(InputSpec{}); }), "no input"));
}

TEST_CASE("labels TSV assigns classes in the order of first appearance", "[io]") {
    TempDir dir;
    write_file(dir.file("s.fa"), ">a\nAC\n>b\nGG\n>c\nTT\n");
    write_file(dir.file("l.tsv"), "id\tlabel\nc\tup\na\tdown\nb\tup\n");
    InputSpec spec;
    spec.inputs = {dir.file("s.fa")};
    spec.labels_tsv = dir.file("l.tsv");
    const Dataset data = load_dataset(spec);
    CHECK(data.classes == std::vector<std::string>{"up", "down"});
    CHECK(data.labels == std::vector<std::int32_t>{1, 0, 0});
}

TEST_CASE("fail_label_mismatch counts both directions and names the first five", "[io]") {
    TempDir dir;
    write_file(dir.file("s.fa"), ">a\nA\n>b\nC\n>u1\nG\n>u2\nG\n>u3\nG\n>u4\nG\n>u5\nG\n>u6\nG\n");
    write_file(dir.file("l.tsv"), "a\tx\nb\ty\nd\tx\n");
    InputSpec spec;
    spec.inputs = {dir.file("s.fa")};
    spec.labels_tsv = dir.file("l.tsv");
    const auto msg = message_of<motiftok::DataError>([&] { load_dataset(spec); });
    CHECK(contains(msg, "6 record(s) have no label ('u1', 'u2', 'u3', 'u4', 'u5', ...)"));
    CHECK(contains(msg, "1 label(s) have no record ('d')"));
    write_file(dir.file("bad.tsv"), "a\tx\nb\n");
    spec.labels_tsv = dir.file("bad.tsv");
    CHECK(contains(message_of<motiftok::InputError>([&] { load_dataset(spec); }),
                   "bad.tsv: line 2: expected id<TAB>label"));
}

TEST_CASE(
    "BED regions come from a plain genome, the index is built, minus strand is "
    "reverse-complemented",
    "[io]") {
    TempDir dir;
    std::filesystem::copy_file(test_data("io/genome.fa"), dir.file("genome.fa"));
    InputSpec spec;
    spec.bed = test_data("io/regions.bed");
    spec.genome = dir.file("genome.fa");
    const Dataset data = load_dataset(spec);
    CHECK(motiftok::test::file_exists(dir.file("genome.fa.fai")));
    const auto g = genome_contigs();
    REQUIRE(data.records.size() == 4);
    CHECK(data.classes == std::vector<std::string>{"pos", "neg"});
    CHECK(data.labels == std::vector<std::int32_t>{0, 1, 0, 1});
    CHECK(data.records[0].id == "chr1:0-10");
    CHECK(data.records[0].seq == upper(g.at("chr1").substr(0, 10)));
    CHECK(data.records[1].id == "chr1:15-35(-)");
    CHECK(data.records[1].seq == revcomp(upper(g.at("chr1").substr(15, 20))));
    CHECK(data.records[2].id == "chr2:5-25(+)");
    CHECK(data.records[2].seq == upper(g.at("chr2").substr(5, 20)));
    CHECK(data.records[3].id == "chr2:30-40");
    CHECK(data.records[3].seq == upper(g.at("chr2").substr(30, 10)));
    std::uint64_t lower = 0;
    for (char c : g.at("chr1").substr(15, 20)) lower += (c >= 'a');
    CHECK(lower > 0);
    CHECK(data.stats.lowercase == lower);
}

TEST_CASE("BED regions from a bgzip genome (index and .gzi built, then reused)", "[io]") {
    TempDir dir;
    std::filesystem::copy_file(test_data("io/genome.fa.gz"), dir.file("genome.fa.gz"));
    InputSpec spec;
    spec.bed = test_data("io/regions.bed");
    spec.genome = dir.file("genome.fa.gz");
    const Dataset first = load_dataset(spec);
    CHECK(motiftok::test::file_exists(dir.file("genome.fa.gz.gzi")));
    const Dataset again = load_dataset(spec);
    const auto g = genome_contigs();
    REQUIRE(again.records.size() == 4);
    CHECK(again.records[1].seq == revcomp(upper(g.at("chr1").substr(15, 20))));
    for (std::size_t i = 0; i < 4; ++i) CHECK(first.records[i].seq == again.records[i].seq);
}

TEST_CASE("fail_bed_region outside its contig, on an unknown contig, or malformed", "[io]") {
    TempDir dir;
    std::filesystem::copy_file(test_data("io/genome.fa"), dir.file("genome.fa"));
    InputSpec spec;
    spec.genome = dir.file("genome.fa");
    spec.bed = dir.file("r.bed");
    write_file(spec.bed, "chr1\t0\t10\ta\nchr2\t30\t41\tb\n");
    auto msg = message_of<motiftok::InputError>([&] { load_dataset(spec); });
    CHECK(contains(msg, spec.bed + ": line 2: region chr2:30-41 ends past the end of contig "
                                   "'chr2' (length 40)"));
    write_file(spec.bed, "chr9\t0\t10\ta\n");
    msg = message_of<motiftok::InputError>([&] { load_dataset(spec); });
    CHECK(contains(msg, "line 1: contig 'chr9' is not in"));
    write_file(spec.bed, "chr1\t10\t5\ta\n");
    CHECK(contains(message_of<motiftok::InputError>([&] { load_dataset(spec); }),
                   "0 <= start < end"));
    write_file(spec.bed, "chr1\t0\t10\n");
    CHECK(contains(message_of<motiftok::InputError>([&] { load_dataset(spec); }),
                   "at least 4 tab-separated columns"));
}

TEST_CASE("fail_plain_gzip_genome asks for bgzip", "[io]") {
    TempDir dir;
    std::filesystem::copy_file(test_data("io/seqs.fa.gz"), dir.file("g.fa.gz"));
    InputSpec spec;
    spec.genome = dir.file("g.fa.gz");
    spec.bed = test_data("io/regions.bed");
    CHECK(contains(message_of<motiftok::InputError>([&] { load_dataset(spec); }), "bgzip"));
}

TEST_CASE("fail_one_class: require_two_classes names the class sizes", "[io]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">x\nAC\n");
    InputSpec spec;
    spec.class_specs = {"only=" + dir.file("a.fa")};
    const Dataset data = load_dataset(spec);
    const auto msg = message_of<motiftok::DataError>(
        [&] { motiftok::io::require_two_classes(data, "training"); });
    CHECK(contains(msg, "training: fewer than two non-empty classes (only=1)"));
}

TEST_CASE("require_two_classes on class sizes: two non-empty classes pass, one does not", "[io]") {
    using motiftok::io::require_two_classes;
    CHECK_NOTHROW(require_two_classes({"a", "b", "c"}, {3, 0, 1}, "information gain"));
    const auto msg = message_of<motiftok::DataError>([] {
        require_two_classes({"a", "b", "c"}, {3, 0, 0}, "information gain");
    });
    CHECK(contains(msg, "information gain: fewer than two non-empty classes (a=3, b=0, c=0)"));
    CHECK_THROWS_AS(require_two_classes({"all"}, {7}, "x"), motiftok::DataError);
}

TEST_CASE("scan_dataset streams records with labels and per-record lowercase", "[io]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">x\nacGT\n>y\nAC\n");
    InputSpec spec;
    spec.class_specs = {"a=" + dir.file("a.fa")};
    std::vector<std::uint64_t> lower;
    std::vector<std::int32_t> labels;
    const auto summary = motiftok::io::scan_dataset(
        spec, {}, [&](motiftok::io::Record&, std::int32_t label, std::uint64_t lc) {
            lower.push_back(lc);
            labels.push_back(label);
        });
    CHECK(lower == std::vector<std::uint64_t>{2, 0});
    CHECK(labels == std::vector<std::int32_t>{0, 0});
    CHECK(summary.labeled);
    CHECK(summary.stats.lowercase == 2);
}

TEST_CASE("set_class_order relabels records and keeps classes without records", "[io]") {
    Dataset data;
    data.classes = {"pos", "neg"};
    data.records.resize(3);
    data.labels = {0, 1, 0};
    data.set_class_order({"neg", "other", "pos"});
    CHECK(data.classes == std::vector<std::string>{"neg", "other", "pos"});
    CHECK(data.labels == std::vector<std::int32_t>{2, 0, 2});
    CHECK(data.class_sizes() == std::vector<std::uint64_t>{1, 0, 2});
    // A class of the data missing from the order, a repeated or an empty name: ConfigError.
    CHECK_THROWS_WITH(data.set_class_order({"neg", "pos"}),
                      Catch::Contains("'other'") && Catch::Contains("not in the class order"));
    CHECK_THROWS_WITH(data.set_class_order({"neg", "pos", "neg", "other"}),
                      Catch::Contains("'neg' is listed twice"));
    CHECK_THROWS_WITH(motiftok::io::check_class_order({"a", ""}, "--classes"),
                      Catch::Contains("empty class name"));
    CHECK(data.labels == std::vector<std::int32_t>{2, 0, 2});  // failed calls change nothing
}
