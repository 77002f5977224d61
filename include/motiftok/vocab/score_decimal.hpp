#pragma once
// Token scores as short decimals that every JSON reader parses to the same double
// (docs/formats.md, "Scores: exact decimals").
//
// A score s is rounded to q(s) = m / 10^d: d = 12 decimals, or fewer so that |m| < 10^15 (at most
// 15 significant digits), m = llround(s * 10^d). Since |m| < 2^53 and 10^d (d <= 22) are exact
// doubles, the one correctly rounded division m / 10^d is the double nearest to the decimal: what
// strtod, nlohmann-json and serde_json's fast path (HuggingFace tokenizers) all return for the text
// score_decimal() writes. The tokenizer, the learner and the exports use q(s) everywhere, so
// HuggingFace's Viterbi and motiftok's add the same doubles.

#include <string>

namespace motiftok::vocab {

/// Scores must lie strictly within +-kMaxAbsScore (so that q(s) keeps d >= 0).
inline constexpr double kMaxAbsScore = 1e15;
/// Most decimals a rounded score keeps.
inline constexpr int kScoreDecimals = 12;

/// q(s): the score rounded as above. Idempotent: q(q(s)) == q(s). Requires a finite s with
/// |s| < kMaxAbsScore (checked by the callers: Vocabulary::validate, the Tokenizer).
double round_score(double s);

/// The decimal text of q(s), written from the integer m (no exponent, at most 15 significant
/// digits, at least one digit after the point): strtod of it gives exactly round_score(s).
std::string score_decimal(double s);

}  // namespace motiftok::vocab
