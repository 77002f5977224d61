#include "common.hpp"

#include <iostream>
#include <sstream>
#include <thread>

namespace motiftok::cli {

int default_threads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

void add_common_options(CLI::App& cmd, CommonOptions& options, bool with_seed) {
    cmd.add_option("-t,--threads", options.threads, "Worker threads")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    cmd.add_option("-o,--output", options.output, "Output file ('-' = stdout)")
        ->capture_default_str();
    cmd.add_flag("-q,--quiet", options.quiet, "No progress or summary messages on stderr");
    if (with_seed) {
        cmd.add_option("--seed", options.seed, "Random seed (results are identical for a seed)")
            ->capture_default_str();
    }
}

void add_input_options(CLI::App& cmd, InputOptions& options, bool labels) {
    cmd.add_option("inputs", options.spec.inputs,
                   "FASTA/FASTQ files (plain, gzip or bgzip; '-' = stdin)");
    if (labels) {
        cmd.add_option("-c,--class", options.spec.class_specs,
                       "A class and its sequences, NAME=FILE (repeat; files may share a NAME)")
            ->type_name("NAME=FILE");
        cmd.add_option("--labels", options.spec.labels_tsv,
                       "TSV of id<TAB>label for the records of the positional inputs");
        cmd.add_option("--bed", options.spec.bed, "BED regions; column 4 is the label");
        cmd.add_option("--genome", options.spec.genome,
                       "Genome FASTA (plain or bgzip) for --bed; indexed if no .fai exists");
    }
    cmd.add_flag("--strict", options.strict, "Empty records are errors instead of warnings");
    cmd.add_flag("--allow-duplicate-ids", options.allow_duplicate_ids,
                 "Accept a record id repeated within one file, which is otherwise an error");
}

void info(bool quiet, const std::string& message) {
    if (!quiet) std::cerr << "[motiftok] " << message << '\n';
}

void warn(const std::string& message) {
    std::cerr << "warning: " << message << '\n';
}

void report_read_stats(const io::ReadStats& s, bool quiet) {
    if (s.empty_records > 0) {
        warn("skipped " + std::to_string(s.empty_records) +
             " empty record(s); --strict makes them errors");
    }
    std::ostringstream changed;
    const char* sep = "";
    if (s.lowercase > 0)
        changed << sep << s.lowercase << " lowercase bases upper-cased", sep = ", ";
    if (s.iupac_to_n > 0)
        changed << sep << s.iupac_to_n << " IUPAC ambiguity codes read as N", sep = ", ";
    if (s.u_to_t > 0) changed << sep << s.u_to_t << " U read as T", sep = ", ";
    const std::string text = changed.str();
    info(quiet, "read " + std::to_string(s.records) + " records, " + std::to_string(s.bases) +
                    " bp (" + std::to_string(s.n_bases) + " N)" +
                    (text.empty() ? "" : "; " + text));
}

io::ReaderOptions reader_options(const InputOptions& options, int threads) {
    io::ReaderOptions reader;
    reader.threads = threads;
    reader.strict = options.strict;
    reader.check_duplicate_ids = !options.allow_duplicate_ids;
    return reader;
}

std::vector<std::string> input_paths(const InputOptions& options,
                                     const std::vector<std::string>& more) {
    std::vector<std::string> paths = io::input_paths(options.spec);
    for (const auto& path : more) {
        if (!path.empty()) paths.push_back(path);
    }
    return paths;
}

io::Dataset load_inputs(const InputOptions& options, bool quiet) {
    io::Dataset data = io::load_dataset(options.spec, reader_options(options));
    report_read_stats(data.stats, quiet);
    return data;
}

}  // namespace motiftok::cli
