// Labeled sequence sets: --class NAME=FILE, --labels ids.tsv, --bed + --genome (faidx).

#include "motiftok/io/dataset.hpp"

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/hts_log.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "htslib_quiet.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "normalize.hpp"

namespace motiftok::io {

namespace {

// Index of `name` in `classes`, appending it if new.
std::int32_t class_index(std::vector<std::string>& classes,
                         std::unordered_map<std::string, std::int32_t>& index,
                         const std::string& name) {
    auto [it, inserted] = index.emplace(name, static_cast<std::int32_t>(classes.size()));
    if (inserted) classes.push_back(name);
    return it->second;
}

void validate(const InputSpec& spec) {
    std::vector<std::string> problems;
    const bool classes = !spec.class_specs.empty(), tsv = !spec.labels_tsv.empty(),
               bed = !spec.bed.empty(), genome = !spec.genome.empty(), plain = !spec.inputs.empty();
    if (classes && tsv) problems.push_back("`class_specs` cannot be combined with `labels_tsv`");
    if (classes && bed) problems.push_back("`class_specs` cannot be combined with `bed`");
    if (tsv && bed) problems.push_back("`labels_tsv` cannot be combined with `bed`");
    if (classes && plain) {
        problems.push_back(
            "positional inputs cannot be combined with `class_specs`; give every file "
            "as `class_specs` NAME=FILE");
    }
    if (bed && plain) problems.push_back("positional inputs cannot be combined with `bed`");
    if (bed && !genome) problems.push_back("`bed` needs `genome`");
    if (genome && !bed) problems.push_back("`genome` is only used with `bed`");
    if (tsv && !plain) problems.push_back("`labels_tsv` needs positional sequence files");
    if (!classes && !tsv && !bed && !plain && !genome) {
        problems.push_back(
            "no input: give sequence files, `class_specs` NAME=FILE, or `bed` with "
            "`genome`");
    }
    for (const auto& c : spec.class_specs) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
            problems.push_back("`class_specs` '" + c + "': expected NAME=FILE");
        }
    }
    if (problems.empty()) return;
    std::string msg = problems[0];
    for (std::size_t i = 1; i < problems.size(); ++i) msg += "; " + problems[i];
    throw ConfigError(msg);
}

std::string first_few(const std::vector<std::string>& ids, std::uint64_t total) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", '" : "'") + ids[i] + "'";
    if (total > ids.size()) out += ", ...";
    return out;
}

// Reads a file through BGZF (plain or gzip) line by line.
std::vector<std::string> read_lines(const std::string& path, const std::string& what) {
    detail::silence_htslib();
    require_readable(path, what);
    BGZF* fp = bgzf_open(path.c_str(), "r");
    if (fp == nullptr) throw InputError("cannot open '" + path + "'");
    std::vector<std::string> lines;
    kstring_t s = KS_INITIALIZE;
    int rc = 0;
    while ((rc = bgzf_getline(fp, '\n', &s)) >= 0) {
        std::string line(s.s, s.l);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    ks_free(&s);
    bgzf_close(fp);
    if (rc < -1) throw InputError(path + ": read error (truncated or corrupt gzip?)");
    return lines;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::size_t b = 0;
    for (;;) {
        const auto t = line.find('\t', b);
        out.push_back(line.substr(b, t == std::string::npos ? std::string::npos : t - b));
        if (t == std::string::npos) return out;
        b = t + 1;
    }
}

struct LabelTable {
    std::vector<std::string> ids;  // in file order
    std::unordered_map<std::string, std::int32_t> label;
};

LabelTable read_label_tsv(const std::string& path, std::vector<std::string>& classes) {
    LabelTable table;
    std::unordered_map<std::string, std::int32_t> index;
    const auto lines = read_lines(path, "labels file");
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        if (n == 0 && f.size() >= 2 && f[0] == "id" && f[1] == "label") continue;  // header
        if (f.size() < 2 || f[0].empty() || f[1].empty()) {
            throw InputError(path + ": line " + std::to_string(n + 1) + ": expected id<TAB>label");
        }
        const std::int32_t c = class_index(classes, index, f[1]);
        auto [it, inserted] = table.label.emplace(f[0], c);
        if (!inserted) {
            throw DataError(path + ": line " + std::to_string(n + 1) + ": id '" + f[0] +
                            "' is listed twice; give each id one label");
        }
        table.ids.push_back(f[0]);
    }
    return table;
}

void reverse_complement(std::string& s) {
    std::reverse(s.begin(), s.end());
    for (auto& c : s) {
        switch (c) {
            case 'A':
                c = 'T';
                break;
            case 'C':
                c = 'G';
                break;
            case 'G':
                c = 'C';
                break;
            case 'T':
                c = 'A';
                break;
            default:
                break;
        }
    }
}

// Normalizes a sequence fetched from the genome; returns its lowercase count.
std::uint64_t normalize_region(std::string& s, ReadStats& stats, const std::string& genome,
                               const std::string& id, std::uint64_t bed_line) {
    detail::BaseCounts counts;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char v = detail::normalize_base(static_cast<unsigned char>(s[i]), counts);
        if (v == 0) {
            throw InputError(genome + ": region '" + id + "' (BED line " +
                             std::to_string(bed_line) + "), position " + std::to_string(i + 1) +
                             ": invalid character '" + std::string(1, s[i]) + "' in the genome");
        }
        s[i] = static_cast<char>(v);
    }
    counts.add_to(stats);
    return counts.lowercase;
}

faidx_t* open_genome(const std::string& genome) {
    detail::silence_htslib();
    require_readable(genome, "genome");
    faidx_t* fai = fai_load3(genome.c_str(), nullptr, nullptr, FAI_CREATE);
    if (fai != nullptr) return fai;
    std::string hint = "is it FASTA, and is its directory writable for the .fai index?";
    if (BGZF* fp = bgzf_open(genome.c_str(), "r")) {
        if (bgzf_compression(fp) == 1) {
            hint =
                "plain gzip cannot be indexed: recompress with 'bgzip' (zcat g.fa.gz | bgzip "
                "> g.fa.bgz)";
        }
        bgzf_close(fp);
    }
    throw InputError("cannot load or build the faidx index of '" + genome + "'; " + hint);
}

void scan_bed(const InputSpec& spec, ScanSummary& out, const RecordVisitor& visit) {
    std::unordered_map<std::string, std::int32_t> index;
    std::unordered_map<std::string, std::uint64_t> seen;
    const auto lines = read_lines(spec.bed, "BED file");
    std::unique_ptr<faidx_t, void (*)(faidx_t*)> fai(open_genome(spec.genome), fai_destroy);
    Record rec;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        const std::string where = spec.bed + ": line " + std::to_string(n + 1) + ": ";
        if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0 ||
            line.rfind("browser", 0) == 0) {
            continue;
        }
        const auto f = split_tabs(line);
        if (f.size() < 4) {
            throw InputError(where +
                             "expected at least 4 tab-separated columns (chrom, start, "
                             "end, label)");
        }
        char* e1 = nullptr;
        char* e2 = nullptr;
        const long long start = std::strtoll(f[1].c_str(), &e1, 10);
        const long long end = std::strtoll(f[2].c_str(), &e2, 10);
        if (f[1].empty() || f[2].empty() || *e1 != 0 || *e2 != 0 || start < 0 || end <= start) {
            throw InputError(where + "start and end must be integers with 0 <= start < end (got '" +
                             f[1] + "', '" + f[2] + "')");
        }
        const std::string& chrom = f[0];
        const int len = faidx_seq_len(fai.get(), chrom.c_str());
        if (len < 0) {
            throw InputError(where + "contig '" + chrom + "' is not in '" + spec.genome + "'");
        }
        if (end > len) {
            throw InputError(where + "region " + chrom + ":" + f[1] + "-" + f[2] +
                             " ends past the end of contig '" + chrom + "' (length " +
                             std::to_string(len) + ")");
        }
        std::string strand = f.size() >= 6 ? f[5] : "";
        if (!strand.empty() && strand != "+" && strand != "-" && strand != ".") {
            throw InputError(where + "strand (column 6) must be '+', '-' or '.' (got '" + strand +
                             "')");
        }
        rec.id = chrom + ":" + f[1] + "-" + f[2];
        if (strand == "+" || strand == "-") rec.id += "(" + strand + ")";
        auto [it, inserted] = seen.emplace(rec.id, n + 1);
        if (!inserted) {
            throw DataError(where + "region '" + rec.id + "' repeats line " +
                            std::to_string(it->second) + "; remove duplicate BED lines");
        }
        hts_pos_t got = 0;
        char* s = faidx_fetch_seq64(fai.get(), chrom.c_str(), start, end - 1, &got);
        if (s == nullptr || got != end - start) {
            std::free(s);
            throw InputError(where + "cannot fetch " + rec.id + " from '" + spec.genome + "'");
        }
        rec.seq.assign(s, static_cast<std::size_t>(got));
        std::free(s);
        const std::uint64_t lower =
            normalize_region(rec.seq, out.stats, spec.genome, rec.id, n + 1);
        if (strand == "-") reverse_complement(rec.seq);
        ++out.stats.records;
        out.stats.bases += rec.seq.size();
        visit(rec, class_index(out.classes, index, f[3]), lower);
    }
    if (out.stats.records == 0) throw InputError("'" + spec.bed + "' contains no BED regions");
}

// Streams one sequence file; `label_of` returns the label of a record (or -2 to skip it).
template <typename LabelOf>
void scan_file(const std::string& path, const ReaderOptions& options, ScanSummary& out,
               const RecordVisitor& visit, LabelOf label_of) {
    SequenceReader reader(path, options);
    Record rec;
    std::uint64_t lower_before = 0;
    while (reader.next(rec)) {
        const std::uint64_t lower = reader.stats().lowercase - lower_before;
        lower_before = reader.stats().lowercase;
        const std::int32_t label = label_of(rec);
        if (label != -2) visit(rec, label, lower);
    }
    out.stats.add(reader.stats());
}

void scan_with_tsv(const InputSpec& spec, const ReaderOptions& options, ScanSummary& out,
                   const RecordVisitor& visit) {
    const LabelTable table = read_label_tsv(spec.labels_tsv, out.classes);
    std::unordered_map<std::string, std::string> seen;  // id -> file
    std::vector<std::string> unlabeled;
    std::uint64_t n_unlabeled = 0;
    for (const auto& path : spec.inputs) {
        scan_file(path, options, out, visit, [&](const Record& rec) -> std::int32_t {
            auto [it, inserted] = seen.emplace(rec.id, path);
            if (!inserted) {
                throw DataError("id '" + rec.id + "' occurs in '" + it->second + "' and in '" +
                                path + "'; with `labels_tsv` ids must be unique across all inputs");
            }
            const auto l = table.label.find(rec.id);
            if (l != table.label.end()) return l->second;
            if (unlabeled.size() < 5) unlabeled.push_back(rec.id);
            ++n_unlabeled;
            return -2;
        });
    }
    std::vector<std::string> orphans;
    std::uint64_t n_orphans = 0;
    for (const auto& id : table.ids) {
        if (seen.count(id) != 0) continue;
        if (orphans.size() < 5) orphans.push_back(id);
        ++n_orphans;
    }
    if (n_unlabeled == 0 && n_orphans == 0) return;
    std::ostringstream msg;
    msg << "labels in '" << spec.labels_tsv << "' do not match the sequence ids: " << n_unlabeled
        << " record(s) have no label";
    if (n_unlabeled > 0) msg << " (" << first_few(unlabeled, n_unlabeled) << ")";
    msg << " and " << n_orphans << " label(s) have no record";
    if (n_orphans > 0) msg << " (" << first_few(orphans, n_orphans) << ")";
    msg << "; every record needs exactly one label";
    throw DataError(msg.str());
}

}  // namespace

void check_class_order(const std::vector<std::string>& order, const std::string& what) {
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (order[i].empty()) throw ConfigError(what + ": empty class name");
        if (std::find(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(i), order[i]) !=
            order.begin() + static_cast<std::ptrdiff_t>(i)) {
            throw ConfigError(what + ": class '" + order[i] + "' is listed twice");
        }
    }
    if (order.empty()) throw ConfigError(what + ": no class given");
}

void Dataset::set_class_order(const std::vector<std::string>& order) {
    check_class_order(order, "the class order");
    std::vector<std::int32_t> to(classes.size());
    for (std::size_t c = 0; c < classes.size(); ++c) {
        const auto it = std::find(order.begin(), order.end(), classes[c]);
        if (it == order.end()) {
            throw ConfigError("class '" + classes[c] + "' of the input is not in the class order");
        }
        to[c] = static_cast<std::int32_t>(it - order.begin());
    }
    for (auto& label : labels) label = to[static_cast<std::size_t>(label)];
    classes = order;
}

std::vector<std::uint64_t> Dataset::class_sizes() const {
    std::vector<std::uint64_t> sizes(labeled() ? classes.size() : 0, 0);
    for (const auto l : labels) ++sizes[static_cast<std::size_t>(l)];
    return sizes;
}

std::vector<std::string> declared_classes(const InputSpec& spec) {
    validate(spec);
    std::vector<std::string> classes;
    std::unordered_map<std::string, std::int32_t> index;
    for (const auto& c : spec.class_specs) class_index(classes, index, c.substr(0, c.find('=')));
    return classes;
}

ScanSummary scan_dataset(const InputSpec& spec, const ReaderOptions& options,
                         const RecordVisitor& visit) {
    validate(spec);
    ScanSummary out;
    if (!spec.bed.empty()) {
        out.labeled = true;
        scan_bed(spec, out, visit);
    } else if (!spec.labels_tsv.empty()) {
        out.labeled = true;
        scan_with_tsv(spec, options, out, visit);
    } else if (!spec.class_specs.empty()) {
        out.labeled = true;
        out.classes = declared_classes(spec);
        for (const auto& c : spec.class_specs) {
            const auto eq = c.find('=');
            const auto label = static_cast<std::int32_t>(
                std::find(out.classes.begin(), out.classes.end(), c.substr(0, eq)) -
                out.classes.begin());
            scan_file(c.substr(eq + 1), options, out, visit,
                      [label](const Record&) { return label; });
        }
    } else {
        for (const auto& path : spec.inputs) {
            scan_file(path, options, out, visit, [](const Record&) { return -1; });
        }
    }
    return out;
}

std::vector<std::string> input_paths(const InputSpec& spec) {
    std::vector<std::string> paths = spec.inputs;
    for (const auto& c : spec.class_specs) {
        const auto eq = c.find('=');
        if (eq != std::string::npos) paths.push_back(c.substr(eq + 1));
    }
    for (const auto* path : {&spec.labels_tsv, &spec.bed}) {
        if (!path->empty()) paths.push_back(*path);
    }
    if (!spec.genome.empty()) {
        for (const char* suffix : {"", ".fai", ".gzi"}) paths.push_back(spec.genome + suffix);
    }
    return paths;
}

Dataset load_dataset(const InputSpec& spec, const ReaderOptions& options) {
    Dataset data;
    ScanSummary summary =
        scan_dataset(spec, options, [&](Record& rec, std::int32_t label, std::uint64_t) {
            // Multi-line records grow by doubling: give back the slack of large ones.
            if (rec.seq.capacity() > rec.seq.size() + rec.seq.size() / 4 + 64) {
                rec.seq.shrink_to_fit();
            }
            data.records.push_back(std::move(rec));
            if (label >= 0) data.labels.push_back(label);
        });
    data.classes = std::move(summary.classes);
    data.stats = summary.stats;
    return data;
}

void require_two_classes(const Dataset& data, const std::string& what) {
    if (!data.labeled()) {
        throw DataError(what + " needs labeled sequences of two or more classes");
    }
    require_two_classes(data.classes, data.class_sizes(), what);
}

void require_two_classes(const std::vector<std::string>& classes,
                         const std::vector<std::uint64_t>& sizes, const std::string& what) {
    std::size_t non_empty = 0;
    std::string list;
    for (std::size_t c = 0; c < sizes.size(); ++c) {
        if (sizes[c] > 0) ++non_empty;
        list += (c ? ", " : "") + classes[c] + "=" + std::to_string(sizes[c]);
    }
    if (non_empty < 2) {
        throw DataError(what + ": fewer than two non-empty classes (" +
                        (list.empty() ? std::string("none") : list) +
                        "); give sequences of at least two classes");
    }
}

}  // namespace motiftok::io
