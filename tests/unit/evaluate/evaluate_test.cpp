// evaluate: splits, baselines, compression, token ranking, alignment and masking by hand; the
// HF export read back gives motiftok's own compression and logistic-regression figures; the
// rows do not depend on the thread count.
#include "motiftok/evaluate/evaluate.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "motiftok/error.hpp"
#include "motiftok/evaluate/split.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/random.hpp"
#include "test_support.hpp"

using namespace motiftok;
using namespace motiftok::evaluate;

namespace {

std::vector<std::string> strings(const Candidate& c, const std::string& seq) {
    std::vector<std::int32_t> ids;
    c.encode(seq, ids);
    std::vector<std::string> out;
    for (auto id : ids) out.push_back(c.vocabulary.tokens()[static_cast<std::size_t>(id)].token);
    return out;
}

io::Dataset fixture_data() {
    io::InputSpec spec;
    spec.class_specs = {"pos=" MOTIFTOK_TEST_DATA "/learn_pos.fa",
                        "neg=" MOTIFTOK_TEST_DATA "/learn_neg.fa"};
    return io::load_dataset(spec);
}

std::map<std::string, double> by_key(const std::vector<Row>& rows, const std::string& vocab) {
    std::map<std::string, double> out;
    for (const auto& r : rows) {
        if (r.vocabulary == vocab) out[r.axis + "/" + r.metric] = r.value;
    }
    return out;
}

}  // namespace

TEST_CASE("stratified splits and folds", "[evaluate]") {
    std::vector<std::int32_t> labels;
    for (int i = 0; i < 10; ++i) labels.push_back(0);
    for (int i = 0; i < 5; ++i) labels.push_back(1);
    const auto one = assign_folds(labels, 2, 0, 0.2, 1);
    int test0 = 0, test1 = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (one[i] == 0) (labels[i] == 0 ? test0 : test1)++;
        CHECK((one[i] == 0 || one[i] == -1));
    }
    CHECK(test0 == 2);  // round(0.2 · 10)
    CHECK(test1 == 1);  // round(0.2 · 5)
    const auto five = assign_folds(labels, 2, 5, 0.2, 1);
    for (int f = 0; f < 5; ++f) {
        int n0 = 0, n1 = 0;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (five[i] == f) (labels[i] == 0 ? n0 : n1)++;
        }
        CHECK(n0 == 2);
        CHECK(n1 == 1);
    }
    CHECK(assign_folds(labels, 2, 5, 0.2, 1) == five);
    CHECK(assign_folds(labels, 2, 5, 0.2, 2) != five);
}

TEST_CASE("kmer6 cuts non-overlapping 6-mers from the start, bases are single bases",
          "[evaluate]") {
    const Candidate k6 = kmer_candidate(6);
    CHECK(k6.name == "kmer6");
    CHECK(k6.vocabulary.size() == 5 + 4096);
    // 14 bases: two 6-mers, then the last 2 as single bases.
    CHECK(strings(k6, "ACGTACGTACGTAN") == std::vector<std::string>{"ACGTAC", "GTACGT", "A", "N"});
    // A window with N is cut into single bases; the next window is a 6-mer again.
    CHECK(strings(k6, "ACGNACGGGGGG") ==
          std::vector<std::string>{"A", "C", "G", "N", "A", "C", "GGGGGG"});
    CHECK(strings(k6, "AAAAAATTTTTT") == std::vector<std::string>{"AAAAAA", "TTTTTT"});
    CHECK(strings(k6, "ACG") == std::vector<std::string>{"A", "C", "G"});
    const Candidate b = bases_candidate();
    CHECK(b.vocabulary.size() == 5);
    CHECK(strings(b, "GAN") == std::vector<std::string>{"G", "A", "N"});
    CHECK(parse_baseline("kmer6") == Baseline::Kmer6);
    CHECK_THROWS_WITH(parse_baseline("kmer5"), Catch::Contains("unknown baseline 'kmer5'"));
}

TEST_CASE("compression counts bases and tokens", "[evaluate]") {
    // 6 bases in 4 tokens over 2 sequences.
    const Compression c = compression({"ACGT", "AC"}, {{0, 1, 2}, {5}});
    CHECK(c.bp_per_token == 1.5);
    CHECK(c.tokens_per_sequence == 2.0);
}

TEST_CASE("tokens rank by info_gain, one per reverse-complement pair", "[evaluate]") {
    const auto v = vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    // IG order 5 (6 = its reverse complement), 7, 8, 9 (palindromes), 10 (11 = rc), 12 (13), 14
    // (15).
    CHECK(rank_tokens(v) == std::vector<std::int32_t>{5, 7, 8, 9, 10, 12, 14});
    CHECK(rank_tokens(v, 5) == std::vector<std::int32_t>{5, 7, 8});
    // Without info gain (a foreign vocabulary) the score orders: AC −2.4 before ACG −2.9 ...
    auto flat = v;
    for (std::size_t i = 0; i < flat.size(); ++i)
        flat.edit_token(i, [](auto& t) { t.info_gain = 0.0; });
    CHECK(rank_tokens(flat).front() == 14);
}

TEST_CASE("alignment: the top tokens that match a motif, and which", "[evaluate]") {
    const auto v = vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    const auto db = exports::load_meme(MOTIFTOK_TEST_DATA "/export_motifs_small.meme");
    io::Dataset data = fixture_data();
    EvaluateOptions o;
    o.attention = false;
    o.top = 3;
    const auto rows = by_key(
        evaluate_vocabularies(data, {motiftok_candidate("v", v)}, {Baseline::Bases}, &db, o), "v");
    // Top 3 of >= 5 bases: TGTAAATA (PUMlike's consensus), CACGTG (EBOXlike's core), GAATTC.
    CHECK(rows.at("alignment/top_tokens") == 3);
    CHECK(rows.at("alignment/matched_share") == Approx(2.0 / 3));
    CHECK(rows.at("alignment/motif:PUMlike") == 1);
    CHECK(rows.at("alignment/motif:EBOXlike") == 1);
}

TEST_CASE("masking removes a token's occurrences before the forward pass", "[evaluate]") {
    const auto v = vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    model::ClassifierOptions co;
    co.dim = 4;
    co.heads = 1;
    co.hidden = 4;
    co.conv_width = 0;
    const model::Classifier clf(v, {"a", "b"}, co);  // untrained: fixed random weights
    const std::vector<std::string> seqs = {"TGTAAATACC", "CACGTGAATT", "GGTGTAAATA",
                                           "ACGTACGTAC", "TATATATACG", "TGTAAATAGG"};
    const std::vector<std::int32_t> labels = {1, 0, 1, 0, 0, 1};
    std::vector<model::Example> fwd;
    for (const auto& s : seqs) fwd.push_back(clf.featurize(s));
    std::vector<std::uint8_t> mask(v.size(), 0);
    mask[5] = mask[6] = 1;  // TGTAAATA and its reverse complement
    // Reference: drop the occurrences by hand, forward each example, AUROC of class 1.
    std::vector<double> plain, masked;
    std::vector<std::uint8_t> positive;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        plain.push_back(clf.forward(fwd[i])[1]);
        model::Example e = fwd[i];
        e.occurrences.clear();
        for (const auto& occ : fwd[i].occurrences) {
            if (occ.token != 5 && occ.token != 6) e.occurrences.push_back(occ);
        }
        masked.push_back(clf.forward(e)[1]);
        positive.push_back(labels[i] == 1);
    }
    CHECK(masked_auroc(clf, fwd, {}, labels, {}, 1) == Approx(model::auroc(plain, positive)));
    CHECK(masked_auroc(clf, fwd, {}, labels, mask, 2) == Approx(model::auroc(masked, positive)));
    CHECK(masked != plain);  // the token occurs, so masking it changes predictions
    // Masking a token that occurs nowhere (GGAA) changes nothing.
    std::vector<std::uint8_t> absent(v.size(), 0);
    absent[10] = absent[11] = 1;
    CHECK(masked_auroc(clf, fwd, {}, labels, absent, 1) ==
          masked_auroc(clf, fwd, {}, labels, {}, 1));
}

TEST_CASE("an exported tokenizer.json gives the vocab.json's compression and LR figures",
          "[evaluate]") {
    const auto v = vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    const io::Dataset data = fixture_data();
    EvaluateOptions o;
    o.attention = false;
    const std::vector<Candidate> cands = {
        motiftok_candidate("own", v),
        foreign_candidate(
            "hf", tokenize::ForeignTokenizer::from_json(exports::hf_tokenizer_json(v), "hf"))};
    const auto rows = evaluate_vocabularies(data, cands, {}, nullptr, o);
    const auto own = by_key(rows, "own"), hf = by_key(rows, "hf");
    for (const char* key :
         {"compression/bp_per_token", "compression/tokens_per_sequence", "compression/vocab_size",
          "expressiveness/lr_auroc", "expressiveness/lr_auprc", "expressiveness/lr_mcc",
          "expressiveness/lr_lambda"}) {
        INFO(key);
        CHECK(own.at(key) == hf.at(key));
    }
    CHECK(own.at("expressiveness/lr_auroc") > 0.5);
}

namespace {

// Small evaluate options for the fixture; the throughput rows (a time) set to 0.
std::vector<Row> small_evaluate_rows(int threads) {
    const auto v = vocab::Vocabulary::load(MOTIFTOK_TEST_DATA "/vocab_small.json");
    EvaluateOptions o;
    o.folds = 3;
    o.classifier.dim = 8;
    o.classifier.epochs = 2;
    o.classifier.conv_width = 3;
    o.classifier.pos_auto = false;  // one network per fold (the default tries 8 and 32 bins)
    o.mask_draws = 2;
    o.unigram.vocab_size = 40;
    o.unigram.k_max = 6;
    o.unigram.max_iter = 3;
    o.threads = threads;
    auto rows = evaluate_vocabularies(fixture_data(), {motiftok_candidate("v", v)},
                                      {Baseline::Unigram, Baseline::Kmer6}, nullptr, o);
    for (auto& r : rows) {
        if (r.metric.rfind("throughput", 0) == 0) r.value = 0.0;
    }
    return rows;
}

}  // namespace

TEST_CASE("rows are identical with 1 and 2 threads", "[evaluate]") {
    if (!test::threads_available()) return;
    const auto one = small_evaluate_rows(1), two = small_evaluate_rows(2);
    REQUIRE(one.size() == two.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
        INFO(one[i].vocabulary << " " << one[i].metric);
        CHECK(one[i].metric == two[i].metric);
        CHECK((one[i].value == two[i].value ||
               (std::isnan(one[i].value) && std::isnan(two[i].value))));
    }
}

TEST_CASE("evaluate rows: per fold they average, both baselines, TSV header", "[evaluate]") {
    const auto one = small_evaluate_rows(1);
    const auto k = by_key(one, "kmer6");
    CHECK(k.count("expressiveness/attention_auroc_sd") == 1);
    CHECK(k.at("compression/vocab_size") == 4101);
    CHECK(by_key(one, "unigram").at("compression/vocab_size") <=
          16);  // at most the first vocab's size
    CHECK(rows_tsv(one).rfind("vocabulary\taxis\tmetric\tvalue\n", 0) == 0);
}

TEST_CASE("the training part is exactly the records outside the test part", "[evaluate]") {
    const io::Dataset data = fixture_data();
    EvaluateOptions o;
    o.seed = 5;
    const io::Dataset train = training_part(data, o);
    const auto fold = assign_folds(data.labels, data.classes.size(), 0, o.test_frac, o.seed);
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < fold.size(); ++i) {
        if (fold[i] != 0)
            expected.push_back(data.records[i].id + "/" +
                               data.classes[static_cast<std::size_t>(data.labels[i])]);
    }
    std::vector<std::string> got;
    for (std::size_t i = 0; i < train.records.size(); ++i) {
        got.push_back(train.records[i].id + "/" +
                      train.classes[static_cast<std::size_t>(train.labels[i])]);
    }
    CHECK(got == expected);
    CHECK(got.size() == 128);
    o.folds = 3;
    CHECK_THROWS_AS(training_part(data, o), motiftok::ConfigError);
}
