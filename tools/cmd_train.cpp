// motiftok train: the attention classifier over the token lattice (module model); writes model.bin.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "classifier_options.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "labels.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/model/classifier.hpp"

namespace motiftok::cli {

namespace {

struct TrainCommand {
    CommonOptions common;
    InputOptions input;
    std::string vocab;
    model::ClassifierOptions model;
    std::vector<std::string> problems;  // found while parsing (--lattice)
};

// What --gkm auto chose for one member, in one line.
std::string format_choice(const model::GkmChoice& c, int members) {
    std::string line = "--gkm auto";
    if (members > 1)
        line += " (model " + std::to_string(c.member) + "/" + std::to_string(members) + ")";
    char buf[160];
    if (c.stacked) {
        std::snprintf(buf, sizeof buf,
                      ": the network learned on top of the term, validation loss %.4f together",
                      c.valid_losses.empty() ? std::nan("") : c.valid_losses.front());
        line += buf;
    } else {
        line += ": validation loss";
    }
    for (std::size_t i = 0; i < c.scales.size() && !c.stacked; ++i) {
        std::snprintf(buf, sizeof buf, "%s %.4f %s", i ? "," : "", c.valid_losses[i],
                      c.scales[i] == 0.0 ? "without the term" : "");
        line += buf;
        if (c.scales[i] != 0.0) {
            std::snprintf(buf, sizeof buf, "with %g x the term", c.scales[i]);
            line += buf;
        }
    }
    std::snprintf(buf, sizeof buf,
                  " (term alone: l = %d, k = %d, %d epochs on %llu sequences, %llu to validate)",
                  c.length, c.informative, c.epochs,
                  static_cast<unsigned long long>(c.train_sequences),
                  static_cast<unsigned long long>(c.valid_sequences));
    line += buf;
    if (c.stacked) {
        line += ": kept with weight 1";
    } else if (c.scale == 0.0) {
        line += ": left out";
    } else {
        std::snprintf(buf, sizeof buf, ": kept with weight %g", c.scale);
        line += buf;
    }
    if (c.stack_losses.size() == 2) {
        std::snprintf(buf, sizeof buf,
                      "; --gkm-stack auto: validation loss %.4f with the network alone, %.4f "
                      "with the network on the term: kept ",
                      c.stack_losses[0], c.stack_losses[1]);
        line += buf;
        line += c.stacked ? "on the term" : "alone";
    }
    return line;
}

// What --conv-width / --pos-bins auto chose, in one line (`o`: which of them were auto): each
// candidate's validation loss when the race decided, and how far the kept one trained.
std::string format_network_choice(const model::NetworkChoice& c,
                                  const model::ClassifierOptions& o) {
    const std::string flags = std::string(o.conv_auto ? "--conv-width auto" : "") +
                              (o.conv_auto && o.pos_auto ? " " : "") +
                              (o.pos_auto ? "--pos-bins auto" : "");
    std::string line = flags + ": validation loss";
    auto network = [&o](int width, int bins) {
        std::string s;
        if (o.conv_auto)
            s = width == 0 ? "the tokens alone (width 0)"
                           : "convolution width " + std::to_string(width);
        if (o.conv_auto && o.pos_auto) s += ", ";
        if (o.pos_auto) s += std::to_string(bins) + " position bins";
        return s;
    };
    auto epochs = [&c](double e) {  // whole, or the steps' fraction of one
        char text[64];
        if (e == std::floor(e))
            std::snprintf(text, sizeof text, "%.0f epochs", e);
        else
            std::snprintf(text, sizeof text, "%.2f epochs (%llu steps)", e,
                          static_cast<unsigned long long>(c.probe_steps));
        return std::string(text);
    };
    int kept_epochs = 0;
    char buf[40];
    for (std::size_t i = 0; i < c.widths.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s %.4f with ", i ? ";" : "", c.valid_losses[i]);
        line += buf + network(c.widths[i], c.bins[i]) + " after " + epochs(c.judged_epochs[i]);
        if (c.widths[i] == c.width && c.bins[i] == c.pos_bins) kept_epochs = c.epochs[i];
    }
    std::string kept;
    if (o.conv_auto) kept = "width " + std::to_string(c.width);
    if (o.conv_auto && o.pos_auto) kept += ", ";
    if (o.pos_auto) kept += std::to_string(c.pos_bins) + " position bins";
    return line + ": kept " + kept + ", trained to epoch " + std::to_string(kept_epochs);
}

void run_train(TrainCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.vocab}), {cmd.common.output});
    cmd.model.seed = cmd.common.seed;
    cmd.model.threads = cmd.common.threads;
    auto problems = cmd.model.problems();  // before any I/O, all at once
    problems.insert(problems.end(), cmd.problems.begin(), cmd.problems.end());
    throw_if_problems(problems);
    const bool quiet = cmd.common.quiet;
    const vocab::Vocabulary vocabulary = vocab::Vocabulary::load(cmd.vocab);
    const io::Dataset data = load_inputs(cmd.input, quiet);
    require_labels(data, "training");
    if (vocabulary.strand == kmer::Strand::kBoth && !cmd.model.both_strands) {
        info(quiet, "the vocabulary is strand 'both'; --both-strands usually helps on DNA");
    }
    const auto classifier = model::train_classifier(
        vocabulary, data, cmd.model,
        [quiet](const model::EpochReport& r) { info(quiet, format_epoch(r)); });
    for (const auto& c : classifier.network_choice())
        info(quiet, format_network_choice(c, classifier.options()));
    for (const auto& c : classifier.gkm_choices())
        info(quiet, format_choice(c, static_cast<int>(classifier.members())));
    classifier.save(cmd.common.output);
    info(quiet, "wrote a " + std::to_string(classifier.classes().size()) + "-class model (" +
                    std::to_string(classifier.parameters().size()) + " weights" +
                    (classifier.members() > 1
                         ? ", " + std::to_string(classifier.members()) + " ensemble members"
                         : std::string()) +
                    ") to " + cmd.common.output);
}

}  // namespace

void setup_train(CLI::App& app) {
    auto cmd = std::make_shared<TrainCommand>();
    CLI::App* sub = app.add_subcommand(
        "train",
        "Train the attention classifier over a vocabulary's token lattice on labeled sequences; "
        "writes model.bin");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, true);
    sub->add_option("--vocab", cmd->vocab, "vocab.json from 'motiftok learn'")->required();
    add_classifier_options(*sub, cmd->model, cmd->problems);
    sub->callback([cmd] { run_train(*cmd); });
}

}  // namespace motiftok::cli
