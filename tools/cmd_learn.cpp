// motiftok learn: the EM vocabulary learner (module learn) from labeled or unlabeled sequences.

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "learn_options.hpp"
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
