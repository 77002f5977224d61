// motiftok export through the binary.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "test_support.hpp"

using motiftok::test::run_motiftok;
using motiftok::test::test_data;

TEST_CASE("cli export: hf folder, tsv, json and meme", "[export][cli]") {
    motiftok::test::TempDir dir;
    const std::string vocab = test_data("vocab_small.json");
    const auto hf = run_motiftok({"export", "--vocab", vocab, "-o", dir.file("hf"), "-q"});
    CHECK(hf.exit_code == 0);
    const auto j = nlohmann::json::parse(motiftok::test::read_file(dir.file("hf/tokenizer.json")));
    CHECK(j["model"]["vocab"].size() == 16 + 5);
    CHECK(motiftok::test::file_exists(dir.file("hf/tokenizer_config.json")));
    CHECK(motiftok::test::file_exists(dir.file("hf/special_tokens_map.json")));
    const auto tsv = run_motiftok({"export", "--vocab", vocab, "-f", "tsv", "-o", "-", "-q"});
    CHECK(tsv.exit_code == 0);
    CHECK(std::count(tsv.out.begin(), tsv.out.end(), '\n') == 17);
    const auto list = run_motiftok({"export", "--vocab", vocab, "-f", "json", "-o", "-", "-q"});
    CHECK(nlohmann::json::parse(list.out).size() == 16);
    const auto meme = run_motiftok({"export", "--vocab", vocab, "-f", "meme", "-o", "-", "-q"});
    CHECK(meme.exit_code == 0);
    // Tokens of length >= 6 (the default), one per reverse-complement pair: TGTAAATA, CACGTG,
    // GAATTC (the last two are palindromes).
    CHECK(meme.out.find("MOTIF TGTAAATA ") != std::string::npos);
    CHECK(meme.out.find("MOTIF TATTTACA ") == std::string::npos);
    std::size_t motifs = 0;
    for (auto p = meme.out.find("MOTIF "); p != std::string::npos;
         p = meme.out.find("MOTIF ", p + 1))
        ++motifs;
    CHECK(motifs == 3);
}

TEST_CASE("cli export: fail_ hf to stdout, missing vocabulary", "[export][cli]") {
    const auto r = run_motiftok({"export", "--vocab", test_data("vocab_small.json"), "-o", "-"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--format hf writes three files"));
    const auto missing = run_motiftok({"export", "--vocab", "/nonexistent.json", "-o", "x"});
    CHECK(missing.exit_code == 1);  // a missing input, not a usage error (docs/input.md)
    CHECK_THAT(missing.err, Catch::Contains("/nonexistent.json: cannot open the vocabulary"));
}
