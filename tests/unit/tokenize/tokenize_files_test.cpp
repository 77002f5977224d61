// tokenize_files: every format, the same bytes for 1 and 2 threads and for streamed long records,
// and outputs that agree with Tokenizer::encode_spans.

#include "motiftok/tokenize/tokenize_files.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/random.hpp"
#include "motiftok/vocab/vocabulary.hpp"
#include "test_support.hpp"

using motiftok::tokenize::TokenizeOptions;
using motiftok::tokenize::Tokenizer;

namespace {

std::string random_fasta(motiftok::Rng& rng, int records, std::size_t max_len) {
    std::string fa;
    for (int r = 0; r < records; ++r) {
        fa += ">rec" + std::to_string(r) + " some description\n";
        const std::size_t n = 1 + rng.uniform(max_len);
        for (std::size_t i = 0; i < n; ++i) {
            fa += "ACGTACGTacgtN"[rng.uniform(13)];
            if (i % 60 == 59) fa += '\n';
        }
        fa += '\n';
    }
    return fa;
}

std::string run(const Tokenizer& tok, const std::string& path, const std::string& format,
                int threads, std::size_t stream_bases) {
    TokenizeOptions opt;
    opt.format = motiftok::tokenize::parse_format(format);
    opt.threads = threads;
    opt.stream_bases = stream_bases;
    opt.batch_bases = 5000;  // several batches even for a small input
    std::ostringstream out;
    motiftok::tokenize::tokenize_files(tok, {path, path}, out, opt);
    return out.str();
}

}  // namespace

TEST_CASE("tokenize_files: same bytes for 1 and 2 threads and for streamed records", "[tokenize]") {
    const auto vocab =
        motiftok::vocab::Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
    const Tokenizer tok(vocab);
    motiftok::Rng rng(5);
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("in.fa"), random_fasta(rng, 400, 700));
    for (const char* format : {"tokens", "ids", "jsonl", "bed"}) {
        INFO(format);
        const std::string one = run(tok, dir.file("in.fa"), format, 1, 1 << 20);
        CHECK(!one.empty());
        CHECK(run(tok, dir.file("in.fa"), format, 2, 1 << 20) == one);
        CHECK(run(tok, dir.file("in.fa"), format, 2, 50) == one);  // most records streamed
        // More threads than batches in flight allow, streamed records between batches.
        CHECK(run(tok, dir.file("in.fa"), format, 4, 1 << 20) == one);
        CHECK(run(tok, dir.file("in.fa"), format, 3, 400) == one);
    }
}

namespace {

/// A stream buffer that accepts `room` bytes, then fails (a full disk).
class FullBuffer : public std::streambuf {
  public:
    explicit FullBuffer(std::size_t room) : room_(room) {}

  protected:
    std::streamsize xsputn(const char*, std::streamsize n) override {
        if (static_cast<std::size_t>(n) > room_) return 0;
        room_ -= static_cast<std::size_t>(n);
        return n;
    }
    int_type overflow(int_type c) override {
        return xsputn(nullptr, 1) == 1 ? c : traits_type::eof();
    }

  private:
    std::size_t room_;
};

}  // namespace

TEST_CASE("tokenize_files: fail_ a write error or bad input stops every thread count",
          "[tokenize]") {
    const auto vocab =
        motiftok::vocab::Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
    const Tokenizer tok(vocab);
    motiftok::Rng rng(11);
    motiftok::test::TempDir dir;
    const std::string fa = random_fasta(rng, 400, 700);
    motiftok::test::write_file(dir.file("in.fa"), fa);
    motiftok::test::write_file(dir.file("bad.fa"), fa + ">bad\nAC-GT\n");
    for (int threads : {1, 2, 4}) {
        INFO(threads << " threads");
        TokenizeOptions opt;
        opt.format = motiftok::tokenize::OutputFormat::kIds;
        opt.threads = threads;
        opt.batch_bases = 5000;
        FullBuffer full(20000);
        std::ostream out(&full);
        CHECK_THROWS_WITH(motiftok::tokenize::tokenize_files(tok, {dir.file("in.fa")}, out, opt),
                          Catch::Contains("cannot write the output"));
        std::ostringstream sink;
        CHECK_THROWS_WITH(motiftok::tokenize::tokenize_files(tok, {dir.file("bad.fa")}, sink, opt),
                          Catch::Contains("invalid character '-'"));
    }
}

TEST_CASE("tokenize_files: jsonl and bed agree with encode_spans", "[tokenize]") {
    const auto vocab =
        motiftok::vocab::Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
    const Tokenizer tok(vocab);
    motiftok::Rng rng(9);
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("in.fa"), random_fasta(rng, 50, 300));
    const auto records = motiftok::io::read_sequences(dir.file("in.fa"));
    std::istringstream jsonl(run(tok, dir.file("in.fa"), "jsonl", 2, 1 << 20));
    std::istringstream bed(run(tok, dir.file("in.fa"), "bed", 2, 100));
    std::string line;
    for (int copy = 0; copy < 2; ++copy) {  // the input is given twice
        for (const auto& rec : records) {
            const auto spans = tok.encode_spans(rec.seq);
            REQUIRE(std::getline(jsonl, line));
            const auto j = nlohmann::json::parse(line);
            CHECK(j["id"] == rec.id);
            REQUIRE(j["ids"].size() == spans.size());
            std::string joined;
            for (std::size_t i = 0; i < spans.size(); ++i) {
                CHECK(j["ids"][i] == spans[i].id);
                CHECK(j["tokens"][i] == tok.token(spans[i].id));
                joined += j["tokens"][i].get<std::string>();
            }
            CHECK(joined == rec.seq);
            for (const auto& s : spans) {
                REQUIRE(std::getline(bed, line));
                std::istringstream fields(line);
                std::string id, token;
                std::uint64_t start = 0, end = 0;
                double score = 0;
                fields >> id >> start >> end >> token >> score;
                CHECK(id == rec.id);
                CHECK(start == s.start);
                CHECK(end == s.end);
                CHECK(token == tok.token(s.id));
                CHECK(score == tok.score(s.id));
            }
        }
    }
    CHECK(!std::getline(jsonl, line));
}

TEST_CASE("tokenize_files: fail_ bad format", "[tokenize]") {
    CHECK_THROWS_AS(motiftok::tokenize::parse_format("xml"), motiftok::ConfigError);
    CHECK_THROWS_WITH(motiftok::tokenize::parse_format("xml"),
                      Catch::Contains("tokens, ids, jsonl, bed (got 'xml')"));
}
