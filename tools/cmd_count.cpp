// motiftok count: count every k-mer per class into a binary count file (docs/counting.md).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "kmer_options.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::cli {

void add_kmer_options(CLI::App& cmd, kmer::KmerOptions& options) {
    cmd.add_option("-k,--k-min", options.k_min, "Shortest k-mer counted")->capture_default_str();
    cmd.add_option("-K,--k-max", options.k_max, "Longest k-mer counted")->capture_default_str();
    add_enum_option(cmd, "--strand", options.strand, kmer::parse_strand,
                    kmer::strand_name(options.strand),
                    "'both': a k-mer and its reverse complement are one (canonical); 'forward': "
                    "strand-specific")
        ->check(CLI::IsMember({"both", "forward"}));
    cmd.add_option("--dense-max-k", options.dense_max_k,
                   "Count k up to this exactly in 4^k arrays; longer k-mers grow level by level "
                   "from frequent shorter ones")
        ->capture_default_str();
    cmd.add_option("--min-seqs", options.min_seqs,
                   "Support floor: k-mers above --dense-max-k must occur in at least this many "
                   "sequences (1 = exact counts, needed by merge)")
        ->capture_default_str();
}

void report_counts(const kmer::KmerCounts& counts, bool quiet) {
    std::uint64_t skipped = 0;
    std::string levels;
    for (const auto& lv : counts.levels) {
        skipped += lv.skipped_windows;
        levels +=
            (levels.empty() ? "" : ", ") + std::to_string(lv.k) + ":" + std::to_string(lv.size());
    }
    info(quiet, "distinct k-mers per k: " + levels);
    if (skipped > 0) {
        info(quiet, "skipped " + std::to_string(skipped) +
                        " k-mer windows spanning non-ACGT bases (all k together)");
    }
}

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
    set_threads(cmd.common.threads);
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
