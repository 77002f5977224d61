// motiftok count: count every k-mer per class into a binary count file (docs/counting.md).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "kmer_options.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::cli {

namespace {

struct CountCommand {
    CommonOptions common;
    InputOptions input;
    kmer::KmerOptions kmer;
    std::vector<std::string> classes;  // --classes: the count file's classes, in this order
};

void run_count(CountCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input), {cmd.common.output});
    cmd.kmer.validate();
    if (!cmd.classes.empty()) {
        io::check_class_order(cmd.classes, "--classes");  // a bad list fails before any I/O
        if (cmd.input.spec.class_specs.empty() && cmd.input.spec.labels_tsv.empty() &&
            cmd.input.spec.bed.empty()) {
            throw ConfigError("--classes needs labeled input (--class, --labels or --bed)");
        }
    }
    io::Dataset data = load_inputs(cmd.input, cmd.common.quiet);
    if (!cmd.classes.empty()) {
        try {
            data.set_class_order(cmd.classes);
        } catch (const ConfigError& e) {
            throw ConfigError(std::string("--classes: ") + e.what());
        }
    }
    const kmer::KmerCounts counts = kmer::count_kmers(data, cmd.kmer, cmd.common.threads);
    report_counts(counts, cmd.common.quiet);
    kmer::save_counts(counts, cmd.common.output);
}

}  // namespace

void setup_count(CLI::App& app) {
    auto cmd = std::make_shared<CountCommand>();
    CLI::App* sub = app.add_subcommand(
        "count",
        "Count every k-mer for k in [--k-min, --k-max], per class: occurrences and the number "
        "of sequences containing it. Writes a binary count file (.mtc) for 'score' and 'merge'.");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    add_kmer_options(*sub, cmd->kmer);
    sub->add_option("--classes", cmd->classes,
                    "The count file's classes, in this order (comma-separated); classes without "
                    "sequences in this input get zero counts, so that count files of parts "
                    "holding different classes can be merged")
        ->delimiter(',');
    sub->callback([cmd] { run_count(*cmd); });
}

}  // namespace motiftok::cli
