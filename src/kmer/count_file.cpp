// The binary count file ("motiftok-counts", docs/counting.md) and merging of count files.
// All integers are little-endian; k-mer entries are LEB128 varints (codes delta-coded), so the
// file of a level is about the size of its non-zero counts. A CRC-32 of every preceding byte ends
// it.

#include <zlib.h>

#include <algorithm>
#include <cstring>

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

/// zlib's CRC-32 of the first n bytes (the format's checksum; count files stay < 4 GiB per call).
std::uint32_t crc32(const std::string& bytes, std::size_t n) {
    uLong c = ::crc32(0L, Z_NULL, 0);
    for (std::size_t pos = 0; pos < n; pos += (1u << 30)) {
        const std::size_t len = std::min<std::size_t>(n - pos, 1u << 30);
        c = ::crc32(c, reinterpret_cast<const Bytef*>(bytes.data() + pos), static_cast<uInt>(len));
    }
    return static_cast<std::uint32_t>(c);
}

class Reader {
  public:
    Reader(const std::string& bytes, std::size_t end, const std::string& name)
        : b_(bytes), end_(end), name_(name) {}
    std::uint64_t fixed(int bytes) {
        need(static_cast<std::size_t>(bytes));
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b_[pos_++])) << (8 * i);
        }
        return v;
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            const auto byte = static_cast<unsigned char>(b_[pos_++]);
            v |= static_cast<std::uint64_t>(byte & 0x7fu) << shift;
            if ((byte & 0x80u) == 0) return v;
        }
        fail("malformed number");
    }
    std::string str() {
        const auto n = fixed(4);
        need(n);
        std::string s = b_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    bool at_end() const { return pos_ == end_; }
    [[noreturn]] void fail(const std::string& what) const {
        throw InputError(name_ + ": byte " + std::to_string(pos_) + ": " + what +
                         "; the count file is corrupt: count again");
    }

  private:
    void need(std::uint64_t n) const {
        if (n > end_ - pos_) fail("unexpected end of data");
    }
    const std::string& b_;
    std::size_t end_;
    const std::string& name_;
    std::size_t pos_ = 0;
};

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
    out_.append(kMagic, sizeof kMagic);
    fixed(kFormatVersion, 4);
    str(kFormatName);
    str(kVersion);
    fixed(static_cast<std::uint64_t>(o.k_min), 4);
    fixed(static_cast<std::uint64_t>(o.k_max), 4);
    fixed(static_cast<std::uint64_t>(o.dense_max_k), 4);
    fixed(o.strand == Strand::kBoth ? 0 : 1, 1);
    fixed(o.min_seqs, 8);
    fixed(classes_, 4);
    for (std::size_t c = 0; c < classes_; ++c) {
        str(classes[c]);
        fixed(seqs_per_class[c], 8);
        fixed(bases_per_class[c], 8);
    }
}

void CountWriter::begin_level(int k, bool pruned, std::uint64_t skipped_windows, std::uint64_t n) {
    fixed(static_cast<std::uint64_t>(k), 4);
    fixed(pruned ? 1 : 0, 1);
    fixed(skipped_windows, 8);
    fixed(n, 8);
    prev_ = 0;
    // Room for the level at about one byte per number (more for large counts): the string does
    // not grow by doubling and copying, and reserved pages that stay unused are never touched.
    out_.reserve(out_.size() + n * (2 + 2 * classes_));
}

void CountWriter::entry(std::uint64_t code, const std::uint64_t* occ, const std::uint64_t* seqs) {
    varint(code - prev_);
    prev_ = code;
    for (std::size_t c = 0; c < classes_; ++c) varint(occ[c]);
    for (std::size_t c = 0; c < classes_; ++c) varint(seqs[c]);
}

void CountWriter::entry(std::uint64_t code, const std::uint32_t* block) {
    varint(code - prev_);
    prev_ = code;
    for (std::size_t c = 0; c < classes_; ++c) varint(block[1 + 2 * c]);
    for (std::size_t c = 0; c < classes_; ++c) varint(block[2 + 2 * c]);
}

std::string CountWriter::finish() {
    fixed(crc32(out_, out_.size()), 4);
    return std::move(out_);
}

void CountWriter::fixed(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

void CountWriter::varint(std::uint64_t v) {
    while (v >= 0x80) {
        out_.push_back(static_cast<char>((v & 0x7fu) | 0x80u));
        v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
}

void CountWriter::str(const std::string& s) {
    fixed(s.size(), 4);
    out_ += s;
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
    Reader header(bytes, bytes.size(), name);
    header.fixed(8);
    const auto version = header.fixed(4);
    if (version != kFormatVersion) {
        throw InputError(name + ": count file version " + std::to_string(version) +
                         ", this build reads " + std::to_string(kFormatVersion) +
                         "; count again with this motiftok or use a matching version");
    }
    const std::size_t end = bytes.size() - 4;
    std::uint32_t stored = 0;
    for (int i = 0; i < 4; ++i) {
        stored |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[end + i])) << (8 * i);
    }
    if (crc32(bytes, end) != stored) {
        throw InputError(name +
                         ": checksum mismatch: the count file is truncated or corrupt; "
                         "count again");
    }
    Reader r(bytes, end, name);
    r.fixed(8);  // magic
    r.fixed(4);  // version, checked above
    if (r.str() != kFormatName) r.fail("unknown format name");
    r.str();  // motiftok version that wrote the file: informative only
    KmerCounts counts;
    auto& o = counts.options;
    o.k_min = static_cast<int>(r.fixed(4));
    o.k_max = static_cast<int>(r.fixed(4));
    o.dense_max_k = static_cast<int>(r.fixed(4));
    o.strand = r.fixed(1) == 0 ? Strand::kBoth : Strand::kForward;
    o.min_seqs = r.fixed(8);
    try {
        o.validate();
    } catch (const ConfigError& e) {
        r.fail(std::string("invalid options (") + e.what() + ")");
    }
    const auto classes = r.fixed(4);
    if (classes == 0 || classes > 1000000) r.fail("impossible number of classes");
    for (std::uint64_t c = 0; c < classes; ++c) {
        counts.classes.push_back(r.str());
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
