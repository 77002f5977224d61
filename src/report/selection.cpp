// What the report picks from its inputs: the best known motif of the top tokens, the explained
// sequences to draw, and a per-base track from an explanation.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "motiftok/report/report.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::report {

std::map<std::int64_t, MotifMatch> best_matches(const VocabSummary& vocab,
                                                const exports::MotifDb& db,
                                                const ReportOptions& options) {
    // annotate() ranks tokens of a Vocabulary; only the top ones are kept, the rest get IG 0
    // and are skipped by `top`. Family seeds are added so each family can show its match.
    std::vector<std::int64_t> wanted;  // the tokens the logos show: outside families, then seeds
    for (const auto id : top_tokens(vocab, vocab.tokens.size(), options.min_length)) {
        if (wanted.size() == options.top) break;
        if (!vocab.tokens[static_cast<std::size_t>(id)].in_family) wanted.push_back(id);
    }
    for (const auto& f : vocab.families) wanted.push_back(f.seed);
    vocab::Vocabulary v;
    v.strand = vocab.strand;
    for (const auto& t : vocab.tokens) {
        vocab::Token token;
        token.token = t.token;
        token.score = t.score;
        v.add_token(token);
    }
    for (const auto id : wanted) {
        const double gain = 1.0 + vocab.tokens[static_cast<std::size_t>(id)].info_gain;
        v.edit_token(static_cast<std::size_t>(id), [gain](vocab::Token& t) { t.info_gain = gain; });
    }
    v.validate();
    exports::AnnotateOptions ao;
    ao.min_length = 1;
    ao.top = wanted.size();
    ao.threads = options.threads;
    std::map<std::int64_t, MotifMatch> out;
    for (const auto& a : exports::annotate(v, db, ao)) {
        if (a.matches.empty()) continue;
        const auto& m = a.matches.front();
        const auto& motif = db.motifs[m.motif];
        out[static_cast<std::int64_t>(a.token_id)] = {motif.id, motif.name, m.strand, m.offset,
                                                      m.p_adjusted};
    }
    return out;
}

std::vector<std::size_t> pick_tracks(const std::vector<Explained>& explained, std::size_t count) {
    std::vector<std::string> classes;
    for (const auto& e : explained) {
        if (std::find(classes.begin(), classes.end(), e.predicted) == classes.end())
            classes.push_back(e.predicted);
    }
    std::vector<std::size_t> order(explained.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return explained[a].p_predicted > explained[b].p_predicted;
    });
    std::vector<std::size_t> picked;
    std::vector<std::uint8_t> used(explained.size(), 0);
    while (picked.size() < std::min(count, explained.size())) {
        for (const auto& c : classes) {
            const auto it = std::find_if(order.begin(), order.end(), [&](std::size_t i) {
                return !used[i] && explained[i].predicted == c;
            });
            if (it == order.end() || picked.size() >= count) continue;
            used[*it] = 1;
            picked.push_back(*it);
        }
    }
    return picked;
}

Track explanation_track(const Explained& e) {
    std::size_t length = 0;
    for (const auto& t : e.tokens) length = std::max(length, t.end);
    Track track;
    track.title = e.id + ": predicted " + e.predicted + " (p " +
                  std::to_string(e.p_predicted).substr(0, 5) + ")";
    track.sequence.assign(length, 'N');
    track.attention.assign(length, 0.0);
    track.delta.assign(length, 0.0);
    for (const auto& t : e.tokens) {
        if (t.end <= t.start) continue;  // an empty token covers no base
        const double share = 1.0 / static_cast<double>(t.end - t.start);
        for (std::size_t i = t.start; i < t.end; ++i) {
            track.sequence[i] = t.token[i - t.start];
            track.attention[i] += t.attention * share;
            if (std::isfinite(t.delta)) track.delta[i] += t.delta * share;
        }
    }
    std::vector<std::size_t> order(e.tokens.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto delta = [&](std::size_t i) {
        return std::isfinite(e.tokens[i].delta) ? e.tokens[i].delta : -1e300;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return delta(a) > delta(b); });
    for (std::size_t k = 0; k < std::min<std::size_t>(3, order.size()); ++k) {
        const auto& t = e.tokens[order[k]];
        if (!(t.delta > 0.0)) break;
        track.highlights.push_back({t.start, t.end, t.token});
    }
    return track;
}

}  // namespace motiftok::report
