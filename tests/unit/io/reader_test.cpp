// Sequence reader: normalization, formats (FASTA, FASTQ, gzip, bgzip) and every error case.

#include <catch2/catch.hpp>

#include "motiftok/error.hpp"
#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/random.hpp"
#include "test_support.hpp"

using motiftok::io::read_sequences;
using motiftok::io::ReaderOptions;
using motiftok::io::ReadStats;
using motiftok::io::Record;
using motiftok::test::message_of;
using motiftok::test::TempDir;
using motiftok::test::test_data;
using motiftok::test::write_file;

namespace {

// Writes `content` into a temporary file and reads it.
std::vector<Record> read_text(const std::string& content, ReadStats* stats = nullptr,
                              ReaderOptions options = {}) {
    TempDir dir;
    write_file(dir.file("x.fa"), content);
    return read_sequences(dir.file("x.fa"), options, stats);
}

// Obvious reference: the records of a plain FASTA text, upper-cased, no normalization.
std::vector<Record> parse_reference(const std::string& text) {
    std::vector<Record> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        const std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) continue;
        if (line[0] == '>') {
            out.push_back({line.substr(1, line.find(' ') - 1), ""});
        } else {
            for (char c : line) out.back().seq += static_cast<char>(std::toupper(c));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("reader upper-cases, maps IUPAC codes to N and U to T, and counts each", "[io]") {
    ReadStats stats;
    const auto recs = read_text(">a\nacgtNRYSWKMBDHV\nnryswkmbdhvUu\n", &stats);
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].id == "a");
    CHECK(recs[0].seq == "ACGT" + std::string(22, 'N') + "TT");
    CHECK(stats.lowercase == 4 + 11 + 1);
    CHECK(stats.n_bases == 22);
    CHECK(stats.iupac_to_n == 20);
    CHECK(stats.u_to_t == 2);
    CHECK(stats.records == 1);
    CHECK(stats.bases == 28);
}

TEST_CASE("normalization_table maps exactly the nucleotide codes", "[io]") {
    const unsigned char* t = motiftok::io::normalization_table();
    int valid = 0;
    for (int c = 0; c < 256; ++c) valid += t[c] != 0;
    CHECK(valid == 2 * (4 + 11 + 1));  // ACGT, 11 IUPAC codes incl. N, U; both cases
    const auto at = [t](char c) { return t[static_cast<unsigned char>(c)]; };
    CHECK(at('g') == 'G');
    CHECK(at('R') == 'N');
    CHECK(at('u') == 'T');
    CHECK(at('X') == 0);
    CHECK(at('-') == 0);
}

TEST_CASE("fail_bad_character names file, record, id and 1-based position", "[io]") {
    TempDir dir;
    write_file(dir.file("x.fa"), ">a\nACGT\n>b desc\nAC\nG-T\n");
    const auto msg = message_of<motiftok::InputError>([&] { read_sequences(dir.file("x.fa")); });
    CHECK(msg.find(dir.file("x.fa") + ": record 2 ('b'), position 4: invalid character '-'") !=
          std::string::npos);
    write_file(dir.file("y.fa"), ">a\nAC GT\n>c\nAC7\n");
    const auto msg2 = message_of<motiftok::InputError>([&] { read_sequences(dir.file("y.fa")); });
    CHECK(msg2.find("record 2 ('c'), position 3: invalid character '7'") != std::string::npos);
}

TEST_CASE("blanks inside sequence lines and CRLF line ends are skipped", "[io]") {
    const auto recs = read_text("\n\n>a x\r\nAC GT\r\n\r\nTT\r\n>b\r\nG\r\n");
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].id == "a");
    CHECK(recs[0].seq == "ACGTTT");
    CHECK(recs[1].seq == "G");
}

TEST_CASE("empty records are skipped and counted, strict makes them errors", "[io]") {
    ReadStats stats;
    const auto recs = read_text(">a\n>b\nAC\n>c\n", &stats);
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].id == "b");
    CHECK(stats.empty_records == 2);
    CHECK(stats.records == 1);
    ReaderOptions strict;
    strict.strict = true;
    const auto msg =
        message_of<motiftok::InputError>([&] { read_text(">a\n>b\nAC\n", nullptr, strict); });
    CHECK(msg.find("record 1 ('a'): empty sequence") != std::string::npos);
}

TEST_CASE("fail_duplicate_id is a DataError with a hint unless the check is off", "[io]") {
    const auto msg = message_of<motiftok::DataError>([&] { read_text(">a\nA\n>b\nC\n>a\nG\n"); });
    CHECK(msg.find("record 3 ('a'): duplicate id (first seen as record 1)") != std::string::npos);
    CHECK(msg.find("rename") != std::string::npos);
    ReaderOptions lax;
    lax.check_duplicate_ids = false;
    CHECK(read_text(">a\nA\n>b\nC\n>a\nG\n", nullptr, lax).size() == 3);
}

TEST_CASE("a space after '>' still gives the first word as id, a blank header fails", "[io]") {
    const auto recs = read_text("> chr1,+,69315,69415; class:0\nACGT\n>\tx y\nA\n");
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].id == "chr1,+,69315,69415;");
    CHECK(recs[1].id == "x");
    const auto msg = message_of<motiftok::InputError>([&] { read_text(">a\nA\n>  \nC\n"); });
    CHECK(msg.find("record 2: empty header") != std::string::npos);
}

TEST_CASE("FASTQ records, including a quality line starting with '@'", "[io]") {
    ReadStats stats;
    const auto recs =
        read_text("@r1 x\nACgT\n+\nIIII\n@r2\nAC\n+r2\n@@\n\n@r3\nA\nC\n+\nI\nI\n", &stats);
    REQUIRE(recs.size() == 3);
    CHECK(recs[0].id == "r1");
    CHECK(recs[0].seq == "ACGT");
    CHECK(recs[1].seq == "AC");
    CHECK(recs[2].id == "r3");
    CHECK(recs[2].seq == "AC");
    CHECK(stats.lowercase == 1);
    const auto msg = message_of<motiftok::InputError>([&] { read_text("@r1\nACGT\n+\nII\n"); });
    CHECK(msg.find("record 1 ('r1'): truncated FASTQ record") != std::string::npos);
    const auto msg2 = message_of<motiftok::InputError>([&] { read_text("@r1\nACGT\n"); });
    CHECK(msg2.find("no '+' line") != std::string::npos);
}

TEST_CASE("plain, gzip and bgzip inputs give the same records", "[io]") {
    const auto text = motiftok::test::read_file(test_data("io/seqs.fa"));
    const auto expected = parse_reference(text);
    for (const char* name : {"io/seqs.fa", "io/seqs.fa.gz", "io/seqs.fa.bgz"}) {
        ReadStats stats;
        const auto recs = read_sequences(test_data(name), {}, &stats);
        REQUIRE(recs.size() == expected.size());
        for (std::size_t i = 0; i < recs.size(); ++i) {
            CHECK(recs[i].id == expected[i].id);
            CHECK(recs[i].seq == expected[i].seq);
        }
        std::uint64_t lower = 0;
        bool header = false;
        for (char c : text) {
            if (c == '>') header = true;
            if (c == '\n') header = false;
            if (!header) lower += (c >= 'a' && c <= 'z');
        }
        CHECK(stats.lowercase == lower);
        CHECK(stats.records == expected.size());
    }
}

TEST_CASE("fail_truncated_gzip is an InputError, not a silent end of file", "[io]") {
    const auto msg =
        message_of<motiftok::InputError>([&] { read_sequences(test_data("io/truncated.fa.gz")); });
    CHECK(msg.find("truncated or corrupt gzip") != std::string::npos);
    CHECK(msg.find("truncated.fa.gz") != std::string::npos);
}

TEST_CASE("fail_not_fasta, fail_empty_file and fail_missing_file", "[io]") {
    auto msg = message_of<motiftok::InputError>([&] { read_text("\n\nhello\n>a\nA\n"); });
    CHECK(msg.find("line 3: not FASTA or FASTQ: expected '>' or '@'") != std::string::npos);
    msg = message_of<motiftok::InputError>([&] { read_text(""); });
    CHECK(msg.find("contains no sequence records") != std::string::npos);
    msg = message_of<motiftok::InputError>([&] { read_text(">a\n>b\n"); });
    CHECK(msg.find("contains no sequence records (2 empty record(s))") != std::string::npos);
    msg = message_of<motiftok::InputError>([&] { read_sequences("/nonexistent/x.fa"); });
    CHECK(msg ==
          "/nonexistent/x.fa: cannot open the sequence file (No such file or directory); check "
          "the path");
}

TEST_CASE("lines longer than the read buffer are read whole", "[io]") {
    std::string seq;
    motiftok::Rng rng(5);
    for (int i = 0; i < 3'000'000; ++i) seq += "ACGTacgt"[rng.uniform(8)];
    ReadStats stats;
    const auto recs = read_text(">long\n" + seq + "\n>short\nA\n", &stats);
    REQUIRE(recs.size() == 2);
    std::string upper = seq;
    for (auto& c : upper) c = static_cast<char>(std::toupper(c));
    CHECK(recs[0].seq == upper);
    std::uint64_t lower = 0;
    for (char c : seq) lower += (c >= 'a');
    CHECK(stats.lowercase == lower);
}

TEST_CASE("SequenceReader streams records and keeps per-input stats", "[io]") {
    TempDir dir;
    write_file(dir.file("x.fa"), ">a\nAC\n>b\nGGT\n");
    motiftok::io::SequenceReader reader(dir.file("x.fa"));
    Record rec;
    REQUIRE(reader.next(rec));
    CHECK(rec.seq == "AC");
    CHECK(reader.stats().bases == 2);
    REQUIRE(reader.next(rec));
    CHECK(rec.id == "b");
    CHECK_FALSE(reader.next(rec));
    CHECK(reader.stats().records == 2);
    CHECK(reader.path() == dir.file("x.fa"));
}

TEST_CASE("bgzip input decompressed with threads gives the same records", "[io]") {
    ReaderOptions threaded;
    threaded.threads = 2;
    const auto one = read_sequences(test_data("io/seqs.fa.bgz"));
    const auto two = read_sequences(test_data("io/seqs.fa.bgz"), threaded);
    const auto gz = read_sequences(test_data("io/seqs.fa.gz"), threaded);
    REQUIRE(one.size() == two.size());
    REQUIRE(one.size() == gz.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
        CHECK(one[i].seq == two[i].seq);
        CHECK(one[i].seq == gz[i].seq);
    }
}

TEST_CASE("gzip read ahead in a thread: truncation still fails, early stop does not hang", "[io]") {
    ReaderOptions threaded;
    threaded.threads = 2;
    CHECK_THROWS_WITH(read_sequences(test_data("io/truncated.fa.gz"), threaded),
                      Catch::Contains("truncated or corrupt gzip"));
    motiftok::io::SequenceReader reader(test_data("io/seqs.fa.gz"), threaded);
    Record rec;
    REQUIRE(reader.next(rec));
    CHECK(rec.id == "seq0");
}  // the reader is destroyed with its read-ahead thread still running

TEST_CASE("fail_truncated_bgzip fails with and without htslib's threads", "[io]") {
    // bgzf_mt reports a cut block as a plain end of stream and only sets an error code.
    const std::string whole = motiftok::test::read_file(test_data("io/seqs.fa.bgz"));
    motiftok::test::TempDir dir;
    const std::string cut = dir.file("cut.fa.bgz");
    motiftok::test::write_file(cut, whole.substr(0, whole.size() / 2));
    for (int threads : {1, 2}) {
        ReaderOptions options;
        options.threads = threads;
        CHECK_THROWS_WITH(
            read_sequences(cut, options),
            Catch::Contains("truncated or corrupt gzip") && Catch::Contains("cut.fa.bgz"));
    }
}
