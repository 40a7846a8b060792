// The loader's private YAML document tree, built from libyaml's parser events.
//
// Only engine/loader*.cpp use it (and loader_yaml.cpp is the only file that
// includes <yaml.h>). A Tree owns every node of the first document of a text in
// arenas; an alias is the very node its anchor named (shared, never copied, so
// an alias bomb stays cheap to build and cycles are possible: walk under a budget).
// The build is iterative with a depth limit, so no input overflows the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit::loader::yaml {

enum class Kind : std::uint8_t { null, scalar, sequence, mapping };

// One node. A plain untagged scalar that is empty, `~` or null/Null/NULL is Kind::null.
class Node {
 public:
  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_scalar() const { return kind_ == Kind::scalar; }
  bool is_sequence() const { return kind_ == Kind::sequence; }
  bool is_mapping() const { return kind_ == Kind::mapping; }

  // A scalar's text ("" for other kinds).
  std::string_view text() const { return {text_, text_size_}; }
  // The explicit tag, resolved ("tag:yaml.org,2002:str", "!"); empty when there is none.
  std::string_view tag() const { return {tag_, tag_size_}; }
  // True for a plain scalar: not quoted, not a `|`/`>` block (whatever its tag).
  bool plain() const { return plain_; }

  // The start of the node (its anchor or tag when it has one): 0-based line and
  // column as libyaml counts them (columns in characters), and the byte offset in the text.
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  std::size_t offset() const { return offset_; }

  // A sequence's items, or a mapping's keys and values interleaved (key, value, key, ...).
  std::span<const Node* const> items() const { return {items_, count_}; }
  // Items of a sequence, pairs of a mapping, 0 otherwise.
  std::size_t size() const { return kind_ == Kind::mapping ? count_ / 2 : count_; }
  const Node& key(std::size_t pair) const { return *items_[2 * pair]; }
  const Node& value(std::size_t pair) const { return *items_[2 * pair + 1]; }

 private:
  friend class Tree;
  const char* text_ = nullptr;
  const char* tag_ = nullptr;
  const Node* const* items_ = nullptr;
  std::size_t text_size_ = 0;
  std::size_t tag_size_ = 0;
  std::size_t count_ = 0;
  std::size_t line_ = 0;
  std::size_t column_ = 0;
  std::size_t offset_ = 0;
  Kind kind_ = Kind::null;
  bool plain_ = false;
};

// Why a text has no tree.
struct Problem {
  enum class Kind { syntax, too_deep, memory };
  Kind kind = Kind::syntax;
  std::string message;     // "invalid YAML: ..." for syntax; empty otherwise
  std::size_t offset = 0;  // byte offset of the place in the text
};

// Most collections nested inside each other. A flowchart needs about 7; libyaml's scanner
// does work proportional to the flow nesting depth for every token (a 9 MB flow list nested
// 100 deep takes ~5 s, 500 deep ~16 s), so the limit stays low.
inline constexpr int kMaxDepth = 100;

// The first document of one text, parsed.
class Tree {
 public:
  Tree();
  ~Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  // Parses the first document of `text` (UTF-8, an optional byte order mark) and looks
  // for a second one. False on a problem (then root() is null).
  bool parse(std::string_view text);

  // The root, or null for a stream without a document (or on a problem).
  const Node* root() const { return root_; }
  const std::optional<Problem>& problem() const { return problem_; }
  // Byte offset where a second document starts, when the text has one.
  std::optional<std::size_t> second_document() const { return second_; }

 private:
  struct Arenas;
  std::unique_ptr<Arenas> arenas_;
  const Node* root_ = nullptr;
  std::optional<Problem> problem_;
  std::optional<std::size_t> second_;
};

}  // namespace sunlit::loader::yaml
