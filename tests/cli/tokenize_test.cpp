// motiftok tokenize and export through the binary: outputs, thread-independence, exit codes and
// messages for bad vocabularies and options.

#include <catch2/catch.hpp>
#include <string>

#include "motiftok/random.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/vocabulary.hpp"
#include "test_support.hpp"

using motiftok::test::run_motiftok;
using motiftok::test::test_data;

TEST_CASE("cli tokenize: tokens of a small FASTA (checked by hand)", "[tokenize][cli]") {
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("a.fa"),
                               ">s1 desc\nACGTTGTAAATAcacgtg\nNNgaattcTATA\n>s2\nGGAATTCC\n");
    const auto r = run_motiftok(
        {"tokenize", "--vocab", test_data("vocab_small.json"), dir.file("a.fa"), "-q"});
    CHECK(r.exit_code == 0);
    // s1: A+CGT (-4.4) beats AC+GT (-4.8); TGTAAATA, CACGTG, GAATTC, TATA are single tokens.
    CHECK(r.out ==
          "s1\tA CGT TGTAAATA CACGTG N N GAATTC TATA\n"
          "s2\tGGAA TTCC\n");
    const auto ids =
        run_motiftok({"tokenize", "--vocab", test_data("vocab_small.json"), dir.file("a.fa"), "-q",
                      "--format", "ids", "-o", dir.file("out.txt")});
    CHECK(ids.exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("out.txt")) == "s1\t0 13 5 7 4 4 8 9\ns2\t10 11\n");
}

TEST_CASE("cli tokenize: -t 1, 2 and 4 give identical bytes and match the library",
          "[tokenize][cli]") {
    motiftok::Rng rng(17);
    std::string fa;
    std::vector<std::string> seqs;
    for (int r = 0; r < 2000; ++r) {
        std::string s;
        const auto n = 1 + rng.uniform(400);
        for (std::uint64_t i = 0; i < n; ++i) s += "ACGTACGTACGTN"[rng.uniform(13)];
        fa += ">r" + std::to_string(r) + "\n" + s + "\n";
        seqs.push_back(s);
    }
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("in.fa"), fa);
    const auto one = run_motiftok(
        {"tokenize", "--vocab", test_data("vocab_small.json"), "-t", "1", dir.file("in.fa"), "-q"});
    const auto two = run_motiftok(
        {"tokenize", "--vocab", test_data("vocab_small.json"), "-t", "2", "-", "-q"}, fa);
    REQUIRE(one.exit_code == 0);
    REQUIRE(two.exit_code == 0);
    CHECK(one.out == two.out);
    // Four threads, two inputs (several batches in flight), output to a file.
    const auto four =
        run_motiftok({"tokenize", "--vocab", test_data("vocab_small.json"), "-t", "4",
                      dir.file("in.fa"), dir.file("in.fa"), "-o", dir.file("four.txt"), "-q"});
    REQUIRE(four.exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("four.txt")) == one.out + one.out);
    const motiftok::tokenize::Tokenizer tok(
        motiftok::vocab::Vocabulary::load(test_data("vocab_small.json")));
    std::string expected;
    for (std::size_t r = 0; r < seqs.size(); ++r) {
        expected += "r" + std::to_string(r) + "\t";
        const auto ids = tok.encode(seqs[r]);
        for (std::size_t i = 0; i < ids.size(); ++i) expected += (i ? " " : "") + tok.token(ids[i]);
        expected += "\n";
    }
    CHECK(one.out == expected);
}

TEST_CASE("cli tokenize: fail_ bad vocabulary files exit 1 with a clear message",
          "[tokenize][cli]") {
    const std::string good = motiftok::test::read_file(test_data("vocab_small.json"));
    auto edited = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const auto pos = t.find(from);
        REQUIRE(pos != std::string::npos);
        return t.replace(pos, from.size(), to);
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {edited("motiftok-vocab", "bpe-vocab"), "not a motiftok vocabulary"},
        {edited("\"version\": 1", "\"version\": 3"),
         "vocabulary format version 3; this build reads versions 1 to 2; re-run motiftok learn or "
         "upgrade motiftok"},
        {edited("\"TATA\"", "\"CACGTG\""), "duplicate of token 7"},
        {edited("\"token\": \"G\"", "\"token\": \"GG\""), "ids 0..4 must be the bases"},
        {good.substr(0, good.size() / 3), "invalid or truncated JSON at byte"},
    };
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("a.fa"), ">a\nACGT\n");
    for (const auto& [text, message] : cases) {
        motiftok::test::write_file(dir.file("bad.json"), text);
        const auto r =
            run_motiftok({"tokenize", "--vocab", dir.file("bad.json"), dir.file("a.fa")});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("error: " + dir.file("bad.json") + ": "));
        CHECK_THAT(r.err, Catch::Contains(message));
        CHECK(r.out.empty());
    }
}

TEST_CASE("cli tokenize: fail_ usage errors exit 2", "[tokenize][cli]") {
    const auto r = run_motiftok({"tokenize", "--vocab", test_data("vocab_small.json"), "--format",
                                 "xml", test_data("vocab_small.json")});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("xml"));
    const auto none = run_motiftok({"tokenize", "--vocab", test_data("vocab_small.json")});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::Contains("inputs"));
}
