#include "binary.hpp"

#include <zlib.h>

#include <algorithm>

namespace motiftok::io::binary {

std::uint32_t crc32(std::string_view bytes) {
    uLong c = ::crc32(0L, Z_NULL, 0);
    for (std::size_t pos = 0; pos < bytes.size(); pos += (1u << 30)) {
        const std::size_t n = std::min<std::size_t>(bytes.size() - pos, 1u << 30);
        c = ::crc32(c, reinterpret_cast<const Bytef*>(bytes.data() + pos), static_cast<uInt>(n));
    }
    return static_cast<std::uint32_t>(c);
}

}  // namespace motiftok::io::binary
