// motiftok shuffle: FASTA out, dinucleotide counts kept, determinism per seed and thread count,
// exit codes, and no partial output after a failure.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <sstream>

#include "motiftok/random.hpp"
#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

namespace {

// Parses single-line FASTA into (id, seq) pairs.
std::vector<std::pair<std::string, std::string>> parse(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] == '>') {
            out.emplace_back(line.substr(1), "");
        } else {
            out.back().second += line;
        }
    }
    return out;
}

std::map<std::string, int> dinucleotides(const std::string& s) {
    std::map<std::string, int> out;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) ++out[s.substr(i, 2)];
    return out;
}

std::string random_fasta(int records, std::uint64_t seed) {
    motiftok::Rng rng(seed);
    std::string out;
    for (int i = 0; i < records; ++i) {
        out += ">s" + std::to_string(i) + "\n";
        const auto len = 20 + rng.uniform(100);
        for (std::uint64_t j = 0; j < len; ++j) out += "ACGTN"[rng.uniform(j % 37 == 5 ? 5 : 4)];
        out += "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("shuffle writes -n copies per record keeping dinucleotides and Ns", "[io][cli]") {
    TempDir dir;
    const std::string fasta = random_fasta(50, 1);
    write_file(dir.file("in.fa"), fasta);
    const auto r = run_motiftok({"shuffle", "-q", "-n", "3", "--seed", "9", dir.file("in.fa")});
    REQUIRE(r.exit_code == 0);
    const auto in = parse(fasta), out = parse(r.out);
    REQUIRE(out.size() == 150);
    for (std::size_t i = 0; i < in.size(); ++i) {
        for (std::size_t c = 0; c < 3; ++c) {
            const auto& [id, seq] = out[i * 3 + c];
            CHECK(id == in[i].first + "_shuf" + std::to_string(c + 1));
            CHECK(dinucleotides(seq) == dinucleotides(in[i].second));
            for (std::size_t p = 0; p < seq.size(); ++p) {
                CHECK((seq[p] == 'N') == (in[i].second[p] == 'N'));
            }
        }
    }
}

TEST_CASE("shuffle output does not depend on -t", "[io][cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    write_file(dir.file("in.fa"), random_fasta(300, 2));
    const auto t1 = run_motiftok({"shuffle", "-q", "-t", "1", "--seed", "4", dir.file("in.fa")});
    const auto t2 = run_motiftok({"shuffle", "-q", "-t", "2", "--seed", "4", dir.file("in.fa")});
    REQUIRE(t1.exit_code == 0);
    CHECK(t1.out == t2.out);
}

TEST_CASE("shuffle output depends on the seed, from a file and from stdin alike", "[io][cli]") {
    TempDir dir;
    write_file(dir.file("in.fa"), random_fasta(300, 2));
    const auto t1 = run_motiftok({"shuffle", "-q", "-t", "1", "--seed", "4", dir.file("in.fa")});
    const auto s5 = run_motiftok({"shuffle", "-q", "-t", "1", "--seed", "5", dir.file("in.fa")});
    REQUIRE(t1.exit_code == 0);
    CHECK(t1.out != s5.out);
    const auto stdin_run =
        run_motiftok({"shuffle", "-q", "--seed", "4", "-"}, random_fasta(300, 2));
    CHECK(stdin_run.out == t1.out);
}

TEST_CASE("fail_shuffle leaves no partial output file", "[io][cli]") {
    TempDir dir;
    // 5000 good records (more than one output batch is written) followed by a bad one.
    write_file(dir.file("in.fa"), random_fasta(5000, 3) + ">bad\nACXT\n");
    const auto r = run_motiftok({"shuffle", "-o", dir.file("out.fa"), dir.file("in.fa")});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "record 5001 ('bad'), position 3: invalid character 'X'"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("out.fa")));
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        files += e.is_regular_file();
    CHECK(files == 1);  // only in.fa: the temporary output was removed
}

TEST_CASE("fail_shuffle_usage: bad option values exit 2, missing input exits 1", "[io][cli]") {
    TempDir dir;
    write_file(dir.file("in.fa"), ">a\nACGT\n");
    auto r = run_motiftok({"shuffle", "-n", "0", dir.file("in.fa")});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--copies"));
    r = run_motiftok({"shuffle", "--seed", "abc", dir.file("in.fa")});
    CHECK(r.exit_code == 2);
    r = run_motiftok({"shuffle"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "error: no input"));
    r = run_motiftok({"shuffle", dir.file("missing.fa")});
    CHECK(r.exit_code == 1);
    CHECK(
        contains(r.err, dir.file("missing.fa") + ": cannot open the sequence file (No such file"));
}
