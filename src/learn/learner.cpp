// The EM loop (docs/algorithm.md), written to read like SentencePiece's Trainer::Train:
// seed; while { E-step; M-step; log; if converged break; prune }; finalize.

#include "motiftok/learn/learner.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <chrono>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "em_state.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/score/info_gain.hpp"
#include "motiftok/version.hpp"
#include "motiftok/vocab/score_decimal.hpp"

namespace motiftok::learn {

namespace {

using detail::Piece;

constexpr double kRedundancyAlpha = 0.01;  // only significant pieces can be declared redundant

struct Corpus {
    std::vector<std::uint64_t> class_sizes;  // empty when unlabeled
    std::uint64_t n_seqs = 0;
    std::uint64_t bases = 0;
    bool informative = false;  // two or more non-empty classes: IG is defined
};

Corpus describe(const io::Dataset& data) {
    Corpus c;
    if (data.labeled()) c.class_sizes = data.class_sizes();
    c.n_seqs = data.records.size();
    for (const io::Record& r : data.records) c.bases += r.seq.size();
    const auto non_empty = std::count_if(c.class_sizes.begin(), c.class_sizes.end(),
                                         [](std::uint64_t n) { return n > 0; });
    c.informative = non_empty >= 2;
    if (c.n_seqs == 0 || c.bases == 0) {
        throw DataError("learn: the input holds no sequence; give at least one non-empty record");
    }
    return c;
}

/// The smallest IG whose G-test p-value is below kRedundancyAlpha.
double significant_gain(const Corpus& c) {
    if (!c.informative) return 0;
    const boost::math::chi_squared chi2(static_cast<double>(c.class_sizes.size() - 1));
    const double g = boost::math::quantile(boost::math::complement(chi2, kRedundancyAlpha));
    return g / (2.0 * static_cast<double>(c.n_seqs) * std::log(2.0));
}

/// Initial model from the seed counts: p ∝ occurrences, IG from raw k-mer presence.
void init_model(std::vector<Piece>& pieces, const Corpus& c) {
    double total = 0;
    for (const Piece& p : pieces) total += static_cast<double>(p.count);
    double max_gain = 0;
    for (Piece& p : pieces) {
        p.log_p = std::log(std::max(static_cast<double>(p.count), 0.5) / total);
        p.info_gain = 0;
        if (c.informative && p.docs.size() == c.class_sizes.size()) {
            p.info_gain = score::information_gain(p.docs, c.class_sizes);
        }
        max_gain = std::max(max_gain, p.info_gain);
    }
    for (Piece& p : pieces) p.gain_norm = max_gain > 0 ? p.info_gain / max_gain : 0.0;
}

double mean_gain(const std::vector<Piece>& pieces) {
    double sum = 0;
    std::size_t n = 0;
    for (const Piece& p : pieces) {
        if (!p.required) sum += p.info_gain, ++n;
    }
    return n ? sum / static_cast<double>(n) : 0.0;
}

/// The vocabulary: bases at 0..4, then by decreasing info_gain, ties by string.
vocab::Vocabulary finalize(const std::vector<Piece>& pieces, const detail::TokenTable& table,
                           const detail::EStepResult& last, const io::Dataset& data,
                           const Corpus& c, const LearnOptions& options, double beta) {
    std::unordered_map<std::string, std::uint64_t> uses;
    for (std::size_t s = 0; s < table.strings.size(); ++s)
        uses[table.strings[s]] = last.string_count[s];
    std::vector<std::pair<std::string, const Piece*>> strings;
    for (const Piece& p : pieces) {
        strings.emplace_back(p.str, &p);
        if (p.two_strings) strings.emplace_back(kmer::revcomp(p.str), &p);
    }
    auto rank = [](const std::pair<std::string, const Piece*>& e) {
        const std::size_t base = std::string("ACGTN").find(e.first);
        const bool is_base = e.first.size() == 1 && base != std::string::npos;
        return std::make_tuple(is_base ? 0 : 1,
                               is_base ? static_cast<double>(base) : -e.second->info_gain, e.first);
    };
    std::sort(strings.begin(), strings.end(),
              [&](const auto& a, const auto& b) { return rank(a) < rank(b); });

    vocab::Vocabulary v;
    v.strand = options.strand;
    if (data.labeled()) v.classes = data.classes;
    v.options_json = options.to_json();
    v.motiftok_version = kVersion;
    for (const auto& [str, p] : strings) {
        vocab::Token t;
        t.token = str;
        t.log_prob = detail::string_log_prob(*p);
        t.info_gain = p->info_gain;
        t.score = vocab::round_score(detail::string_score(*p, beta));  // what tokenizers use
        t.p_value = c.informative
                        ? score::g_test_p_value(p->info_gain, c.n_seqs, c.class_sizes.size())
                        : 1.0;
        const auto it = uses.find(str);
        t.count = it == uses.end() ? 0 : it->second;
        t.seqs_per_class = p->docs;
        v.add_token(std::move(t));
    }
    v.validate();
    return v;
}

}  // namespace

vocab::Vocabulary learn_vocabulary(const io::Dataset& data, const LearnOptions& options,
                                   const ProgressCallback& progress, LearnSummary* summary,
                                   const LearnGuide& guide) {
    options.validate();
    const Corpus corpus = describe(data);
    LearnSummary notes;
    notes.info_gain_undefined = !corpus.informative;
    const double beta = corpus.informative ? options.ig_weight : 0.0;
    const double min_gain = significant_gain(corpus);

    std::vector<Piece> pieces = guide.fixed
                                    ? detail::base_seed(data, options)
                                    : detail::collect_seed(data, options, &notes.seed_candidates);
    if (!data.labeled()) {
        for (Piece& p : pieces) p.docs.clear();
    }
    if (!guide.empty()) detail::edit_seed(pieces, guide, options, corpus.class_sizes.size());
    if (guide.fixed) detail::count_seed(data, pieces, options);
    init_model(pieces, corpus);
    detail::apply_prior(pieces, guide);
    detail::BoundaryMemory memory = detail::make_boundary_memory(data);
    detail::TokenTable table;
    detail::EStepResult e;
    for (int iter = 1;; ++iter) {
        const auto start = std::chrono::steady_clock::now();
        table = detail::make_token_table(pieces, beta);
        e = detail::run_e_step(data, table, pieces.size(), corpus.class_sizes.size(), memory,
                               options.threads);
        const double log_likelihood = detail::run_m_step(pieces, table, e, corpus.class_sizes);
        detail::apply_prior(pieces, guide);

        IterationReport r;
        r.iteration = iter;
        r.vocab_size = table.strings.size();
        r.log_likelihood_per_bp = log_likelihood / static_cast<double>(e.bases);
        r.mean_info_gain = mean_gain(pieces);
        r.tokens_per_bp = static_cast<double>(e.tokens) / static_cast<double>(e.bases);
        r.boundaries_moved =
            e.boundaries ? static_cast<double>(e.moved) / static_cast<double>(e.boundaries) : 0.0;
        if (iter == 1) r.boundaries_moved = 1.0;
        notes.iterations = iter;

        const bool at_size = detail::entry_count(pieces) <= options.vocab_size;
        notes.converged = at_size && r.boundaries_moved < options.tol;
        if (at_size && (notes.converged || iter >= options.max_iter)) {
            r.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (progress) progress(r);
            break;
        }
        if (!at_size) {
            // Out of iterations: prune straight to the target, then one last E/M step.
            LearnOptions round = options;
            if (iter >= options.max_iter) round.shrink = 1.0;
            r.pruned = detail::prune(pieces, round, corpus.informative && beta > 0, min_gain,
                                     options.vocab_size);
            if (r.pruned == 0) {
                throw DataError(
                    "learn: pruning removed nothing above `vocab_size`; please report this");
            }
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (progress) progress(r);
    }
    vocab::Vocabulary v = finalize(pieces, table, e, data, corpus, options, beta);
    if (!guide.empty()) {
        // The guided token score is also the attention's motif score.
        std::unordered_map<std::string, double> norm;
        for (const Piece& p : pieces) {
            norm[p.str] = p.gain_norm;
            if (p.two_strings) norm[kmer::revcomp(p.str)] = p.gain_norm;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            v.edit_token(i, [&norm](vocab::Token& t) {
                t.motif_score = std::min(1.0, std::max(0.0, norm[t.token]));
            });
        }
    }
    if (options.families) {
        vocab::FamilyOptions family = options.family;
        family.threads = options.threads;
        vocab::assign_families(v, vocab::build_families(v, data, family));
        notes.families = v.families.size();
        for (const auto& f : v.families) notes.family_tokens += f.members.size();
    }
    if (summary != nullptr) *summary = notes;
    return v;
}

}  // namespace motiftok::learn
