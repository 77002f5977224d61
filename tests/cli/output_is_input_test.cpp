// Every verb refuses an output that is one of its inputs (the same path, a hard link or a
// symlink): exit 2, one message naming both paths, the input's bytes unchanged.

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

namespace {

// Inputs of every verb. Files the check protects are never parsed, so model.bin and the count
// files hold bytes no reader would accept: a run that got past the check would fail differently.
void make_inputs(const TempDir& dir) {
    write_file(dir.file("a.fa"), ">a1\nACGTACGTAC\n>a2\nGGGTTTACGA\n");
    write_file(dir.file("b.fa"), ">b1\nTTTTACGGCA\n>b2\nCCCAGTAGGA\n");
    write_file(dir.file("labels.tsv"), "a1\tx\na2\ty\n");
    write_file(dir.file("genome.fa"), ">chr1\nACGTACGTACGTACGTACGT\n");
    write_file(dir.file("regions.bed"), "chr1\t0\t5\tx\nchr1\t5\t10\ty\n");
    write_file(dir.file("vocab.json"), read_file(motiftok::test::test_data("vocab_small.json")));
    write_file(dir.file("motifs.meme"),
               read_file(motiftok::test::test_data("export_motifs_small.meme")));
    write_file(dir.file("model.bin"), "not a model: never read");
    write_file(dir.file("a.mtc"), "not a count file: never read");
    write_file(dir.file("b.mtc"), "not a count file: never read either");
}

// A run whose output (the word OUT in `args`) names the input file `input` of `dir`.
struct Case {
    std::string input;
    std::vector<std::string> args;
};

// How the output path reaches the input.
enum class Via { same_path, hard_link, symlink };

// Runs `c` with OUT naming its input via `via`; checks exit 2, the message and the bytes.
void check_refused(const TempDir& dir, const Case& c, Via via) {
    const std::string input = dir.file(c.input);
    std::string output = input;
    if (via == Via::hard_link) {
        output = dir.file("hard_link_" + c.input);
        REQUIRE(::link(input.c_str(), output.c_str()) == 0);
    } else if (via == Via::symlink) {
        output = dir.file("symlink_" + c.input);
        REQUIRE(::symlink(input.c_str(), output.c_str()) == 0);
    }
    std::vector<std::string> args;
    for (const auto& a : c.args) {
        if (a == "OUT") {
            args.push_back(output);
        } else if (a.find('=') != std::string::npos || a.find('.') != std::string::npos) {
            const auto eq = a.find('=');  // NAME=FILE or FILE: FILE lives in dir
            args.push_back(eq == std::string::npos
                               ? dir.file(a)
                               : a.substr(0, eq + 1) + dir.file(a.substr(eq + 1)));
        } else {
            args.push_back(a);
        }
    }
    const std::string before = read_file(input);
    const auto r = run_motiftok(args);
    INFO(args[0] << " " << c.input << " via " << static_cast<int>(via) << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "error: output '" + output + "' is the same file as input '"));
    CHECK(contains(r.err, input + "'"));
    CHECK(read_file(input) == before);
    if (via != Via::same_path) ::unlink(output.c_str());
}

void check_refused_all_ways(const std::vector<Case>& cases) {
    TempDir dir;
    make_inputs(dir);
    for (const auto& c : cases) {
        for (const Via via : {Via::same_path, Via::hard_link, Via::symlink}) {
            check_refused(dir, c, via);
        }
    }
}

}  // namespace

TEST_CASE("fail_output_is_input: stats, shuffle, count, learn", "[io][cli]") {
    check_refused_all_ways({
        {"a.fa", {"stats", "a.fa", "b.fa", "-o", "OUT"}},
        {"b.fa", {"stats", "--class", "x=a.fa", "--class", "y=b.fa", "-o", "OUT"}},
        {"a.fa", {"shuffle", "a.fa", "-o", "OUT"}},
        {"b.fa", {"count", "-c", "x=a.fa", "-c", "y=b.fa", "-o", "OUT"}},
        {"labels.tsv", {"count", "a.fa", "--labels", "labels.tsv", "-o", "OUT"}},
        {"genome.fa", {"count", "--bed", "regions.bed", "--genome", "genome.fa", "-o", "OUT"}},
        {"regions.bed", {"count", "--bed", "regions.bed", "--genome", "genome.fa", "-o", "OUT"}},
        {"a.fa", {"learn", "-c", "x=a.fa", "-c", "y=b.fa", "-o", "OUT"}},
    });
}

TEST_CASE("fail_output_is_input: merge, score, tokenize", "[io][cli]") {
    check_refused_all_ways({
        {"b.mtc", {"merge", "a.mtc", "b.mtc", "-o", "OUT"}},
        {"a.mtc", {"score", "--counts", "a.mtc", "-o", "OUT"}},
        {"b.fa", {"score", "-c", "x=a.fa", "-c", "y=b.fa", "-o", "OUT"}},
        {"a.fa", {"tokenize", "--vocab", "vocab.json", "a.fa", "-o", "OUT"}},
        {"vocab.json", {"tokenize", "--vocab", "vocab.json", "a.fa", "-o", "OUT"}},
    });
}

TEST_CASE("fail_output_is_input: export, annotate", "[io][cli]") {
    check_refused_all_ways({
        {"vocab.json", {"export", "--vocab", "vocab.json", "-f", "tsv", "-o", "OUT"}},
        {"vocab.json", {"export", "--vocab", "vocab.json", "-f", "hf", "-o", "OUT"}},
        {"vocab.json",
         {"annotate", "--vocab", "vocab.json", "--motifs", "motifs.meme", "-o", "OUT"}},
        {"motifs.meme",
         {"annotate", "--vocab", "vocab.json", "--motifs", "motifs.meme", "-o", "OUT"}},
    });
}

TEST_CASE("fail_output_is_input: train, predict (-o, --metrics, --explain)", "[model][cli]") {
    check_refused_all_ways({
        {"vocab.json",
         {"train", "--vocab", "vocab.json", "-c", "x=a.fa", "-c", "y=b.fa", "-o", "OUT"}},
        {"a.fa", {"train", "--vocab", "vocab.json", "-c", "x=a.fa", "-c", "y=b.fa", "-o", "OUT"}},
        {"model.bin", {"predict", "--model", "model.bin", "a.fa", "-o", "OUT"}},
        {"a.fa", {"predict", "--model", "model.bin", "-c", "x=a.fa", "--metrics", "OUT"}},
        {"vocab.json",
         {"predict", "--model", "model.bin", "--vocab", "vocab.json", "a.fa", "--explain", "OUT"}},
    });
}

TEST_CASE("fail_output_is_input: export hf into a folder holding the vocabulary", "[export][cli]") {
    TempDir dir;
    make_inputs(dir);
    // The vocabulary sits where the export would write tokenizer_config.json.
    const std::string folder = dir.file("hf");
    REQUIRE(::mkdir(folder.c_str(), 0777) == 0);
    const std::string vocab = folder + "/tokenizer_config.json";
    const std::string bytes = read_file(dir.file("vocab.json"));
    write_file(vocab, bytes);
    const auto r = run_motiftok({"export", "--vocab", vocab, "-f", "hf", "-o", folder});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "output '" + vocab + "' is the same file as input '" + vocab + "'"));
    CHECK(read_file(vocab) == bytes);
    CHECK_FALSE(motiftok::test::file_exists(folder + "/tokenizer.json"));  // nothing written
}

TEST_CASE("outputs that cannot clash: stdout, a new file, /dev/null, stdin input", "[io][cli]") {
    TempDir dir;
    make_inputs(dir);
    CHECK(run_motiftok({"stats", "-q", dir.file("a.fa"), "-o", "-"}).exit_code == 0);
    CHECK(run_motiftok({"stats", "-q", dir.file("a.fa"), "-o", dir.file("new.tsv")}).exit_code ==
          0);
    CHECK(run_motiftok({"stats", "-q", dir.file("a.fa"), "-o", "/dev/null"}).exit_code == 0);
    const auto r = run_motiftok({"stats", "-q", "-", "-o", dir.file("a.fa")}, ">s\nACGT\n");
    CHECK(r.exit_code == 0);  // '-' is stdin, not a file named '-'; a.fa is overwritten on purpose
    CHECK(contains(read_file(dir.file("a.fa")), "all\t1\t4"));
}
