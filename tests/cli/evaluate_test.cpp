// motiftok evaluate: the table on small fixtures, -t 1 = -t 2, JSON, the training part for
// learning without the test part, an exported tokenizer.json beside its vocab.json, failures.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::test_data;

namespace {

std::vector<std::string> base_args(const std::string& out, const std::string& threads) {
    return {"evaluate",
            "-c",
            "pos=" + test_data("learn_pos.fa"),
            "-c",
            "neg=" + test_data("learn_neg.fa"),
            "--vocab",
            test_data("vocab_small.json"),
            "--baseline",
            "kmer6,bases",
            "--motifs",
            test_data("export_motifs_small.meme"),
            "--epochs",
            "2",
            "--dim",
            "8",
            "--pos-bins",  // one network per fold (the default, auto, trains two)
            "8",
            "--mask-draws",
            "2",
            "-t",
            threads,
            "-o",
            out};
}

// The TSV without the throughput rows (the one value that depends on the machine).
std::string without_throughput(const std::string& tsv) {
    std::istringstream in(tsv);
    std::string line, out;
    while (std::getline(in, line)) {
        if (!contains(line, "throughput")) out += line + "\n";
    }
    return out;
}

// value of (vocabulary, metric) in a TSV.
std::string value_of(const std::string& tsv, const std::string& vocab, const std::string& metric) {
    std::istringstream in(tsv);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string v, axis, m, value;
        std::getline(f, v, '\t');
        std::getline(f, axis, '\t');
        std::getline(f, m, '\t');
        std::getline(f, value, '\t');
        if (v == vocab && m == metric) return value;
    }
    return "missing";
}

}  // namespace

TEST_CASE("evaluate: the same rows with 1 and 2 threads", "[cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    REQUIRE(run_motiftok(base_args(dir.file("t1.tsv"), "1")).exit_code == 0);
    REQUIRE(run_motiftok(base_args(dir.file("t2.tsv"), "2")).exit_code == 0);
    CHECK(without_throughput(motiftok::test::read_file(dir.file("t1.tsv"))) ==
          without_throughput(motiftok::test::read_file(dir.file("t2.tsv"))));
}

TEST_CASE("evaluate writes the four axes per vocabulary", "[cli]") {
    TempDir dir;
    const auto r1 = run_motiftok(base_args(dir.file("t1.tsv"), "1"));
    INFO(r1.err);
    REQUIRE(r1.exit_code == 0);
    const std::string t1 = motiftok::test::read_file(dir.file("t1.tsv"));
    CHECK(t1.rfind("vocabulary\taxis\tmetric\tvalue\n", 0) == 0);
    for (const char* v : {"vocab_small.json", "kmer6", "bases"}) {
        for (const char* axis : {"\texpressiveness\t", "\tcompression\t", "\tinterpretability\t"}) {
            CHECK(contains(t1, v + std::string(axis)));
        }
    }
    CHECK(value_of(t1, "kmer6", "vocab_size") == "4101");
    CHECK(value_of(t1, "bases", "bp_per_token") == "1");
    CHECK(value_of(t1, "bases", "matched_share") == "NA");  // no multi-base token to annotate
    CHECK(value_of(t1, "vocab_small.json", "motif:PUMlike") == "1");
    CHECK(contains(r1.err, "training the attention classifier"));  // progress on stderr
}

TEST_CASE("evaluate --json has the same rows", "[cli]") {
    TempDir dir;
    auto args = base_args(dir.file("t.json"), "1");
    args.push_back("--json");
    args.push_back("--no-attention");
    const auto r = run_motiftok(args);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(motiftok::test::read_file(dir.file("t.json")));
    CHECK(j["format"] == "motiftok-evaluate");
    bool seen = false;
    for (const auto& row : j["rows"]) {
        seen = seen || (row["vocabulary"] == "kmer6" && row["metric"] == "lr_auroc");
        CHECK(row["axis"] != "interpretability");  // skipped with --no-attention
    }
    CHECK(seen);
}

TEST_CASE("evaluate --write-train, learn on it, export: vocab.json and tokenizer.json agree",
          "[cli]") {
    TempDir dir;
    const std::vector<std::string> input = {"-c", "pos=" + test_data("learn_pos.fa"), "-c",
                                            "neg=" + test_data("learn_neg.fa")};
    auto args = std::vector<std::string>{"evaluate"};
    args.insert(args.end(), input.begin(), input.end());
    args.insert(args.end(), {"--write-train", dir.file("train")});
    REQUIRE(run_motiftok(args).exit_code == 0);
    for (const char* c : {"pos", "neg"}) {
        const std::string train =
            motiftok::test::read_file(dir.file("train." + std::string(c) + ".fa"));
        CHECK(std::count(train.begin(), train.end(), '>') == 64);  // 80 − round(0.2 · 80)
    }
    REQUIRE(run_motiftok({"learn", "-c", "pos=" + dir.file("train.pos.fa"), "-c",
                          "neg=" + dir.file("train.neg.fa"), "--vocab-size", "40", "--k-max", "8",
                          "-o", dir.file("vocab.json")})
                .exit_code == 0);
    REQUIRE(run_motiftok({"export", "--vocab", dir.file("vocab.json"), "--format", "hf", "-o",
                          dir.file("hf")})
                .exit_code == 0);
    args = {"evaluate"};
    args.insert(args.end(), input.begin(), input.end());
    args.insert(args.end(),
                {"--vocab", dir.file("vocab.json"), "--vocab", dir.file("hf/tokenizer.json"),
                 "--no-attention", "-o", dir.file("t.tsv")});
    const auto r = run_motiftok(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string t = motiftok::test::read_file(dir.file("t.tsv"));
    for (const char* m :
         {"bp_per_token", "tokens_per_sequence", "lr_auroc", "lr_auprc", "lr_mcc"}) {
        INFO(m);
        CHECK(value_of(t, "vocab.json", m) != "missing");
        CHECK(value_of(t, "vocab.json", m) == value_of(t, "tokenizer.json", m));
    }
}

TEST_CASE("evaluate rejects bad options and files without writing output", "[cli]") {
    TempDir dir;
    auto args = base_args(dir.file("out.tsv"), "1");
    args[8] = "kmer6,words";
    auto r = run_motiftok(args);
    CHECK(r.exit_code == 2);  // a usage error
    CHECK(contains(r.err, "unknown baseline 'words'"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("out.tsv")));
    motiftok::test::write_file(dir.file("bad.json"),
                               R"({"model": {"type": "WordLevel", "vocab": {}}})");
    args = base_args(dir.file("out.tsv"), "1");
    args[6] = dir.file("bad.json");
    r = run_motiftok(args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "bad.json: model type 'WordLevel' is not supported"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("out.tsv")));
    r = run_motiftok({"evaluate", "-c", "pos=" + test_data("learn_pos.fa"), "-c",
                      "neg=" + test_data("learn_neg.fa"), "--folds", "1", "--baseline", "bases"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--folds must be 0"));
}
