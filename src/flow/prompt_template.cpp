// flow/prompt_template.cpp: placeholder substitution.
#include "flow/detail/prompt_template.h"

#include <fmt/format.h>

namespace rtlduet::flow {
namespace {

bool is_identifier(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (const char ch : text) {
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
            return false;
        }
    }
    return text.front() < '0' || text.front() > '9';
}

int line_of(std::string_view text, std::size_t offset) {
    int line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        line += text[i] == '\n' ? 1 : 0;
    }
    return line;
}

}  // namespace

util::Result<std::string> render_template(std::string_view text, const TemplateValues& values,
                                          std::string_view template_name) {
    std::string out;
    out.reserve(text.size() * 2);
    std::size_t i = 0;
    while (i < text.size()) {
        const char ch = text[i];
        if ((ch == '{' || ch == '}') && i + 1 < text.size() && text[i + 1] == ch) {
            out.push_back(ch);
            i += 2;
            continue;
        }
        if (ch == '{') {
            const std::size_t close = text.find('}', i + 1);
            if (close != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, close - i - 1);
                if (is_identifier(name)) {
                    const auto found = values.find(name);
                    if (found == values.end()) {
                        util::Error error = util::make_error(
                            util::ErrorKind::Input,
                            fmt::format("unknown placeholder {{{}}} in prompt template", name));
                        error.where = util::SourceLocation{.file = std::string(template_name),
                                                           .line = line_of(text, i)};
                        return error;
                    }
                    out += found->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push_back(ch);
        ++i;
    }
    return out;
}

}  // namespace rtlduet::flow
