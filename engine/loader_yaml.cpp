// The loader's YAML tree, built from libyaml's events (the only file that includes <yaml.h>).
#include "engine/loader_yaml.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace sunlit::loader::yaml {

namespace {

// Hands out contiguous runs of T from large chunks; nothing is freed before the pool.
template <class T> class Pool {
 public:
  T* take(std::size_t n) {
    if (n == 0) return nullptr;
    if (n > kChunk / 4) {  // a large run gets a chunk of its own
      chunks_.emplace_back(new T[n]);
      return chunks_.back().get();
    }
    if (n > room_) {
      chunks_.emplace_back(new T[kChunk]);
      next_ = chunks_.back().get();
      room_ = kChunk;
    }
    T* out = next_;
    next_ += n;
    room_ -= n;
    return out;
  }

 private:
  static constexpr std::size_t kChunk = 4096 / sizeof(T) < 64 ? 64 : 4096 / sizeof(T);
  std::vector<std::unique_ptr<T[]>> chunks_;
  T* next_ = nullptr;
  std::size_t room_ = 0;
};

// libyaml counts marks in characters (a byte order mark not counted); this maps them to
// byte offsets in the text with a cursor that moves from the last place asked about.
class Offsets {
 public:
  explicit Offsets(std::string_view text) : text_(text), start_(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0) {
    bytes_ = start_;
  }

  std::size_t byte(std::size_t index) {
    if (index < chars_ / 2) {  // nearer the start than the cursor: walk from the start
      chars_ = 0;
      bytes_ = start_;
    }
    while (chars_ < index && bytes_ < text_.size()) {
      bytes_ += width(static_cast<unsigned char>(text_[bytes_]));
      ++chars_;
    }
    while (chars_ > index && bytes_ > start_) {
      --bytes_;
      while (bytes_ > start_ && (static_cast<unsigned char>(text_[bytes_]) & 0xC0u) == 0x80u) --bytes_;
      --chars_;
    }
    return std::min(bytes_, text_.size());
  }

 private:
  std::string_view text_;
  std::size_t start_;
  std::size_t chars_ = 0;
  std::size_t bytes_ = 0;

  static std::size_t width(unsigned c) {
    if (c < 0x80u) return 1;
    if ((c & 0xE0u) == 0xC0u) return 2;
    if ((c & 0xF0u) == 0xE0u) return 3;
    if ((c & 0xF8u) == 0xF0u) return 4;
    return 1;
  }
};

// 1-based line of byte `offset` and the byte offset of that line's start ('\n' ends a line).
std::pair<std::size_t, std::size_t> line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  std::size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = start == std::string_view::npos || start >= offset ? 0 : start + 1;
  return {line, start};
}

// The libyaml parser and event, freed on every path.
struct Parser {
  yaml_parser_t p{};
  bool ok = yaml_parser_initialize(&p) != 0;
  Parser() = default;
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  ~Parser() { yaml_parser_delete(&p); }
};

struct Event {
  yaml_event_t e{};
  bool live = false;
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() {
    if (live) yaml_event_delete(&e);
  }
};

std::string_view chars(const yaml_char_t* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : ""; }

// YAML's null as the loader has always read it: a plain untagged scalar spelled so, or any empty plain scalar.
bool is_null(std::string_view text, bool tagged) {
  return text.empty() || (!tagged && (text == "~" || text == "null" || text == "Null" || text == "NULL"));
}

}  // namespace

struct Tree::Arenas {
  Pool<Node> nodes;
  Pool<char> text;
  Pool<const Node*> links;

  std::string_view keep(std::string_view s) {
    char* out = text.take(s.size());
    if (!s.empty()) std::memcpy(out, s.data(), s.size());
    return {out, s.size()};
  }
};

Tree::Tree() : arenas_(std::make_unique<Arenas>()) {}
Tree::~Tree() = default;

bool Tree::parse(std::string_view text) {
  Parser parser;
  if (!parser.ok) {
    problem_ = Problem{Problem::Kind::memory, {}, 0};
    return false;
  }
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  Offsets offsets(text);
  Arenas& a = *arenas_;

  struct Frame {
    Node* node;
    std::size_t first;  // its first item in `pending`
  };
  std::vector<Frame> frames;
  std::vector<const Node*> pending;  // finished items of the open collections
  std::unordered_map<std::string, const Node*> anchors;
  int documents = 0;

  auto fail = [&](Problem::Kind kind, std::string message, std::size_t offset) {
    problem_ = Problem{kind, std::move(message), offset};
    return false;
  };
  auto finish = [&](const Node* node) {
    if (frames.empty())
      root_ = node;
    else
      pending.push_back(node);
  };
  auto make = [&](Kind kind, const yaml_event_t& e, const yaml_char_t* tag, const yaml_char_t* anchor) {
    Node* n = a.nodes.take(1);
    n->kind_ = kind;
    n->line_ = e.start_mark.line;
    n->column_ = e.start_mark.column;
    n->offset_ = offsets.byte(e.start_mark.index);
    if (tag) {
      std::string_view t = a.keep(chars(tag));
      n->tag_ = t.data();
      n->tag_size_ = t.size();
    }
    if (anchor) anchors[std::string(chars(anchor))] = n;
    return n;
  };

  for (;;) {
    Event ev;
    if (!yaml_parser_parse(&parser.p, &ev.e)) {
      const yaml_parser_t& p = parser.p;
      if (p.error == YAML_MEMORY_ERROR) return fail(Problem::Kind::memory, {}, 0);
      std::string message = "invalid YAML: " + std::string(p.problem ? p.problem : "cannot parse");
      if (p.error == YAML_READER_ERROR) return fail(Problem::Kind::syntax, message, std::min(p.problem_offset, text.size()));
      std::size_t at = offsets.byte(p.problem_mark.index);
      if (p.context && p.context_mark.index != p.problem_mark.index) {
        std::size_t from = offsets.byte(p.context_mark.index);
        auto [line, start] = line_of(text, from);
        bool same_line = line == line_of(text, at).first;
        message += " (" + std::string(p.context) + " started at " +
                   (same_line ? "column " + std::to_string(from - start + 1) : "line " + std::to_string(line)) + ")";
      }
      return fail(Problem::Kind::syntax, message, at);
    }
    ev.live = true;
    const yaml_event_t& e = ev.e;
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        return true;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents == 2) {
          second_ = offsets.byte(e.start_mark.index);
          return true;
        }
        break;
      case YAML_ALIAS_EVENT: {
        auto it = anchors.find(std::string(chars(e.data.alias.anchor)));
        if (it == anchors.end())
          return fail(Problem::Kind::syntax,
                      "invalid YAML: unknown alias *" + std::string(chars(e.data.alias.anchor)) +
                          " (no anchor &" + std::string(chars(e.data.alias.anchor)) + " before it)",
                      offsets.byte(e.start_mark.index));
        finish(it->second);
        break;
      }
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
        bool plain = s.style == YAML_PLAIN_SCALAR_STYLE || s.style == YAML_ANY_SCALAR_STYLE;
        Kind kind = plain && is_null(value, s.tag != nullptr) ? Kind::null : Kind::scalar;
        Node* n = make(kind, e, s.tag, s.anchor);
        n->plain_ = plain;
        if (kind == Kind::scalar) {
          std::string_view kept = a.keep(value);
          n->text_ = kept.data();
          n->text_size_ = kept.size();
        }
        finish(n);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (frames.size() >= static_cast<std::size_t>(kMaxDepth))
          return fail(Problem::Kind::too_deep, {}, offsets.byte(e.start_mark.index));
        bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        Node* n = seq ? make(Kind::sequence, e, e.data.sequence_start.tag, e.data.sequence_start.anchor)
                      : make(Kind::mapping, e, e.data.mapping_start.tag, e.data.mapping_start.anchor);
        frames.push_back({n, pending.size()});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        if (frames.empty()) break;  // libyaml pairs them; never here
        Frame f = frames.back();
        frames.pop_back();
        std::size_t count = pending.size() - f.first;
        const Node** items = a.links.take(count);
        std::copy(pending.begin() + static_cast<std::ptrdiff_t>(f.first), pending.end(), items);
        f.node->items_ = items;
        f.node->count_ = count;
        pending.resize(f.first);
        finish(f.node);
        break;
      }
      default:  // stream start, document end, no event
        break;
    }
  }
}

}  // namespace sunlit::loader::yaml
