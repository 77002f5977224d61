// FASTA/FASTQ reader: a small line parser over BGZF (which reads plain, gzip and bgzip alike),
// normalizing each sequence line with a 256-byte table in one pass.

#include "motiftok/io/sequence_reader.hpp"

#include <htslib/bgzf.h>
#include <htslib/hts_log.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "htslib_quiet.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "normalize.hpp"

namespace motiftok::io {

namespace {

constexpr std::size_t kBufferSize = 1 << 20;

// Leaves new elements uninitialized: a read buffer is only read where bgzf_read wrote, and
// zero-filling 1 MB per opened file costs more than reading a small file.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <class U>
    UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
};
using Buffer = std::vector<char, UninitializedAllocator<char>>;

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

std::string printable(unsigned char c) {
    if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
}

// bgzf_read; htslib's own messages are off (see htslib_quiet.hpp), the caller throws.
// With bgzf_mt, a truncated or corrupt block ends the stream with 0 (like EOF) and only sets
// fp->errcode: report that as the error it is.
ssize_t read_quietly(BGZF* fp, char* buf, std::size_t size) {
    const ssize_t n = bgzf_read(fp, buf, size);
    return n == 0 && fp->errcode != 0 ? -1 : n;
}

// Decompresses plain gzip in a second thread, a few buffers ahead of the parser (htslib's own
// threads only work for bgzip). The last buffer handed over has n <= 0 (end or error).
class Prefetcher {
  public:
    explicit Prefetcher(BGZF* fp) : fp_(fp) {
        for (int i = 0; i < 3; ++i) free_.emplace_back(kBufferSize);
        thread_ = std::thread([this] { run(); });
    }
    ~Prefetcher() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    // Returns `buf` to the pool and replaces it with the next decompressed buffer.
    ssize_t next(Buffer& buf) {
        std::unique_lock<std::mutex> lock(mutex_);
        free_.push_back(std::move(buf));
        cv_.notify_all();
        cv_.wait(lock, [this] { return !ready_.empty(); });
        buf = std::move(ready_.front().first);
        const ssize_t n = ready_.front().second;
        ready_.pop_front();
        return n;
    }

  private:
    void run() {
        for (;;) {
            Buffer b;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                cv_.wait(lock, [this] { return stop_ || !free_.empty(); });
                if (stop_) return;
                b = std::move(free_.back());
                free_.pop_back();
            }
            b.resize(kBufferSize);
            const ssize_t n = read_quietly(fp_, b.data(), b.size());
            {
                std::lock_guard<std::mutex> lock(mutex_);
                ready_.emplace_back(std::move(b), n);
            }
            cv_.notify_all();
            if (n <= 0) return;
        }
    }

    BGZF* fp_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Buffer> free_;
    std::deque<std::pair<Buffer, ssize_t>> ready_;
    bool stop_ = false;
};

}  // namespace

const unsigned char* normalization_table() {
    return detail::kNormalize.data();
}

void ReadStats::add(const ReadStats& o) {
    records += o.records;
    bases += o.bases;
    lowercase += o.lowercase;
    n_bases += o.n_bases;
    iupac_to_n += o.iupac_to_n;
    u_to_t += o.u_to_t;
    empty_records += o.empty_records;
}

struct SequenceReader::Impl {
    std::string path;
    ReaderOptions options;
    BGZF* fp = nullptr;
    Buffer buf = Buffer(kBufferSize);
    std::size_t pos = 0, end = 0;
    bool eof = false;
    std::string spill;            // a line that crossed a buffer boundary
    std::uint64_t line_no = 0;    // 1-based number of the last line returned
    std::uint64_t record_no = 0;  // 1-based number of the current record (empty ones included)
    std::string pending;          // header line (with its '>' or '@') read ahead
    bool has_pending = false;
    bool started = false;
    ReadStats stats;
    std::unordered_map<std::string, std::uint64_t> seen_ids;
    std::unique_ptr<Prefetcher> prefetch;  // plain gzip with threads > 1

    [[noreturn]] void fail(std::uint64_t record, std::string_view id, std::uint64_t position,
                           const std::string& what) const {
        throw InputError(source_location(path, record, id, position) + ": " + what);
    }

    bool fill() {
        if (eof) return false;
        const ssize_t n = prefetch ? prefetch->next(buf) : read_quietly(fp, buf.data(), buf.size());
        if (n < 0) {
            eof = true;
            throw InputError(source_location(path) + ": read error after " +
                             std::to_string(line_no) +
                             " complete line(s): truncated or corrupt gzip/bgzip file; check it "
                             "with 'gzip -t' and recompress or download it again");
        }
        pos = 0;
        end = static_cast<std::size_t>(n);
        if (n == 0) eof = true;
        return n > 0;
    }

    // Next line without its '\n' (a trailing '\r' is kept; callers trim). False at the end.
    bool next_line(std::string_view& line) {
        spill.clear();
        for (;;) {
            if (pos == end && !fill()) {
                if (spill.empty()) return false;
                ++line_no;
                line = spill;
                return true;
            }
            const char* start = buf.data() + pos;
            const void* nl = std::memchr(start, '\n', end - pos);
            if (nl != nullptr) {
                const std::size_t len = static_cast<const char*>(nl) - start;
                pos += len + 1;
                ++line_no;
                if (spill.empty()) {
                    line = std::string_view(start, len);
                } else {
                    spill.append(start, len);
                    line = spill;
                }
                return true;
            }
            spill.append(start, end - pos);
            pos = end;
        }
    }

    // Appends the normalized bases of `line` to `seq`. Throws on a character that is not a
    // nucleotide code (blanks are skipped).
    void append_bases(std::string_view line, std::string& seq, std::string_view id) {
        const std::size_t old = seq.size();
        seq.resize(old + line.size());
        auto* out = reinterpret_cast<unsigned char*>(seq.data() + old);
        const auto* in = reinterpret_cast<const unsigned char*>(line.data());
        const std::size_t n = line.size();
        unsigned bad = 0;
        detail::BaseCounts counts;
        auto scalar = [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                const unsigned char v = detail::normalize_base(in[i], counts);
                out[i] = v;
                bad |= (v == 0);
            }
        };
        std::size_t i = 0;
#ifdef __SSE2__
        // Fast path: 16 bytes that are all A/C/G/T in either case (x & 0xDF is 'A' only for
        // 'A' and 'a', and so on) are upper-cased with one AND; anything else goes scalar.
        const __m128i upper_mask = _mm_set1_epi8(static_cast<char>(0xDF));
        const __m128i bit5 = _mm_set1_epi8(0x20);
        const __m128i zero = _mm_setzero_si128();
        __m128i lower_acc = zero;
        const __m128i a = _mm_set1_epi8('A'), c = _mm_set1_epi8('C'), g = _mm_set1_epi8('G'),
                      t = _mm_set1_epi8('T');
        for (; i + 16 <= n; i += 16) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
            const __m128i up = _mm_and_si128(x, upper_mask);
            const __m128i ok =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(up, a), _mm_cmpeq_epi8(up, c)),
                             _mm_or_si128(_mm_cmpeq_epi8(up, g), _mm_cmpeq_epi8(up, t)));
            if (_mm_movemask_epi8(ok) != 0xFFFF) {
                scalar(i, i + 16);
                continue;
            }
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), up);
            // bit 5 set = lower case: shift it to bit 0 of each byte and add the bytes up
            lower_acc = _mm_add_epi64(
                lower_acc, _mm_sad_epu8(_mm_srli_epi16(_mm_and_si128(x, bit5), 5), zero));
        }
        counts.lowercase +=
            static_cast<std::uint64_t>(_mm_cvtsi128_si64(lower_acc)) +
            static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(lower_acc, lower_acc)));
#endif
        scalar(i, n);
        if (bad != 0) {
            // Slow path: skip blanks, report the first invalid character.
            std::size_t w = old;
            counts = detail::BaseCounts{};
            for (std::size_t i = 0; i < n; ++i) {
                const unsigned char c = in[i];
                if (is_blank(static_cast<char>(c))) continue;
                const unsigned char v = detail::normalize_base(c, counts);
                if (v == 0) {
                    fail(record_no, id, w + 1,
                         "invalid character " + printable(c) +
                             " in sequence; only A, C, G, T, U and IUPAC codes are allowed");
                }
                seq[w++] = static_cast<char>(v);
            }
            seq.resize(w);
        }
        counts.add_to(stats);
    }

    // Reads the header (the pending line), returns the record id.
    std::string parse_id(std::string_view header) const {
        std::string_view rest = header.substr(1);
        std::size_t b = 0;
        while (b < rest.size() && is_blank(rest[b])) ++b;
        std::size_t e = b;
        while (e < rest.size() && !is_blank(rest[e])) ++e;
        if (e == b) {
            fail(record_no, {}, 0,
                 "empty header line (line " + std::to_string(line_no) +
                     "); every record needs an id after '" + std::string(1, header[0]) + "'");
        }
        return std::string(rest.substr(b, e - b));
    }

    // Finds the first header; throws if the first non-blank line is not one.
    bool find_first_header() {
        std::string_view line;
        while (next_line(line)) {
            line = trim_right(line);
            if (line.empty()) continue;
            if (line[0] != '>' && line[0] != '@') {
                throw InputError(source_location(path) + ": line " + std::to_string(line_no) +
                                 ": not FASTA or FASTQ: expected '>' or '@' at the start of a "
                                 "record, found " +
                                 printable(static_cast<unsigned char>(line[0])));
            }
            pending.assign(line);
            has_pending = true;
            return true;
        }
        return false;
    }

    void read_quality(std::size_t seq_len, std::string_view id) {
        std::size_t qual = 0;
        std::string_view line;
        while (qual < seq_len) {
            if (!next_line(line)) {
                fail(record_no, id, 0,
                     "truncated FASTQ record: quality has " + std::to_string(qual) +
                         " characters, sequence has " + std::to_string(seq_len));
            }
            qual += trim_right(line).size();
        }
        if (qual != seq_len) {
            fail(record_no, id, 0,
                 "FASTQ quality length " + std::to_string(qual) + " differs from sequence length " +
                     std::to_string(seq_len));
        }
    }

    // Reads one record (possibly empty) into `rec`. False at the end of the input.
    bool read_record(Record& rec) {
        if (!started) {
            started = true;
            if (!find_first_header()) return false;
        }
        if (!has_pending) return false;
        has_pending = false;
        ++record_no;
        const bool fastq = pending[0] == '@';
        rec.id = parse_id(pending);
        rec.seq.clear();
        std::string_view line;
        bool quality = false;
        while (next_line(line)) {
            if (!fastq && !line.empty() && line[0] == '>') {
                pending.assign(trim_right(line));
                has_pending = true;
                break;
            }
            if (fastq && !line.empty() && line[0] == '+') {
                quality = true;
                break;
            }
            append_bases(line, rec.seq, rec.id);
        }
        if (fastq) {
            if (!quality) fail(record_no, rec.id, 0, "truncated FASTQ record: no '+' line");
            read_quality(rec.seq.size(), rec.id);
            while (next_line(line)) {
                line = trim_right(line);
                if (line.empty()) continue;
                if (line[0] != '@' && line[0] != '>') {
                    fail(record_no + 1, {}, 0,
                         "expected '@' or '>' at line " + std::to_string(line_no) +
                             " after the quality of the previous record");
                }
                pending.assign(line);
                has_pending = true;
                break;
            }
        }
        return true;
    }
};

SequenceReader::SequenceReader(std::string path, ReaderOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(path);
    impl_->options = options;
    detail::silence_htslib();
    errno = 0;
    if (impl_->path == "-") {
        const int fd = dup(STDIN_FILENO);
        impl_->fp = fd < 0 ? nullptr : bgzf_dopen(fd, "r");
    } else {
        require_readable(impl_->path, "sequence file");
        impl_->fp = bgzf_open(impl_->path.c_str(), "r");
    }
    if (impl_->fp == nullptr) {
        const int err = errno;
        throw InputError("cannot open '" + impl_->path +
                         "': " + (err != 0 ? std::strerror(err) : "unknown error"));
    }
    // BGZF blocks decompress independently: let htslib's thread pool do it.
    if (options.threads > 1 && bgzf_compression(impl_->fp) == 2) {
        bgzf_mt(impl_->fp, options.threads, 64);
    } else if (options.threads > 1 && bgzf_compression(impl_->fp) == 1) {
        impl_->prefetch = std::make_unique<Prefetcher>(impl_->fp);
    }
}

SequenceReader::~SequenceReader() {
    if (!impl_) return;
    impl_->prefetch.reset();  // joins the thread before the file goes away
    if (impl_->fp != nullptr) bgzf_close(impl_->fp);
}

bool SequenceReader::next(Record& record) {
    Impl& m = *impl_;
    for (;;) {
        if (!m.read_record(record)) {
            if (m.stats.records == 0) {
                throw InputError(
                    "'" + std::string(m.path == "-" ? "<stdin>" : m.path) +
                    "' contains no sequence records" +
                    (m.stats.empty_records > 0
                         ? " (" + std::to_string(m.stats.empty_records) + " empty record(s))"
                         : std::string()));
            }
            return false;
        }
        if (m.options.check_duplicate_ids) {
            auto [it, inserted] = m.seen_ids.emplace(record.id, m.record_no);
            if (!inserted) {
                throw DataError(source_location(m.path, m.record_no, record.id) +
                                ": duplicate id (first seen as record " +
                                std::to_string(it->second) +
                                "); ids must be unique within a file: rename the records "
                                "(e.g. 'seqkit rename') or remove the duplicates");
            }
        }
        if (record.seq.empty()) {
            if (m.options.strict) {
                m.fail(m.record_no, record.id, 0,
                       "empty sequence; remove the record or run without `strict` to skip it");
            }
            ++m.stats.empty_records;
            continue;
        }
        ++m.stats.records;
        m.stats.bases += record.seq.size();
        return true;
    }
}

const ReadStats& SequenceReader::stats() const {
    return impl_->stats;
}
const std::string& SequenceReader::path() const {
    return impl_->path;
}

std::vector<Record> read_sequences(const std::string& path, const ReaderOptions& options,
                                   ReadStats* stats) {
    SequenceReader reader(path, options);
    std::vector<Record> records;
    Record rec;
    while (reader.next(rec)) records.push_back(std::move(rec));
    if (stats != nullptr) stats->add(reader.stats());
    return records;
}

}  // namespace motiftok::io
