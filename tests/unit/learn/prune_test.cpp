// Tests of the pruning rule (internal API of module learn): the SentencePiece-style loss and the
// redundancy rule for overlapping informative pieces.

#include <catch2/catch.hpp>
#include <cmath>

#include "../../../src/learn/em_state.hpp"

namespace {

using motiftok::learn::detail::Piece;

Piece piece(const std::string& s, std::uint64_t count, double info_gain, bool required = false) {
    Piece p;
    p.str = s;
    p.count = count;
    p.info_gain = info_gain;
    p.required = required;
    return p;
}

std::vector<Piece> bases() {
    std::vector<Piece> out;
    for (const char* b : {"A", "C", "G", "T", "N"}) out.push_back(piece(b, 10, 0, true));
    return out;
}

void set_log_p(std::vector<Piece>& pieces) {
    double total = 0;
    for (const auto& p : pieces) total += static_cast<double>(p.count);
    for (auto& p : pieces) p.log_p = std::log(static_cast<double>(p.count) / total);
}

}  // namespace

TEST_CASE("a piece explained by a contained or shifted higher-IG piece is redundant", "[learn]") {
    std::vector<Piece> p = bases();
    p.push_back(piece("TGTAAATA", 50, 0.30));   // the core motif
    p.push_back(piece("TTTGTAAATA", 5, 0.10));  // contains the core: redundant
    p.push_back(piece("GTAAATAAA", 5, 0.12));   // core shifted by 1 (overlap 7): redundant
    p.push_back(piece("CCGGCCGG", 5, 0.50));    // unrelated, higher IG: not redundant
    p.push_back(piece("TGTAAATAC", 5, 0.001));  // contains the core but not significant
    const auto red = motiftok::learn::detail::redundant_pieces(p, false, 0.01);
    CHECK_FALSE(red[5]);
    CHECK(red[6]);
    CHECK(red[7]);
    CHECK_FALSE(red[8]);
    CHECK_FALSE(red[9]);
    // With strand both the reverse complement of the core (TATTTACA) explains TATTTACAAA.
    std::vector<Piece> q = bases();
    q.push_back(piece("TGTAAATA", 50, 0.30));
    q.back().two_strings = true;
    q.push_back(piece("TATTTACAAA", 5, 0.10));
    q.back().two_strings = true;
    const auto red2 = motiftok::learn::detail::redundant_pieces(q, true, 0.01);
    CHECK_FALSE(red2[5]);
    CHECK(red2[6]);
}

TEST_CASE("pruning removes the piece whose uses lose least, redundant ones first", "[learn]") {
    motiftok::learn::LearnOptions o;
    o.strand = motiftok::kmer::Strand::kForward;
    o.shrink = 0.1;  // one entry of 8
    o.ig_weight = 0;
    std::vector<Piece> p = bases();
    p.push_back(piece("ACGT", 40, 0.0));
    p.push_back(piece("ACG", 2, 0.0));
    p.push_back(piece("GGG", 30, 0.0));
    set_log_p(p);
    // Loss = count * (s(t) - best alternative): ACG (2 uses) is by far the cheapest to lose.
    const std::size_t removed = motiftok::learn::detail::prune(p, o, false, 0, 7);
    CHECK(removed == 1);
    REQUIRE(p.size() == 7);
    CHECK(p[5].str == "ACGT");
    CHECK(p[6].str == "GGG");
    // The same, but GGG is redundant with a higher-IG "GG": it goes first although it is used more.
    std::vector<Piece> q = bases();
    q.push_back(piece("GG", 40, 0.4));
    q.push_back(piece("ACG", 2, 0.0));
    q.push_back(piece("GGG", 30, 0.2));
    set_log_p(q);
    o.ig_weight = 1;
    motiftok::learn::detail::prune(q, o, true, 0.01, 7);
    REQUIRE(q.size() == 7);
    CHECK(q[5].str == "GG");
    CHECK(q[6].str == "ACG");
}
