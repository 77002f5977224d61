// CLI tests of motif families: `learn` stores them in vocab.json (the planted motif is one
// family whose consensus contains it), `export --format meme` writes one motif per family (and
// per token with --by token), `annotate` names the family after the planted motif, and
// `predict --explain` names each occurrence's family.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "motiftok/kmer/encode.hpp"
#include "test_support.hpp"

using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::test_data;

namespace {

const std::string kPlanted = "GTCACGCTTA";  // planted in test_data/learn_pos.fa

std::vector<std::string> learn_args(const std::string& out) {
    return {"learn",        "-q",
            "-c",           "pos=" + test_data("learn_pos.fa"),
            "-c",           "neg=" + test_data("learn_neg.fa"),
            "--vocab-size", "64",
            "--k-max",      "12",
            "-o",           out};
}

}  // namespace

TEST_CASE("families: learn, export meme, annotate and explain per family", "[families][cli]") {
    TempDir dir;
    const std::string vocab = dir.file("vocab.json");
    REQUIRE(run_motiftok(learn_args(vocab)).exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(vocab));
    CHECK(j["version"] == 2);
    REQUIRE(j.contains("families"));
    // The family of the planted motif: its consensus holds the motif in one orientation.
    const auto& tokens = j["tokens"];
    int family = -1;
    for (const auto& t : tokens) {
        if (t["token"] == kPlanted && t.contains("family")) family = t["family"];
    }
    REQUIRE(family >= 0);
    const auto& f = j["families"][static_cast<std::size_t>(family)];
    const std::string consensus = f["consensus"];
    INFO(consensus);
    CHECK((consensus.find(kPlanted) != std::string::npos ||
           consensus.find(motiftok::kmer::revcomp(kPlanted)) != std::string::npos));
    CHECK(f["members"].size() >= 2);  // at least the motif and its reverse complement

    const auto meme = run_motiftok({"export", "--vocab", vocab, "-f", "meme", "-o", "-"});
    REQUIRE(meme.exit_code == 0);
    CHECK(meme.out.find("MOTIF F0 ") != std::string::npos);
    const auto by_token =
        run_motiftok({"export", "--vocab", vocab, "-f", "meme", "--by", "token", "-o", "-"});
    REQUIRE(by_token.exit_code == 0);
    CHECK(by_token.out.find("MOTIF F0 ") == std::string::npos);
    CHECK(by_token.out.find(" motiftok_") != std::string::npos);

    // A motif file with the planted motif and an unrelated one: the family matches the first.
    std::string db =
        "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF M1 planted\n"
        "letter-probability matrix: alength= 4 w= 10\n";
    for (char c : kPlanted) {
        for (char b : std::string("ACGT")) db += b == c ? " 0.97" : " 0.01";
        db += "\n";
    }
    db += "\nMOTIF M2 other\nletter-probability matrix: alength= 4 w= 6\n";
    for (int i = 0; i < 6; ++i) db += " 0.25 0.25 0.25 0.25\n";
    motiftok::test::write_file(dir.file("db.meme"), db);
    const auto annot = run_motiftok(
        {"annotate", "--vocab", vocab, "--motifs", dir.file("db.meme"), "-q", "-o", "-"});
    REQUIRE(annot.exit_code == 0);
    CHECK(annot.out.rfind("# format=motiftok-annotate-families version=1", 0) == 0);
    std::istringstream rows(annot.out);
    std::string line;
    bool named = false;
    while (std::getline(rows, line)) {
        named = named || (line.find("\tF" + std::to_string(family) + "\t") != std::string::npos &&
                          line.find("\tM1\tplanted\t") != std::string::npos);
    }
    CHECK(named);
    const auto tokens_annot = run_motiftok({"annotate", "--vocab", vocab, "--motifs",
                                            dir.file("db.meme"), "--by", "token", "-q", "-o", "-"});
    CHECK(tokens_annot.out.rfind("# format=motiftok-annotate version=1", 0) == 0);

    // Explanations name the family of each occurrence that has one.
    const auto t =
        run_motiftok({"train", "--vocab", vocab, "-c", "pos=" + test_data("learn_pos.fa"), "-c",
                      "neg=" + test_data("learn_neg.fa"), "--dim", "8", "--heads", "2", "--hidden",
                      "8", "--epochs", "2", "-q", "-o", dir.file("model.bin")});
    REQUIRE(t.exit_code == 0);
    const auto p =
        run_motiftok({"predict", "--model", dir.file("model.bin"), "-q", test_data("learn_pos.fa"),
                      "--explain", dir.file("x.jsonl"), "-o", dir.file("pred.tsv")});
    REQUIRE(p.exit_code == 0);
    const std::string explain = read_file(dir.file("x.jsonl"));
    CHECK(explain.find("\"family\":\"F" + std::to_string(family) + "\"") != std::string::npos);
}

TEST_CASE("families: --no-families writes none, --by family without families fails",
          "[families][cli]") {
    TempDir dir;
    auto args = learn_args(dir.file("v.json"));
    args.push_back("--no-families");
    REQUIRE(run_motiftok(args).exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(dir.file("v.json")));
    CHECK(!j.contains("families"));
    CHECK(j["options"]["families"] == false);
    const auto r = run_motiftok(
        {"export", "--vocab", dir.file("v.json"), "-f", "meme", "--by", "family", "-o", "-"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no motif families") != std::string::npos);
}
