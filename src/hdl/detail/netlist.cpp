// hdl/detail/netlist.cpp: ports, widths and parameters out of Verilator's XML netlist.
// Widths come from the type table: basic types carry left/right, packed arrays multiply
// their range by the element width, packed structs add their members.
#include "hdl/detail/netlist.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace rtlduet::hdl::detail {
namespace {

constexpr int kMaxTypeDepth = 64;

struct Shape {
    int width = 1;
    int msb = 0;
    int lsb = 0;
    bool is_signed = false;
};

int to_int(std::string_view text, int fallback) {
    int value = fallback;
    const bool is_negative = text.starts_with('-');
    const std::string_view digits = is_negative ? text.substr(1) : text;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec != std::errc{}) {
        return fallback;
    }
    return is_negative ? -value : value;
}

// Widths of the basic types that Verilator may print without left/right.
int basic_width(std::string_view name) {
    static constexpr std::pair<std::string_view, int> kWidths[] = {
        {"byte", 8}, {"shortint", 16}, {"int", 32}, {"integer", 32}, {"longint", 64}, {"time", 64}};
    for (const auto& [type, width] : kWidths) {
        if (name == type) {
            return width;
        }
    }
    return 1;
}

class TypeTable {
public:
    explicit TypeTable(const XmlNode* table) {
        if (table == nullptr) {
            return;
        }
        for (const XmlNode& node : table->children) {
            by_id_.emplace(std::string(node.attribute("id")), &node);
        }
    }

    util::Result<Shape> shape(std::string_view id, int depth = 0) const {
        const auto found = by_id_.find(std::string(id));
        if (found == by_id_.end() || depth > kMaxTypeDepth) {
            return fail(fmt::format("unknown dtype {}", id));
        }
        const XmlNode& node = *found->second;
        if (node.name == "basicdtype") {
            return basic_shape(node);
        }
        if (node.name == "packarraydtype") {
            return array_shape(node, depth);
        }
        if (node.name == "structdtype" || node.name == "uniondtype") {
            return struct_shape(node, depth);
        }
        if (node.name == "refdtype" || node.name == "enumdtype" || node.name == "memberdtype") {
            return shape(node.attribute("sub_dtype_id"), depth + 1);
        }
        return fail(fmt::format("{} ports are not supported (only packed types)", node.name));
    }

private:
    static util::Error fail(std::string message) {
        return util::make_error(util::ErrorKind::Input, std::move(message));
    }

    static Shape basic_shape(const XmlNode& node) {
        Shape shape{.is_signed = node.attribute("signed") == "true"};
        if (node.has_attribute("left") && node.has_attribute("right")) {
            shape.msb = to_int(node.attribute("left"), 0);
            shape.lsb = to_int(node.attribute("right"), 0);
            shape.width = std::abs(shape.msb - shape.lsb) + 1;
        } else {
            shape.width = basic_width(node.attribute("name"));
            shape.msb = shape.width - 1;
        }
        return shape;
    }

    util::Result<Shape> array_shape(const XmlNode& node, int depth) const {
        auto element = shape(node.attribute("sub_dtype_id"), depth + 1);
        const XmlNode* range = node.child("range");
        if (!element || range == nullptr || range->children.size() != 2) {
            return element ? fail("packed array without a constant range") : element.error();
        }
        const auto left = parse_constant(range->children[0].attribute("name"));
        const auto right = parse_constant(range->children[1].attribute("name"));
        if (!left || !right) {
            return fail("packed array without a constant range");
        }
        const auto count = static_cast<int>(*left > *right ? *left - *right : *right - *left) + 1;
        const int width = count * element->width;
        return Shape{.width = width, .msb = width - 1, .lsb = 0, .is_signed = element->is_signed};
    }

    util::Result<Shape> struct_shape(const XmlNode& node, int depth) const {
        const bool is_union = node.name == "uniondtype";
        int width = 0;
        for (const XmlNode& member : node.children) {
            auto member_shape = shape(member.attribute("sub_dtype_id"), depth + 1);
            if (!member_shape) {
                return member_shape.error();
            }
            width = is_union ? std::max(width, member_shape->width) : width + member_shape->width;
        }
        return Shape{.width = std::max(width, 1), .msb = std::max(width, 1) - 1, .lsb = 0};
    }

    std::map<std::string, const XmlNode*> by_id_;
};

std::optional<PortDirection> to_direction(std::string_view dir) {
    if (dir == "input") {
        return PortDirection::Input;
    }
    if (dir == "output") {
        return PortDirection::Output;
    }
    if (dir == "inout") {
        return PortDirection::Inout;
    }
    return std::nullopt;
}

// Parameters print as the constant Verilator elaborated, in decimal when it fits (negative
// for a signed parameter with its sign bit set).
std::string parameter_value(const XmlNode& var, const TypeTable& types) {
    const XmlNode* value = var.child("const");
    if (value == nullptr) {
        return {};
    }
    const std::string_view text = value->attribute("name");
    const auto number = parse_constant(text);
    if (!number) {
        return std::string(text);
    }
    const auto shape = types.shape(var.attribute("dtype_id"));
    if (shape && shape->is_signed && shape->width > 0 && shape->width <= 64 &&
        ((*number >> (shape->width - 1)) & 1U) != 0) {
        const std::uint64_t magnitude =
            shape->width == 64 ? ~*number + 1 : (std::uint64_t{1} << shape->width) - *number;
        return fmt::format("-{}", magnitude);
    }
    return std::to_string(*number);
}

}  // namespace

std::optional<std::uint64_t> parse_constant(std::string_view text) {
    const auto quote = text.find('\'');
    std::string_view digits = quote == std::string_view::npos ? text : text.substr(quote + 1);
    int base = 10;
    if (quote != std::string_view::npos) {
        if (digits.starts_with('s')) {
            digits.remove_prefix(1);
        }
        if (digits.empty()) {
            return std::nullopt;
        }
        base = digits.front() == 'h'   ? 16
               : digits.front() == 'b' ? 2
               : digits.front() == 'o' ? 8
                                       : 10;
        digits.remove_prefix(1);
    }
    std::uint64_t value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

const XmlNode* find_module(const XmlNode& root, std::string_view top) {
    const XmlNode* netlist = root.child("netlist");
    if (netlist == nullptr) {
        return nullptr;
    }
    for (const XmlNode& node : netlist->children) {
        if (node.name == "module" && node.attribute("name") == top) {
            return &node;
        }
    }
    return nullptr;
}

util::Result<Interface> read_ports(const XmlNode& root, const XmlNode& module) {
    const XmlNode* netlist = root.child("netlist");
    const TypeTable types(netlist == nullptr ? nullptr : netlist->child("typetable"));
    Interface ifc{.module_name = std::string(module.attribute("name"))};
    std::vector<std::pair<int, Port>> numbered;
    for (const XmlNode& var : module.children) {
        if (var.name != "var") {
            continue;
        }
        const std::string name(var.attribute("name"));
        if (var.attribute("param") == "true") {
            ifc.parameters.push_back({.name = name, .value = parameter_value(var, types)});
            continue;
        }
        const auto direction = to_direction(var.attribute("dir"));
        if (!direction) {
            continue;
        }
        auto shape = types.shape(var.attribute("dtype_id"));
        if (!shape) {
            return shape.error().with_context(fmt::format("port {}", name));
        }
        numbered.emplace_back(to_int(var.attribute("pinIndex"), 0),
                              Port{.name = name,
                                   .direction = *direction,
                                   .width = shape->width,
                                   .is_signed = shape->is_signed,
                                   .msb = shape->msb,
                                   .lsb = shape->lsb});
    }
    // Non-ANSI modules declare ports in the body in any order: the port list decides.
    std::stable_sort(numbered.begin(), numbered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& entry : numbered) {
        ifc.ports.push_back(std::move(entry.second));
    }
    return ifc;
}

}  // namespace rtlduet::hdl::detail
