#pragma once
// Internal to the library: the binary file formats' byte conventions, written once. The count
// file (src/kmer/count_file.cpp) and the model file (src/model/model_file.cpp) both store
// little-endian integers and IEEE doubles and end with zlib's CRC-32 of every preceding byte;
// they differ in their string lengths (4 bytes in count files, 8 in model files), which each
// format names where it writes a string. Little-endian regardless of the host.

#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace motiftok::io::binary {

/// zlib's CRC-32 (IEEE 802.3) of `bytes` (fed to zlib in chunks: it takes 32-bit lengths).
std::uint32_t crc32(std::string_view bytes);

/// Appends values to a byte string.
class Writer {
  public:
    /// The low `bytes` bytes of `v`, least significant first.
    void fixed(std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
    }
    /// The 8 bytes of an IEEE double, little-endian.
    void f64(double v) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        fixed(bits, 8);
    }
    /// LEB128: 7 bits per byte, least significant first, the high bit set on all but the last.
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7fu) | 0x80u));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    /// The length of `s` in `length_bytes` bytes (fixed()), then its bytes.
    void str(std::string_view s, int length_bytes) {
        fixed(s.size(), length_bytes);
        out_.append(s.data(), s.size());
    }
    void raw(std::string_view s) { out_.append(s.data(), s.size()); }
    /// Appends the CRC-32 of everything written so far (4 bytes): the formats' last field.
    void crc() { fixed(crc32(out_), 4); }
    std::string& bytes() { return out_; }

  private:
    std::string out_;
};

/// Reads values from `bytes` in order, bounds-checked. Every problem (too few bytes, a malformed
/// varint) goes to `fail(position, what)`, which throws the format's own error.
class Reader {
  public:
    using Fail = std::function<void(std::size_t position, const std::string& what)>;
    Reader(std::string_view bytes, Fail fail) : bytes_(bytes), fail_(std::move(fail)) {}

    std::uint64_t fixed(int bytes) {
        need(static_cast<std::uint64_t>(bytes));
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[at_++])) << (8 * i);
        }
        return v;
    }
    double f64() {
        const std::uint64_t bits = fixed(8);
        double v = 0.0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            const auto byte = static_cast<unsigned char>(bytes_[at_++]);
            v |= static_cast<std::uint64_t>(byte & 0x7fu) << shift;
            if ((byte & 0x80u) == 0) return v;
        }
        fail("malformed number");
    }
    std::string_view str(int length_bytes) {
        const std::uint64_t n = fixed(length_bytes);
        need(n);
        const std::string_view s = bytes_.substr(at_, n);
        at_ += n;
        return s;
    }
    std::size_t at() const { return at_; }
    bool at_end() const { return at_ == bytes_.size(); }
    [[noreturn]] void fail(const std::string& what) const {
        fail_(at_, what);
        throw std::logic_error("binary::Reader: the fail callback returned");
    }

  private:
    void need(std::uint64_t n) const {
        if (n > bytes_.size() - at_) fail("unexpected end of data");
    }
    std::string_view bytes_;
    Fail fail_;
    std::size_t at_ = 0;
};

}  // namespace motiftok::io::binary
