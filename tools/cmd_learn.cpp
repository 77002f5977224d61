// motiftok learn: the EM vocabulary learner (module learn) from labeled or unlabeled sequences.

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/learn/learner.hpp"

namespace motiftok::cli {

namespace {

struct LearnCommand {
    CommonOptions common;
    InputOptions input;
    learn::LearnOptions learn;
};

std::string format_iteration(const learn::IterationReport& r) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "iter %d: vocab %zu, loglik/bp %.5f, mean IG %.5f bits, tokens/bp %.4f, "
                  "boundaries moved %.4f, %.2f s%s",
                  r.iteration, r.vocab_size, r.log_likelihood_per_bp, r.mean_info_gain,
                  r.tokens_per_bp, r.boundaries_moved, r.seconds,
                  r.pruned ? (", pruned " + std::to_string(r.pruned)).c_str() : "");
    return line;
}

void run_learn(LearnCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input), {cmd.common.output});
    cmd.learn.threads = cmd.common.threads;
    cmd.learn.seed = cmd.common.seed;
    cmd.learn.validate();  // before any I/O
    set_threads(cmd.common.threads);
    const io::Dataset data = load_inputs(cmd.input, cmd.common.quiet);
    const bool quiet = cmd.common.quiet;
    learn::LearnSummary summary;
    const vocab::Vocabulary v = learn::learn_vocabulary(
        data, cmd.learn,
        [quiet](const learn::IterationReport& r) { info(quiet, format_iteration(r)); }, &summary);
    if (summary.info_gain_undefined) {
        info(quiet,
             "fewer than two non-empty classes: information gain is undefined, so this is a "
             "plain unigram vocabulary (--ig-weight has no effect)");
    }
    if (!summary.converged) {
        info(quiet, "stopped at --max-iter " + std::to_string(cmd.learn.max_iter) +
                        " before the boundaries settled below --tol");
    }
    v.save(cmd.common.output);
    info(quiet, "wrote " + std::to_string(v.size()) + " tokens (" +
                    std::to_string(summary.seed_candidates) + " seed candidates, " +
                    std::to_string(summary.iterations) + " iterations) to " + cmd.common.output);
    if (cmd.learn.families) {
        info(quiet, std::to_string(summary.family_tokens) + " tokens in " +
                        std::to_string(summary.families) + " motif families");
    }
}

}  // namespace

void add_learn_options(CLI::App& sub_app, learn::LearnOptions& o) {
    CLI::App* sub = &sub_app;
    sub->add_option("--vocab-size", o.vocab_size,
                    "Vocabulary entries (strings), the 5 bases included")
        ->capture_default_str();
    sub->add_option("--k-min", o.k_min, "Shortest multi-base token")->capture_default_str();
    sub->add_option("--k-max", o.k_max, "Longest token")->capture_default_str();
    sub->add_option(
           "--ig-weight", o.ig_weight,
           "β: path bonus in nats per base for the most informative token (0 = plain unigram)")
        ->capture_default_str();
    sub->add_option("--seed-size", o.seed_size, "Seed candidates (strings) before EM")
        ->capture_default_str();
    sub->add_option("--shrink", o.shrink, "Share of the vocabulary pruned per round")
        ->capture_default_str();
    sub->add_option("--min-seqs", o.min_seqs,
                    "Seed k-mers must occur in at least this many sequences")
        ->capture_default_str();
    add_enum_option(*sub, "--strand", o.strand, kmer::parse_strand, kmer::strand_name(o.strand),
                    "both (reverse-complement closed) or forward");
    sub->add_option("--tol", o.tol, "Stop when fewer than this share of token boundaries moved")
        ->capture_default_str();
    sub->add_option("--max-iter", o.max_iter, "Most EM iterations")->capture_default_str();
    sub->add_flag("!--no-families", o.families,
                  "Do not group tokens into motif families (reverse complements, shifts, one "
                  "mismatch; docs/algorithm.md)");
    sub->add_option("--family-min-length", o.family.min_length,
                    "Shortest token that joins or founds a family")
        ->capture_default_str();
    sub->add_option("--family-max-p", o.family.max_p_value,
                    "Labeled data: tokens with a G-test p-value above this stay out of families")
        ->capture_default_str();
    sub->add_option("--family-flank", o.family.flank, "Bases added on each side of a family's PWM")
        ->capture_default_str();
}

void setup_learn(CLI::App& app) {
    auto cmd = std::make_shared<LearnCommand>();
    CLI::App* sub = app.add_subcommand(
        "learn",
        "Learn a vocabulary by EM over best-path tokenizations, biased toward tokens that "
        "carry label information; writes vocab.json");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, true);
    add_learn_options(*sub, cmd->learn);
    sub->callback([cmd] { run_learn(*cmd); });
}

}  // namespace motiftok::cli
