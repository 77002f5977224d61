// The binary count file ("motiftok-counts", docs/counting.md) and merging of count files.
// All integers are little-endian; k-mer entries are LEB128 varints (codes delta-coded), so the
// file of a level is about the size of its non-zero counts; strings have a 4-byte length. A CRC-32
// of every preceding byte ends it. The byte conventions are io/binary.hpp's.

#include <algorithm>
#include <cstring>

#include "../io/binary.hpp"
#include "count_writer.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/version.hpp"

namespace motiftok::kmer {
namespace {

constexpr char kMagic[8] = {'M', 'T', 'K', 'C', 'O', 'U', 'N', 'T'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr const char* kFormatName = "motiftok-counts";

// Strings in a count file: a 4-byte length, then the bytes.
constexpr int kLengthBytes = 4;

using io::binary::Reader;

// The reader of a count file: every problem names the file and the byte, and says what to do.
Reader count_reader(std::string_view bytes, const std::string& name) {
    return Reader(bytes, [name](std::size_t at, const std::string& what) {
        throw InputError(name + ": byte " + std::to_string(at) + ": " + what +
                         "; the count file is corrupt: count again");
    });
}

KmerLevel read_level(Reader& r, int k, std::size_t classes) {
    KmerLevel lv;
    lv.k = static_cast<int>(r.fixed(4));
    if (lv.k != k) r.fail("expected level k = " + std::to_string(k));
    lv.pruned = r.fixed(1) != 0;
    lv.skipped_windows = r.fixed(8);
    const std::uint64_t n = r.fixed(8);
    const std::uint64_t limit = k >= 32 ? ~std::uint64_t{0} : (std::uint64_t{1} << (2 * k));
    if (n > limit) r.fail("impossible number of k-mers");
    std::uint64_t code = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t delta = r.varint();
        if (i > 0 && delta == 0) r.fail("k-mers out of order");
        code += delta;
        if (code >= limit) r.fail("k-mer code out of range");
        lv.codes.push_back(code);
        for (std::size_t c = 0; c < classes; ++c) lv.occ.push_back(r.varint());
        for (std::size_t c = 0; c < classes; ++c) lv.seqs.push_back(r.varint());
    }
    return lv;
}

}  // namespace

namespace detail {

CountWriter::CountWriter(const KmerOptions& o, const std::vector<std::string>& classes,
                         const std::vector<std::uint64_t>& seqs_per_class,
                         const std::vector<std::uint64_t>& bases_per_class)
    : classes_(classes.size()) {
    w_.raw(std::string_view(kMagic, sizeof kMagic));
    w_.fixed(kFormatVersion, 4);
    w_.str(kFormatName, kLengthBytes);
    w_.str(kVersion, kLengthBytes);
    w_.fixed(static_cast<std::uint64_t>(o.k_min), 4);
    w_.fixed(static_cast<std::uint64_t>(o.k_max), 4);
    w_.fixed(static_cast<std::uint64_t>(o.dense_max_k), 4);
    w_.fixed(o.strand == Strand::kBoth ? 0 : 1, 1);
    w_.fixed(o.min_seqs, 8);
    w_.fixed(classes_, 4);
    for (std::size_t c = 0; c < classes_; ++c) {
        w_.str(classes[c], kLengthBytes);
        w_.fixed(seqs_per_class[c], 8);
        w_.fixed(bases_per_class[c], 8);
    }
}

void CountWriter::begin_level(int k, bool pruned, std::uint64_t skipped_windows, std::uint64_t n) {
    w_.fixed(static_cast<std::uint64_t>(k), 4);
    w_.fixed(pruned ? 1 : 0, 1);
    w_.fixed(skipped_windows, 8);
    w_.fixed(n, 8);
    prev_ = 0;
    // Room for the level at about one byte per number (more for large counts): the string does
    // not grow by doubling and copying, and reserved pages that stay unused are never touched.
    w_.bytes().reserve(w_.bytes().size() + n * (2 + 2 * classes_));
}

void CountWriter::entry(std::uint64_t code, const std::uint64_t* occ, const std::uint64_t* seqs) {
    w_.varint(code - prev_);
    prev_ = code;
    for (std::size_t c = 0; c < classes_; ++c) w_.varint(occ[c]);
    for (std::size_t c = 0; c < classes_; ++c) w_.varint(seqs[c]);
}

void CountWriter::entry(std::uint64_t code, const std::uint32_t* block) {
    w_.varint(code - prev_);
    prev_ = code;
    for (std::size_t c = 0; c < classes_; ++c) w_.varint(block[1 + 2 * c]);
    for (std::size_t c = 0; c < classes_; ++c) w_.varint(block[2 + 2 * c]);
}

std::string CountWriter::finish() {
    w_.crc();
    return std::move(w_.bytes());
}

}  // namespace detail

std::string serialize_counts(const KmerCounts& counts) {
    detail::CountWriter w(counts.options, counts.classes, counts.seqs_per_class,
                          counts.bases_per_class);
    const std::size_t classes = counts.num_classes();
    for (const auto& lv : counts.levels) {
        w.begin_level(lv.k, lv.pruned, lv.skipped_windows, lv.size());
        for (std::size_t i = 0; i < lv.size(); ++i) {
            w.entry(lv.codes[i], lv.occ.data() + i * classes, lv.seqs.data() + i * classes);
        }
    }
    return w.finish();
}

KmerCounts deserialize_counts(const std::string& bytes, const std::string& name) {
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
        throw InputError(name +
                         ": not a motiftok count file (bad magic); make one with "
                         "'motiftok count -o FILE.mtc'");
    }
    if (bytes.size() < sizeof kMagic + 8) {
        throw InputError(name + ": truncated count file (" + std::to_string(bytes.size()) +
                         " bytes); count again");
    }
    Reader header = count_reader(bytes, name);
    header.fixed(8);
    const auto version = header.fixed(4);
    if (version != kFormatVersion) {
        throw InputError(name + ": count file version " + std::to_string(version) +
                         ", this build reads " + std::to_string(kFormatVersion) +
                         "; count again with this motiftok or use a matching version");
    }
    const std::string_view body = std::string_view(bytes).substr(0, bytes.size() - 4);
    const auto stored = count_reader(std::string_view(bytes).substr(body.size()), name).fixed(4);
    if (io::binary::crc32(body) != stored) {
        throw InputError(name +
                         ": checksum mismatch: the count file is truncated or corrupt; "
                         "count again");
    }
    Reader r = count_reader(body, name);
    r.fixed(8);  // magic
    r.fixed(4);  // version, checked above
    if (r.str(kLengthBytes) != kFormatName) r.fail("unknown format name");
    r.str(kLengthBytes);  // motiftok version that wrote the file: informative only
    KmerCounts counts;
    auto& o = counts.options;
    o.k_min = static_cast<int>(r.fixed(4));
    o.k_max = static_cast<int>(r.fixed(4));
    o.dense_max_k = static_cast<int>(r.fixed(4));
    o.strand = r.fixed(1) == 0 ? Strand::kBoth : Strand::kForward;
    o.min_seqs = r.fixed(8);
    if (const auto problems = o.problems(); !problems.empty()) {
        std::string list;
        for (const auto& p : problems) list += (list.empty() ? "" : "; ") + p;
        r.fail("invalid options (" + list + ")");
    }
    const auto classes = r.fixed(4);
    if (classes == 0 || classes > 1000000) r.fail("impossible number of classes");
    for (std::uint64_t c = 0; c < classes; ++c) {
        counts.classes.emplace_back(r.str(kLengthBytes));
        counts.seqs_per_class.push_back(r.fixed(8));
        counts.bases_per_class.push_back(r.fixed(8));
    }
    for (int k = o.k_min; k <= o.k_max; ++k) counts.levels.push_back(read_level(r, k, classes));
    if (!r.at_end()) r.fail("unexpected bytes after the last level");
    return counts;
}

void save_counts(const KmerCounts& counts, const std::string& path) {
    io::write_file_atomic(path, serialize_counts(counts), true);
}

}  // namespace motiftok::kmer
