// HuggingFace tokenizer.json import: BPE, WordPiece and Unigram on hand-made fixtures, with
// tokenizations derived by hand (the derivations are in the comments).
#include "motiftok/tokenize/foreign.hpp"

#include <catch2/catch.hpp>

#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/random.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

using motiftok::tokenize::ForeignModel;
using motiftok::tokenize::ForeignTokenizer;

namespace {

std::vector<std::string> tokens_of(const ForeignTokenizer& t, const std::string& seq) {
    std::vector<std::int32_t> ids;
    t.encode(seq, ids);
    std::vector<std::string> out;
    for (auto id : ids) out.push_back(t.vocabulary().tokens()[static_cast<std::size_t>(id)].token);
    return out;
}

const char* kBpe = R"({"version": "1.0", "model": {"type": "BPE", "dropout": null,
  "unk_token": "[UNK]", "continuing_subword_prefix": null, "end_of_word_suffix": null,
  "vocab": {"[UNK]": 0, "A": 1, "C": 2, "G": 3, "T": 4, "AC": 5, "GT": 6, "ACGT": 7, "AA": 8},
  "merges": ["A C", "G T", "AC GT", "A A"]}})";

}  // namespace

TEST_CASE("BPE applies merges by rank, leftmost first", "[evaluate]") {
    const auto t = ForeignTokenizer::from_json(kBpe, "bpe.json");
    CHECK(t.model() == ForeignModel::Bpe);
    // Vocabulary: the bases at 0..4, then AC, GT, ACGT, AA in id order ([UNK] left out).
    REQUIRE(t.vocabulary().size() == 9);
    CHECK(t.vocabulary().tokens()[7].token == "ACGT");
    CHECK(t.vocabulary().strand == motiftok::kmer::Strand::kForward);
    // ACGTAAAC: rank 0 merges A+C at 0 and 6 -> AC G T A A AC; rank 1 G+T -> AC GT A A AC;
    // rank 2 AC+GT -> ACGT A A AC; rank 3 A+A -> ACGT AA AC.
    CHECK(tokens_of(t, "ACGTAAAC") == std::vector<std::string>{"ACGT", "AA", "AC"});
    // ACGTAAAAC: the A-run A A A before AC merges leftmost first -> ACGT AA A AC.
    CHECK(tokens_of(t, "ACGTAAAAC") == std::vector<std::string>{"ACGT", "AA", "A", "AC"});
    CHECK(tokens_of(t, "AAA") == std::vector<std::string>{"AA", "A"});
    // N is not in the vocabulary (HF: [UNK]); here the base N, which blocks merges across it.
    CHECK(tokens_of(t, "ANC") == std::vector<std::string>{"A", "N", "C"});
    CHECK(tokens_of(t, "").empty());
    // Scores: −rank of the merge that makes a token.
    CHECK(t.vocabulary().tokens()[5].score == 0.0);
    CHECK(t.vocabulary().tokens()[8].score == -3.0);
    // The newer list form of merges gives the same.
    std::string pairs = kBpe;
    pairs.replace(pairs.find(R"(["A C", "G T", "AC GT", "A A"])"), 30,
                  R"([["A","C"],["G","T"],["AC","GT"],["A","A"]])");
    const auto t2 = ForeignTokenizer::from_json(pairs, "bpe2.json");
    CHECK(tokens_of(t2, "ACGTAAAC") == tokens_of(t, "ACGTAAAC"));
}

TEST_CASE("a BPE token longer than motiftok's longest comes out as its bases", "[evaluate]") {
    // Merges A+A, AA+AA, … up to a run of 128 A (2^7): motiftok keeps tokens of <= 127 bases.
    std::string vocab = R"("A": 0)", merges;
    std::string run = "A";
    for (int k = 1; k <= 7; ++k) {
        merges += std::string(k > 1 ? ", " : "") + "\"" + run + " " + run + "\"";
        run += run;
        vocab += ", \"" + run + "\": " + std::to_string(k);
    }
    const auto t = ForeignTokenizer::from_json(
        R"({"model": {"type": "BPE", "vocab": {)" + vocab + "}, \"merges\": [" + merges + "]}}",
        "long.json");
    CHECK(t.vocabulary().size() == 5 + 6);  // bases, then AA … A^64; A^128 left out
    const auto tokens = tokens_of(t, std::string(128, 'A') + "C" + std::string(64, 'A'));
    REQUIRE(tokens.size() == 128 + 1 + 1);
    CHECK(tokens.front() == "A");
    CHECK(tokens[128] == "C");
    CHECK(tokens.back() == std::string(64, 'A'));
}

TEST_CASE("BPE and the slow quadratic merge loop agree on random sequences", "[evaluate]") {
    const auto t = ForeignTokenizer::from_json(kBpe, "bpe.json");
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"A", "C"}, {"G", "T"}, {"AC", "GT"}, {"A", "A"}};
    motiftok::Rng rng(7);
    for (int r = 0; r < 200; ++r) {
        std::string seq;
        const auto n = rng.uniform(30);
        for (std::uint64_t i = 0; i < n; ++i) seq += "ACGTN"[rng.uniform(5)];
        // Reference: repeatedly merge the leftmost pair of the lowest rank.
        std::vector<std::string> sym;
        for (char c : seq) sym.emplace_back(1, c);
        for (;;) {
            std::size_t best_rank = merges.size(), best_pos = 0;
            for (std::size_t i = 0; i + 1 < sym.size(); ++i) {
                for (std::size_t k = 0; k < best_rank; ++k) {
                    if (sym[i] == merges[k].first && sym[i + 1] == merges[k].second) {
                        best_rank = k;
                        best_pos = i;
                    }
                }
            }
            if (best_rank == merges.size()) break;
            sym[best_pos] += sym[best_pos + 1];
            sym.erase(sym.begin() + static_cast<long>(best_pos) + 1);
        }
        CHECK(tokens_of(t, seq) == sym);
    }
}

TEST_CASE("WordPiece is greedy longest-match-first with ## continuations", "[evaluate]") {
    const auto t = ForeignTokenizer::from_json(
        R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
        "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "[CLS]": 1, "A": 2, "C": 3,
        "G": 4, "T": 5, "ACG": 6, "##A": 7, "##C": 8, "##G": 9, "##T": 10, "##GT": 11,
        "##TA": 12, "##ACG": 13}}})",
        "wp.json");
    CHECK(t.model() == ForeignModel::WordPiece);
    // Strings: bases, ACG, GT, TA ("##ACG" is the string ACG again).
    REQUIRE(t.vocabulary().size() == 8);
    // ACGTAC: initial ACG (longest of ACG/AC/A present); then ##TAC? no, ##TA yes; then ##C.
    CHECK(tokens_of(t, "ACGTAC") == std::vector<std::string>{"ACG", "TA", "C"});
    // GTACG: GT is only a continuation, so the word starts with G; then ##TA, ##C, ##G.
    CHECK(tokens_of(t, "GTACG") == std::vector<std::string>{"G", "TA", "C", "G"});
    // N matches nothing (HF: the whole word [UNK]); here the base N and go on.
    CHECK(tokens_of(t, "NACG") == std::vector<std::string>{"N", "ACG"});
}

TEST_CASE("Unigram is Viterbi on the file's scores", "[evaluate]") {
    const auto t = ForeignTokenizer::from_json(
        R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["[UNK]", 0], ["A", -2],
        ["C", -2], ["G", -2], ["T", -2], ["AC", -3], ["ACG", -3.5], ["GT", -3.2],
        ["CGT", -3.0]]}})",
        "uni.json");
    CHECK(t.model() == ForeignModel::Unigram);
    // ACGT: A+CGT −5.0 beats ACG+T −5.5, AC+GT −6.2, AC+G+T −7, A+C+G+T −8.
    CHECK(tokens_of(t, "ACGT") == std::vector<std::string>{"A", "CGT"});
    // N is missing: it scores the lowest score − 10 (HF's unknown penalty).
    CHECK(t.vocabulary().tokens()[4].score == -13.5);
    CHECK(tokens_of(t, "ACGTN") == std::vector<std::string>{"A", "CGT", "N"});
}

TEST_CASE("motiftok's own HF export reads back as the same vocabulary and tokens", "[evaluate]") {
    auto v = motiftok::vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    const auto t = ForeignTokenizer::from_json(motiftok::exports::hf_tokenizer_json(v), "hf.json");
    REQUIRE(t.vocabulary().size() == v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(t.vocabulary().tokens()[i].token == v.tokens()[i].token);
        CHECK(t.vocabulary().tokens()[i].score == v.tokens()[i].score);
    }
    const motiftok::tokenize::Tokenizer own(v);
    motiftok::Rng rng(3);
    for (int r = 0; r < 50; ++r) {
        std::string seq;
        for (int i = 0; i < 80; ++i) seq += "ACGTN"[rng.uniform(i % 17 == 0 ? 5 : 4)];
        std::vector<std::int32_t> ids;
        t.encode(seq, ids);
        CHECK(ids == own.encode(seq));
    }
}

TEST_CASE("rejects tokenizer.json files it cannot read", "[evaluate]") {
    using motiftok::InputError;
    CHECK_THROWS_WITH(ForeignTokenizer::from_json("{", "x.json"),
                      Catch::Contains("x.json: not valid JSON"));
    CHECK_THROWS_WITH(
        ForeignTokenizer::from_json(R"({"model": {"type": "WordLevel", "vocab": {}}})", "x.json"),
        Catch::Contains("'WordLevel' is not supported"));
    CHECK_THROWS_WITH(ForeignTokenizer::from_json(R"({"model": {"type": "BPE", "dropout": 0.1,
        "vocab": {"A": 0}, "merges": []}})",
                                                  "x.json"),
                      Catch::Contains("'dropout'"));
    CHECK_THROWS_WITH(ForeignTokenizer::from_json(R"({"model": {"type": "BPE",
        "vocab": {"A": 0, "C": 1}, "merges": ["A C"]}})",
                                                  "x.json"),
                      Catch::Contains("uses a token the vocabulary lacks"));
    CHECK_THROWS_WITH(ForeignTokenizer::from_json(R"({"model": {"type": "WordPiece",
        "vocab": {"hello": 0, "##lo": 1}}})",
                                                  "x.json"),
                      Catch::Contains("not a DNA tokenizer"));
    CHECK_THROWS_AS(ForeignTokenizer::load("/nonexistent/tokenizer.json"), InputError);
}
