// The lexer of the condition language: text to tokens, with exact offsets.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "engine/expr_detail.h"

namespace sunlit::expr::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string hex_byte(char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
  return buf;
}

// Walks the text once, appending tokens; stops at the first error.
class Lexer {
 public:
  Lexer(std::string_view text, std::vector<Token>& out, Error* error)
      : text_(text), out_(out), error_(error) {}

  bool run() {
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) return add(Tok::end, 0), true;
      if (!next()) return false;
    }
  }

 private:
  std::string_view text_;
  std::vector<Token>& out_;
  Error* error_;
  size_t pos_ = 0;

  Token& add(Tok kind, size_t length) {
    out_.push_back(Token{kind, pos_, length, {}, 0});
    pos_ += length;
    return out_.back();
  }

  bool fail(size_t offset, std::string message) {
    *error_ = Error{offset, std::move(message)};
    return false;
  }

  bool next() {
    char c = text_[pos_];
    if (is_digit(c)) return number();
    if (is_alpha(c)) return word();
    if (c == '"') return string();
    return symbol();
  }

  bool number() {
    size_t end = pos_;
    while (end < text_.size() && (is_word(text_[end]) || text_[end] == '.')) ++end;
    std::string_view spelled = text_.substr(pos_, end - pos_);
    if (!is_decimal(spelled)) return fail(pos_, "'" + shorten(spelled) + "' is not a valid number");
    double value = 0;
    auto [last, ec] = std::from_chars(spelled.data(), spelled.data() + spelled.size(), value);
    if (ec != std::errc() || last != spelled.data() + spelled.size() || !std::isfinite(value))
      return fail(pos_, "'" + shorten(spelled) + "' is too large a number");
    add(Tok::number, spelled.size()).number = value;
    return true;
  }

  bool word() {
    size_t end = pos_;
    while (end < text_.size() && is_word(text_[end])) ++end;
    std::string_view w = text_.substr(pos_, end - pos_);
    Tok kind = w == "and"     ? Tok::kw_and
               : w == "or"    ? Tok::kw_or
               : w == "not"   ? Tok::kw_not
               : w == "in"    ? Tok::kw_in
               : w == "true"  ? Tok::kw_true
               : w == "false" ? Tok::kw_false
                              : Tok::ident;
    add(kind, w.size()).text = std::string(w);
    return true;
  }

  bool string() {
    std::string value;
    size_t i = pos_ + 1;
    while (i < text_.size() && text_[i] != '"') {
      char c = text_[i];
      if (c == '\\') {
        if (i + 1 >= text_.size()) {
          i = text_.size();
          break;
        }
        char e = text_[i + 1];
        if (e != '"' && e != '\\') return fail(i, bad_escape(e));
        value += e;
        i += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        return fail(i, "text cannot contain control characters (byte " + hex_byte(c) + ")");
      size_t n = utf8_sequence(text_, i);
      if (n == 0) return fail(i, "this text is not valid UTF-8");
      value.append(text_.substr(i, n));
      i += n;
    }
    if (i >= text_.size()) return fail(pos_, "this text has no closing \"");
    add(Tok::string, i + 1 - pos_).text = std::move(value);
    return true;
  }

  static std::string bad_escape(char e) {
    unsigned char u = static_cast<unsigned char>(e);
    std::string shown = u > 0x20 && u < 0x7f ? std::string(" '\\") + e + "'" : std::string();
    return "unknown escape" + shown + " in text; use \\\" or \\\\";
  }

  bool two(char second) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == second; }

  bool symbol() {
    char c = text_[pos_];
    switch (c) {
      case '+': return add(Tok::plus, 1), true;
      case '-': return add(Tok::minus, 1), true;
      case '*': return add(Tok::star, 1), true;
      case '/': return add(Tok::slash, 1), true;
      case '(': return add(Tok::lparen, 1), true;
      case ')': return add(Tok::rparen, 1), true;
      case '[': return add(Tok::lbracket, 1), true;
      case ']': return add(Tok::rbracket, 1), true;
      case ',': return add(Tok::comma, 1), true;
      case '<': return two('=') ? add(Tok::le, 2) : add(Tok::lt, 1), true;
      case '>': return two('=') ? add(Tok::ge, 2) : add(Tok::gt, 1), true;
      case '=':
        if (two('=')) return add(Tok::eq, 2), true;
        return fail(pos_, "unexpected '='; use '==' to compare");
      case '!':
        if (two('=')) return add(Tok::ne, 2), true;
        return fail(pos_, "unexpected '!'; use 'not' or '!='");
      case '&':
        if (two('&')) return fail(pos_, "unexpected '&&'; use 'and'");
        break;
      case '|':
        if (two('|')) return fail(pos_, "unexpected '||'; use 'or'");
        break;
      default: break;
    }
    return unexpected();
  }

  bool unexpected() {
    char c = text_[pos_];
    unsigned char u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7f) return fail(pos_, std::string("unexpected character '") + c + "'");
    size_t n = u >= 0x80 ? utf8_sequence(text_, pos_) : 0;
    if (n > 0) return fail(pos_, "unexpected character '" + std::string(text_.substr(pos_, n)) + "'");
    return fail(pos_, "unexpected character (byte " + hex_byte(c) + ")");
  }
};

}  // namespace

bool lex(std::string_view text, std::vector<Token>& out, Error* error) {
  return Lexer(text, out, error).run();
}

}  // namespace sunlit::expr::detail
