// Motif families: the alignment rule, a planted motif split into variants (reverse complement,
// shifts, one mismatch) comes out as one family whose PWM consensus is the motif, unrelated
// tokens stay out, the PWM is the hand count, thread count does not matter, and vocab.json
// round-trips the families (version 1 files still load).

#include "motiftok/vocab/families.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"
#include "motiftok/vocab/vocabulary.hpp"
#include "test_support.hpp"

using motiftok::kmer::revcomp;
using motiftok::vocab::FamilyMember;
using motiftok::vocab::FamilyOptions;
using motiftok::vocab::Vocabulary;

namespace {

const std::string kMotif = "GATTACAGCC";     // planted as "TC" + motif + "GA"
const std::string kMismatch = "GATTTCAGCC";  // one mismatch (position 4)

/// A strand-both vocabulary: the bases, then each token and its reverse complement with
/// decreasing info_gain in the order given.
Vocabulary make_vocab(const std::vector<std::string>& tokens) {
    Vocabulary v;
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        motiftok::vocab::Token t;
        t.token = b;
        v.add_token(t);
    }
    double gain = 1.0;
    for (const std::string& s : tokens) {
        for (const std::string& str : {s, revcomp(s)}) {
            if (v.id(str) >= 0) continue;
            motiftok::vocab::Token t;
            t.token = str;
            t.info_gain = gain;
            t.count = 10;
            v.add_token(t);
        }
        gain -= 0.01;
        v.validate();
    }
    return v;
}

std::string random_bases(motiftok::Rng& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "ACGT"[rng.next() >> 62];
    return s;
}

/// 60 records of 50 random bases with the motif planted at base 20: every fourth site carries
/// the one-mismatch variant, every third is planted reverse-complemented.
motiftok::io::Dataset planted_data() {
    motiftok::Rng rng(11);
    motiftok::io::Dataset data;
    for (int i = 0; i < 60; ++i) {
        std::string site = "TC" + (i % 4 == 3 ? kMismatch : kMotif) + "GA";
        if (i % 3 == 2) site = revcomp(site);
        std::string seq = random_bases(rng, 50);
        seq.replace(20, site.size(), site);
        data.records.push_back({"r" + std::to_string(i), seq});
    }
    return data;
}

}  // namespace

TEST_CASE("families: align_to_seed takes reverse complements, small shifts, one mismatch",
          "[families]") {
    const FamilyOptions o;
    const FamilyMember rc = motiftok::vocab::align_to_seed(kMotif, revcomp(kMotif), o, true);
    CHECK(rc.strand == '-');
    CHECK(rc.offset == 0);
    const FamilyMember right = motiftok::vocab::align_to_seed(kMotif, "TTACAGCCGA", o, true);
    CHECK(right.strand == '+');
    CHECK(right.offset == 2);
    const FamilyMember left = motiftok::vocab::align_to_seed(kMotif, "CGATTACAG", o, true);
    CHECK(left.strand == '+');
    CHECK(left.offset == -1);
    const FamilyMember mm = motiftok::vocab::align_to_seed(kMotif, kMismatch, o, true);
    CHECK(mm.strand == '+');
    CHECK(mm.offset == 0);
    // Contained exactly at an offset beyond the shift limit: joins; with a mismatch: does not.
    CHECK(motiftok::vocab::align_to_seed("AAAGATTACAGCCAAA", "GATTACAG", o, true).offset == 3);
    CHECK(motiftok::vocab::align_to_seed("AAAGATTACAGCCAAA", "GATTTCAG", o, true).strand == 0);
    // A shift of 3 without containment, two mismatches, a mismatch over a short overlap, and
    // the reverse complement when only the forward strand counts: all rejected.
    CHECK(motiftok::vocab::align_to_seed(kMotif, "TACAGCCGAT", o, true).strand == 0);
    CHECK(motiftok::vocab::align_to_seed(kMotif, "GATTTCAGCG", o, true).strand == 0);
    CHECK(motiftok::vocab::align_to_seed("GATTAC", "GATTTC", o, true).strand == 0);
    CHECK(motiftok::vocab::align_to_seed(kMotif, revcomp(kMotif), o, false).strand == 0);
}

TEST_CASE("families: a planted motif split into variants is one family", "[families]") {
    // Seed, reverse complement (implicit), shifted by +2 and −1, one mismatch; three unrelated
    // tokens (one of them a 1-mismatch neighbour of nothing here).
    const Vocabulary v0 = make_vocab(
        {kMotif, "TTACAGCCGA", "CGATTACAG", kMismatch, "CCCCGGGAAA", "TGTGTGTGCA", "AACCAGTTGG"});
    const motiftok::io::Dataset data = planted_data();
    const auto families = motiftok::vocab::build_families(v0, data, FamilyOptions{});
    REQUIRE(!families.empty());
    const auto& f = families[0];
    CHECK(f.seed == v0.id(kMotif));
    CHECK(f.members.size() == 8);  // four tokens, each with its reverse complement
    for (const std::string& s :
         {kMotif, std::string("TTACAGCCGA"), std::string("CGATTACAG"), kMismatch}) {
        bool fwd = false, rev = false;
        for (const auto& m : f.members) {
            fwd = fwd || m.token == v0.id(s);
            rev = rev || m.token == v0.id(revcomp(s));
        }
        CHECK(fwd);
        CHECK(rev);
    }
    // Every other family is a single unrelated token and its reverse complement.
    CHECK(families.size() == 4);
    for (std::size_t i = 1; i < families.size(); ++i) CHECK(families[i].members.size() == 2);
    // PWM: 60 sites, consensus over the seed span is the planted motif, the flanks TC/GA show.
    CHECK(f.sites == 60);
    CHECK(f.consensus.substr(static_cast<std::size_t>(f.origin), kMotif.size()) == kMotif);
    CHECK(f.consensus.substr(static_cast<std::size_t>(f.origin) - 2, 2) == "TC");
    // Column of motif position 4 (A; the variant has T at every fourth site): 45 A, 15 T.
    const auto& col = f.pwm[static_cast<std::size_t>(f.origin) + 4];
    const double denom = 60 + 4 * 0.25;
    CHECK(col[0] == Approx((45 + 0.25) / denom));
    CHECK(col[3] == Approx((15 + 0.25) / denom));
    CHECK(col[1] == Approx(0.25 / denom));
}

TEST_CASE("families: short or non-significant tokens stay out, chaining does not happen",
          "[families]") {
    FamilyOptions o;
    // "GATTACAGCT" is one mismatch from the seed; "GATTACTGCT" is one from it but two from the
    // seed: it must found its own family, not join through the variant.
    Vocabulary v = make_vocab({kMotif, "GATTACAGCT", "GATTACTGCT", "GATTA"});
    const auto fam = motiftok::vocab::group_families(v, o);
    REQUIRE(fam.size() == 2);
    CHECK(fam[0].members.size() == 4);
    CHECK(fam[1].seed == v.id("GATTACTGCT"));
    CHECK(v.tokens()[static_cast<std::size_t>(v.id("GATTA"))].family == -1);
    // With classes, a token whose p-value is above max_p_value does not qualify.
    v.classes = {"pos", "neg"};
    for (std::size_t i = 0; i < v.size(); ++i) {
        v.edit_token(i, [](auto& t) {
            t.seqs_per_class.assign(2, 0);
            t.p_value = t.token == "GATTACTGCT" || t.token == revcomp("GATTACTGCT") ? 0.5 : 1e-6;
        });
    }
    CHECK(motiftok::vocab::group_families(v, o).size() == 1);
}

TEST_CASE("families: PWMs do not depend on the thread count", "[families]") {
    if (!motiftok::test::threads_available()) return;
    const Vocabulary v0 = make_vocab({kMotif, "TTACAGCCGA", kMismatch, "CCCCGGGAAA"});
    const motiftok::io::Dataset data = planted_data();
    FamilyOptions one, two;
    two.threads = 2;
    Vocabulary a = v0, b = v0;
    motiftok::vocab::assign_families(a, motiftok::vocab::build_families(v0, data, one));
    motiftok::vocab::assign_families(b, motiftok::vocab::build_families(v0, data, two));
    CHECK(a.to_json() == b.to_json());
}

TEST_CASE("families: vocab.json round-trips families, version 1 loads, bad families fail",
          "[families][vocab]") {
    Vocabulary v = make_vocab({kMotif, "TTACAGCCGA", kMismatch, "CCCCGGGAAA"});
    motiftok::vocab::assign_families(
        v, motiftok::vocab::build_families(v, planted_data(), FamilyOptions{}));
    const std::string text = v.to_json();
    CHECK(text.find("\"version\": 2") != std::string::npos);
    const Vocabulary w = Vocabulary::from_json(text, "v.json");
    CHECK(w.to_json() == text);
    REQUIRE(w.families.size() == v.families.size());
    CHECK(w.families[0].pwm == v.families[0].pwm);
    CHECK(w.tokens()[static_cast<std::size_t>(w.id(kMismatch))].family == 0);

    // The test vocabulary of version 1 (no families) still loads.
    const Vocabulary old = Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
    CHECK(old.families.empty());
    for (const auto& t : old.tokens()) CHECK(t.family == -1);

    // A token whose "family" disagrees with the families list is rejected, naming the file.
    std::string bad = text;
    const std::string key = "\"family\":0";
    bad.replace(bad.find(key), key.size(), "\"family\":1");
    CHECK_THROWS_WITH(Vocabulary::from_json(bad, "bad.json"),
                      Catch::StartsWith("bad.json: ") && Catch::Contains("families list"));
}
