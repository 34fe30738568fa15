// hdl/detail/tokens.cpp: the tokenizer behind the forbidden-construct policy.
#include "hdl/detail/tokens.h"

#include <cctype>

namespace rtlduet::hdl::detail {
namespace {

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::vector<Token> run() {
        while (pos_ < text_.size()) {
            step();
        }
        return std::move(tokens_);
    }

private:
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
    }

    // A `define body ends at a newline that is not escaped by a backslash.
    void newline() {
        if (!is_continued_) {
            is_in_define_ = false;
        }
        ++line_;
    }

    void emit(TokenKind kind, std::size_t start, int line) {
        tokens_.push_back({.kind = kind,
                           .text = std::string(text_.substr(start, pos_ - start)),
                           .line = line,
                           .is_in_define = is_in_define_});
    }

    void skip_to(std::string_view end) {
        while (pos_ < text_.size() && text_.substr(pos_, end.size()) != end) {
            if (text_[pos_++] == '\n') {
                newline();
            }
        }
        pos_ = std::min(text_.size(), pos_ + end.size());
    }

    void take_while_ident() {
        while (pos_ < text_.size() && is_ident_char(text_[pos_])) {
            ++pos_;
        }
    }

    void take_string() {
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
            pos_ += text_[pos_] == '\\' ? 2 : 1;
        }
        pos_ = std::min(text_.size(), pos_ + 1);
    }

    void step() {
        const char c = peek();
        const std::size_t start = pos_;
        const int line = line_;
        if (c == '\n') {
            ++pos_;
            newline();
            is_continued_ = false;
            return;
        }
        is_continued_ = c == '\\' && peek(1) == '\n';
        if (std::isspace(static_cast<unsigned char>(c)) != 0 || is_continued_) {
            ++pos_;
        } else if (c == '/' && peek(1) == '/') {
            skip_to("\n");
            newline();
        } else if (c == '/' && peek(1) == '*') {
            skip_to("*/");
        } else if (c == '"') {
            take_string();
            emit(TokenKind::String, start, line);
        } else if (c == '`' && peek(1) == '`') {
            pos_ += 2;
            emit(TokenKind::Paste, start, line);
        } else if (c == '`' || c == '$' || c == '\\') {
            ++pos_;
            if (c == '\\') {
                while (pos_ < text_.size() &&
                       std::isspace(static_cast<unsigned char>(peek())) == 0) {
                    ++pos_;
                }
            } else {
                take_while_ident();
            }
            emit(c == '`'   ? TokenKind::Directive
                 : c == '$' ? TokenKind::SystemName
                            : TokenKind::EscapedName,
                 start, line);
            is_in_define_ = is_in_define_ || tokens_.back().text == "`define";
        } else if (is_ident_char(c)) {
            take_while_ident();
            emit(TokenKind::Identifier, start, line);
        } else {
            ++pos_;
            emit(TokenKind::Other, start, line);
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
    bool is_in_define_ = false;
    bool is_continued_ = false;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
    return Tokenizer(source).run();
}

}  // namespace rtlduet::hdl::detail
