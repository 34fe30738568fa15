// hdl/detail/xml.cpp: a recursive-descent reader for the subset of XML that Verilator writes.
#include "hdl/detail/xml.h"

#include <cctype>

#include <fmt/format.h>

namespace rtlduet::hdl::detail {
namespace {

constexpr int kMaxDepth = 4096;  // Verilator nests expressions; far deeper means garbage

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
           c == ':';
}

std::string decode_entities(std::string_view raw) {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        bool is_replaced = false;
        if (raw[i] == '&') {
            for (const auto& [entity, ch] : kEntities) {
                if (raw.substr(i, entity.size()) == entity) {
                    out += ch;
                    i += entity.size();
                    is_replaced = true;
                    break;
                }
            }
        }
        if (!is_replaced) {
            out += raw[i++];
        }
    }
    return out;
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    util::Result<XmlNode> parse_document() {
        skip_misc();
        XmlNode root;
        if (!parse_element(root, 0)) {
            return fail();
        }
        return root;
    }

private:
    util::Error fail() const {
        return util::make_error(util::ErrorKind::Internal,
                                fmt::format("unreadable verilator xml near offset {}", pos_));
    }

    bool starts_with(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
            ++pos_;
        }
    }

    // Skips whitespace, text, comments, processing instructions and declarations.
    void skip_misc() {
        while (pos_ < text_.size()) {
            if (starts_with("<!--")) {
                const auto end = text_.find("-->", pos_);
                pos_ = end == std::string_view::npos ? text_.size() : end + 3;
            } else if (starts_with("<?") || starts_with("<!")) {
                const auto end = text_.find('>', pos_);
                pos_ = end == std::string_view::npos ? text_.size() : end + 1;
            } else if (text_[pos_] != '<') {
                ++pos_;
            } else {
                return;
            }
        }
    }

    std::string parse_name() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_name_char(text_[pos_])) {
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    bool parse_attributes(XmlNode& node) {
        for (;;) {
            skip_space();
            if (pos_ >= text_.size()) {
                return false;
            }
            if (text_[pos_] == '/' || text_[pos_] == '>') {
                return true;
            }
            std::string key = parse_name();
            skip_space();
            if (key.empty() || pos_ + 1 >= text_.size() || text_[pos_] != '=') {
                return false;
            }
            ++pos_;
            skip_space();
            const char quote = text_[pos_];
            const auto end = text_.find(quote, pos_ + 1);
            if ((quote != '"' && quote != '\'') || end == std::string_view::npos) {
                return false;
            }
            node.attributes.emplace_back(std::move(key),
                                         decode_entities(text_.substr(pos_ + 1, end - pos_ - 1)));
            pos_ = end + 1;
        }
    }

    bool parse_element(XmlNode& node, int depth) {
        if (depth > kMaxDepth || !starts_with("<")) {
            return false;
        }
        ++pos_;
        node.name = parse_name();
        if (node.name.empty() || !parse_attributes(node)) {
            return false;
        }
        if (starts_with("/>")) {
            pos_ += 2;
            return true;
        }
        ++pos_;  // '>'
        for (;;) {
            skip_misc();
            if (pos_ >= text_.size()) {
                return false;
            }
            if (starts_with("</")) {
                pos_ += 2;
                const bool is_match = parse_name() == node.name;
                skip_space();
                if (!is_match || !starts_with(">")) {
                    return false;
                }
                ++pos_;
                return true;
            }
            XmlNode& child = node.children.emplace_back();
            if (!parse_element(child, depth + 1)) {
                return false;
            }
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string_view XmlNode::attribute(std::string_view key) const {
    for (const auto& [name, value] : attributes) {
        if (name == key) {
            return value;
        }
    }
    return {};
}

bool XmlNode::has_attribute(std::string_view key) const {
    for (const auto& attr : attributes) {
        if (attr.first == key) {
            return true;
        }
    }
    return false;
}

const XmlNode* XmlNode::child(std::string_view element) const {
    for (const XmlNode& node : children) {
        if (node.name == element) {
            return &node;
        }
    }
    return nullptr;
}

util::Result<XmlNode> parse_xml(std::string_view text) {
    return Parser(text).parse_document();
}

}  // namespace rtlduet::hdl::detail
