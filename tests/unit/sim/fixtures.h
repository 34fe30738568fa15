// unit/sim/fixtures.h: small builders for sim tests: ports, interfaces, hand-made vectors,
// the sandbox, and paths of the harness templates and hand-written designs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hdl/interface.h"
#include "stimulus/vectors.h"
#include "util/sandbox.h"

namespace rtlduet::testing {

inline hdl::Port in_port(std::string name, int width = 1) {
    return {.name = std::move(name),
            .direction = hdl::PortDirection::Input,
            .width = width,
            .msb = width - 1};
}

inline hdl::Port out_port(std::string name, int width = 1) {
    return {.name = std::move(name),
            .direction = hdl::PortDirection::Output,
            .width = width,
            .msb = width - 1};
}

/// Rows of small values, one per driven input of `ifc`.
inline stimulus::VectorSet make_vectors(const hdl::Interface& ifc,
                                        const std::vector<std::vector<std::uint64_t>>& rows) {
    stimulus::VectorSet set{.inputs = ifc.driven_inputs()};
    for (const auto& values : rows) {
        std::vector<hdl::Bits> row;
        for (std::size_t i = 0; i < values.size(); ++i) {
            row.push_back(hdl::Bits::from_u64(set.inputs[i].width, values[i]));
        }
        set.rows.push_back(std::move(row));
    }
    return set;
}

inline const util::Sandbox& test_sandbox() {
    static const util::Sandbox sandbox = util::Sandbox::detect();
    return sandbox;
}

inline std::filesystem::path templates_dir() {
    return std::filesystem::path(RTLDUET_SOURCE_DIR) / "testbenches";
}

inline std::filesystem::path handwritten(const std::string& relative) {
    return std::filesystem::path(RTLDUET_SOURCE_DIR) / "tests/data/crosscheck/handwritten" /
           relative;
}

}  // namespace rtlduet::testing
