// hdl/detail/xml.h: a minimal XML reader for Verilator's netlist dump: elements and
// attributes only (text, comments and the prolog are skipped), the five standard entities.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace rtlduet::hdl::detail {

struct XmlNode {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<XmlNode> children;

    /// The attribute's value, or empty when absent.
    std::string_view attribute(std::string_view key) const;
    bool has_attribute(std::string_view key) const;
    /// The first direct child with this element name, or nullptr.
    const XmlNode* child(std::string_view element) const;
};

/// Parses a document and returns its root element. Malformed text is an Internal error:
/// the input always comes from Verilator.
util::Result<XmlNode> parse_xml(std::string_view text);

}  // namespace rtlduet::hdl::detail
