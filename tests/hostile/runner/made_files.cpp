// hostile/runner/made_files.cpp: inputs made at test time instead of committed: empty files,
// random bytes, a Latin-1 adder and a 50 MB design. Random bytes come from a fixed seed so a
// failure can be reproduced.
#include "hostile/runner/made_files.h"

#include <fstream>
#include <random>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::hostile {
namespace {

constexpr std::string_view kAdderBody =
    "module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);\n"
    "    assign {carry, sum} = a + b;\n"
    "endmodule\n";

std::string random_bytes(std::size_t count) {
    std::mt19937_64 generator(20240601);
    std::string bytes(count, '\0');
    for (char& byte : bytes) {
        // Keep 0xff and 0xfe in: they are never valid UTF-8.
        byte = static_cast<char>(generator() % 256);
    }
    return bytes;
}

// Latin-1 (0xe9, 0xfc) and lone continuation bytes in comments of a correct adder.
std::string non_utf8_adder() {
    return std::string("// Addierer f\xfcr zwei Werte, caf\xe9 \xff\xfe\x80\n") +
           std::string(kAdderBody) + "// \xc3\x28 ends here\n";
}

// A design of `bytes` bytes: a correct adder with a long run of one-bit wires declared and
// tied off before its assignment, written in chunks to keep memory flat.
util::Status write_big_rtl(const std::filesystem::path& path, std::size_t bytes) {
    std::ofstream out(path, std::ios::binary);
    out << "module TopModule (input [3:0] a, input [3:0] b, output [3:0] sum, output carry);\n";
    std::size_t written = 0;
    std::string chunk;
    for (std::size_t index = 0; written < bytes; ++index) {
        chunk += fmt::format("    wire pad_{} = 1'b0;\n", index);
        if (chunk.size() > (1 << 16)) {
            out << chunk;
            written += chunk.size();
            chunk.clear();
        }
    }
    out << chunk << "    assign {carry, sum} = a + b;\nendmodule\n";
    if (!out) {
        return util::make_error(util::ErrorKind::Io, "cannot write " + path.string());
    }
    return {};
}

}  // namespace

util::Status make_file(const MadeFile& made, const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / made.name;
    if (made.kind == "empty") {
        return util::write_file(path, "");
    }
    if (made.kind == "random") {
        return util::write_file(path, random_bytes(made.bytes));
    }
    if (made.kind == "non_utf8_adder") {
        return util::write_file(path, non_utf8_adder());
    }
    return write_big_rtl(path, made.bytes);
}

}  // namespace rtlduet::hostile
