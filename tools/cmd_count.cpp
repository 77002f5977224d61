// motiftok count: count every k-mer per class into a binary count file (docs/counting.md).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "kmer_options.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/dense_counter.hpp"

namespace motiftok::cli {

namespace {

struct CountCommand {
    CommonOptions common;
    InputOptions input;
    kmer::KmerOptions kmer;
    std::vector<std::string> classes;  // --classes: the count file's classes, in this order
};

// The count file's classes and, per class index of scan_dataset (declared order), its index
// there: --classes may reorder them and add empty ones.
std::vector<std::string> count_classes(const CountCommand& cmd, std::vector<std::uint32_t>& to) {
    const auto& spec = cmd.input.spec;
    if (spec.class_specs.empty()) {
        to = {0};
        return {"all"};
    }
    io::Dataset order;  // no records: set_class_order() checks the names and maps the labels
    order.classes = io::declared_classes(spec);
    for (std::size_t c = 0; c < order.classes.size(); ++c) {
        order.labels.push_back(static_cast<std::int32_t>(c));
    }
    if (!cmd.classes.empty()) {
        try {
            order.set_class_order(cmd.classes);
        } catch (const ConfigError& e) {
            throw ConfigError(std::string("--classes: ") + e.what());
        }
    }
    to.assign(order.labels.begin(), order.labels.end());
    return order.classes;
}

// Dense levels of unlabeled or --class input: records are counted as they are read, never held
// (memory: the dense arrays and one batch), and the count file is written from the arrays.
void count_streaming(const CountCommand& cmd) {
    std::vector<std::uint32_t> to;
    std::vector<std::string> classes = count_classes(cmd, to);
    kmer::DenseCounter counter(cmd.kmer.k_min, cmd.kmer.k_max, cmd.kmer.strand, std::move(classes),
                               cmd.common.threads);
    const io::ScanSummary summary = io::scan_dataset(
        cmd.input.spec, reader_options(cmd.input),
        [&](io::Record& rec, std::int32_t label, std::uint64_t) {
            counter.add(rec.seq, label < 0 ? 0 : to[static_cast<std::size_t>(label)]);
        });
    report_read_stats(summary.stats, cmd.common.quiet);
    report_counts(counter.save(cmd.kmer, cmd.common.output), cmd.common.quiet);
}

void run_count(CountCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input), {cmd.common.output});
    cmd.kmer.validate();
    const auto& spec = cmd.input.spec;
    if (!cmd.classes.empty()) {
        io::check_class_order(cmd.classes, "--classes");  // a bad list fails before any I/O
        if (spec.class_specs.empty() && spec.labels_tsv.empty() && spec.bed.empty()) {
            throw ConfigError("--classes needs labeled input (--class, --labels or --bed)");
        }
    }
    // Levels above the dense limit grow from the records (kept in memory); labels from a TSV
    // or BED name their classes only in their files: both load the whole input first.
    if (cmd.kmer.k_max <= cmd.kmer.dense_max_k && spec.labels_tsv.empty() && spec.bed.empty()) {
        count_streaming(cmd);
        return;
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
