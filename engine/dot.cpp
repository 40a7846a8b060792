#include "engine/dot.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sunlit {

std::string dot_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string unit_words(Unit u, bool one) {
  switch (u) {
    case Unit::workdays: return one ? "working day" : "working days";
    case Unit::days: return one ? "day" : "days";
    case Unit::hours: return one ? "hour" : "hours";
    case Unit::months: return one ? "month" : "months";
  }
  return "";
}

std::string amount_text(double a) {
  if (std::floor(a) == a && std::fabs(a) < 1e12) return fmt::format("{}", static_cast<long long>(a));
  return fmt::format("{:g}", a);
}

std::string initiation_text(Initiation i) {
  return i == Initiation::application ? "on application (依申请)" : "ex officio (依职权)";
}

// Joins already-escaped lines with a DOT line break (`\n` centred, `\l` left-justified).
std::string join_lines(const std::vector<std::string>& lines, const char* brk) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += brk;
    out += dot_escape(lines[i]);
  }
  return out;
}

std::string or_id(const std::string& name, const std::string& id) { return name.empty() ? id : name; }

// Writes the DOT text of one compiled process.
class DotWriter {
 public:
  DotWriter(const CompiledProcess& cp, const FlowOverlay* overlay) : cp_(cp), p_(cp.process()), overlay_(overlay) {}

  std::string write() {
    out_ += fmt::format("digraph \"{}\" {{\n", dot_escape(p_.power.code.empty() ? "flowchart" : p_.power.code));
    out_ += fmt::format("  graph [charset=\"UTF-8\", fontname=\"{}\", rankdir=TB, newrank=true, labelloc=t, labeljust=l, "
                        "nodesep=0.4, ranksep=0.5, label=\"{}\\l\"];\n", kDotFont, header());
    out_ += fmt::format("  node [fontname=\"{}\", fontsize=11];\n", kDotFont);
    out_ += fmt::format("  edge [fontname=\"{}\", fontsize=10];\n", kDotFont);
    out_ += "  \"_legend\" [shape=note, fontsize=9, label=\"" + legend() + "\\l\"];\n";
    out_ += "  \"_start\" [shape=circle, style=filled, fillcolor=black, width=0.2, label=\"\"];\n";
    write_clusters();
    for (FlowVertex v = 0; v < cp_.vertex_count(); ++v)
      if (cp_.department(v).empty() || !cp_.department_info(cp_.department(v))) write_node(v, "  ");
    write_supervision();
    if (cp_.vertex_count() > 0)
      out_ += fmt::format("  \"_start\" -> \"{}\"{};\n", dot_escape(cp_.node(cp_.start()).id), start_marks());
    for (FlowVertex v = 0; v < cp_.vertex_count(); ++v)
      for (size_t i = 0; i < cp_.out_edges(v).size(); ++i) write_edge(v, cp_.out_edges(v)[i], i);
    out_ += "  { rank=sink; \"_legend\"; }\n";
    out_ += "}\n";
    return out_;
  }

 private:
  std::string header() const {
    std::vector<std::string> lines;
    lines.push_back(fmt::format("{} ({})", p_.power.name, p_.power.code));
    lines.push_back(fmt::format("Category: {} {} · {}", to_string(p_.power.category), chinese_name(p_.power.category),
                                initiation_text(p_.power.initiation)));
    for (const auto& line : basis_lines()) lines.push_back(line);
    lines.push_back(fmt::format("Implementing body: {} · office: {} · responsible: {}", p_.power.body,
                                p_.power.office, p_.power.responsible));
    if (p_.limit) lines.push_back(case_limit());
    if (p_.withdrawal) lines.push_back(withdrawal());
    if (!p_.channels.empty()) lines.push_back("Complaints and remedies:");
    for (const auto& c : p_.channels) lines.push_back("  " + channel(c));
    if (overlay_) lines.insert(lines.end(), overlay_->header.begin(), overlay_->header.end());
    return join_lines(lines, "\\l");
  }

  // One line per statute: "Legal basis: 行政许可法 第三十二条, 第四十二条" (titles in first-seen order).
  std::vector<std::string> basis_lines() const {
    std::vector<std::string> lines, titles;
    for (const auto& b : p_.power.basis) {
      auto it = std::find(titles.begin(), titles.end(), b.title);
      size_t i = static_cast<size_t>(it - titles.begin());
      if (it == titles.end()) {
        titles.push_back(b.title);
        lines.push_back("Legal basis: " + b.title + (b.article.empty() ? "" : " " + b.article));
      } else if (!b.article.empty()) {
        lines[i] += (lines[i].size() > 13 + b.title.size() ? ", " : " ") + b.article;
      }
    }
    return lines;
  }

  std::string case_limit() const {
    std::string s = "Case limit: " + describe_period(p_.limit->period);
    if (!p_.limit->from.empty()) s += ", from " + step_name(p_.limit->from.name);
    if (!p_.limit->until.empty()) s += ", until the end of " + step_name(p_.limit->until.name);
    if (const auto& ext = p_.limit->extension) {
      s += "; extension +" + describe_period(ext->period);
      if (!ext->approved_by.empty()) s += " approved by " + post_name(ext->approved_by.name);
    }
    return s;
  }

  std::string withdrawal() const {
    const Withdrawal& w = *p_.withdrawal;
    std::string s = "Withdrawal: the party may withdraw";
    if (!w.from.empty()) {
      s += " during";
      for (size_t i = 0; i < w.from.size(); ++i) s += (i ? ", " : " ") + step_name(w.from[i].name);
    }
    s += " → " + step_name(w.outcome.name);
    if (!w.article.empty()) s += " (" + w.article + ")";
    return s;
  }

  static std::string channel(const Channel& c) {
    std::string s = fmt::format("{}: {}", to_string(c.kind), c.body);
    if (!c.contact.empty()) s += ", " + c.contact;
    if (c.deadline) s += ", within " + describe_period(*c.deadline);
    return s;
  }

  std::string legend() const {
    std::vector<std::string> lines{"Legend", "box: task (post · department)", "diamond: decision",
                                   "black bar: joint handling (parallel / join)", "hexagon: waiting for the party",
                                   "double border: outcome", "dashed blue arrow: hand-off to another department",
                                   "dotted orange arrow: time limit elapsed", "red border + note: supervision point",
                                   "shaded: clock suspended"};
    if (overlay_)
      lines.insert(lines.end(), {"This case:", "bold green arrow (n): path taken, n = visit order",
                                 "bold purple arrow: deferred choice taken at a wait", "yellow fill: current step",
                                 "red: overdue (open past, or done after, its deadline)", "grey: not taken"});
    return join_lines(lines, "\\l");
  }

  std::string step_name(const std::string& id) const {
    if (const Step* s = find_step(p_, id)) return or_id(s->name, id);
    if (const Outcome* o = find_outcome(p_, id)) return or_id(o->name, id);
    return id;
  }

  std::string post_name(const std::string& id) const {
    const Post* post = find_post(cp_.organisation(), id);
    return post ? or_id(post->name, id) : id;
  }

  std::string department_name(const std::string& id) const {
    const Department* d = cp_.department_info(id);
    return d ? or_id(d->name, id) : id;
  }

  void write_clusters() {
    for (const auto& d : cp_.organisation().departments) {
      std::vector<FlowVertex> members;
      for (FlowVertex v = 0; v < cp_.vertex_count(); ++v)
        if (cp_.department(v) == d.id) members.push_back(v);
      if (members.empty()) continue;
      out_ += fmt::format("  subgraph \"cluster_{}\" {{\n", dot_escape(d.id));
      out_ += fmt::format("    label=\"{}\"; style=\"rounded,dashed\"; color=\"#7f8c8d\"; fontcolor=\"#34495e\";\n",
                          dot_escape(or_id(d.name, d.id)));
      for (FlowVertex v : members) write_node(v, "    ");
      out_ += "  }\n";
    }
  }

  void write_node(FlowVertex v, const char* indent) {
    const NodeProps& n = cp_.node(v);
    std::string attrs = cp_.outcome(v) ? outcome_attrs(*cp_.outcome(v)) : step_attrs(v, *cp_.step(v));
    out_ += fmt::format("{}\"{}\" [{}{}];\n", indent, dot_escape(n.id), attrs, node_marks(n));
  }

  std::string step_attrs(FlowVertex v, const Step& s) const {
    std::vector<std::string> lines{or_id(s.name, s.id)};
    std::string shape;
    switch (s.kind) {
      case StepKind::task: shape = "shape=box"; task_lines(v, s, lines); break;
      case StepKind::choice: shape = "shape=diamond"; break;
      case StepKind::wait:
        shape = "shape=hexagon";
        if (s.limit) lines.push_back("Window: " + describe_period(*s.limit));
        break;
      case StepKind::split:
      case StepKind::join:
        add_mark_lines(s.id, lines);
        return fmt::format("shape=rect, style=filled, fillcolor=black, fixedsize=true, width=2, height=0.08, "
                           "label=\"\", xlabel=\"{}\"", join_lines(lines, "\\n"));
    }
    for (size_t i : cp_.rights_at(v)) lines.push_back(right(p_.rights[i]));
    if (!s.suspends.empty()) lines.push_back("clock suspended: " + s.suspends);
    if (s.restarts_clock) lines.push_back("case clock restarts when this step ends");
    add_mark_lines(s.id, lines);
    std::string style = s.suspends.empty() ? "" : ", style=filled, fillcolor=\"#fdebd0\"";
    if (!cp_.supervision_at(v).empty()) style += ", color=\"#c0392b\", penwidth=2";
    return fmt::format("{}, label=\"{}\"{}", shape, join_lines(lines, "\\n"), style);
  }

  void task_lines(FlowVertex v, const Step& s, std::vector<std::string>& lines) const {
    if (const Post* post = cp_.post(v))
      lines.push_back("Post: " + or_id(post->name, post->id) + " · " + department_name(post->department));
    else if (!s.post.empty())
      lines.push_back("Post: " + s.post.name);
    if (s.limit) lines.push_back("Limit: " + describe_period(*s.limit));
    for (const auto& rule : p_.separation) {
      if (rule.kind != SeparationKind::two_officials) continue;
      for (const Ref& r : rule.steps)
        if (r.name == s.id) lines.push_back("two officials" + (rule.article.empty() ? "" : " (" + rule.article + ")"));
    }
  }

  static std::string right(const Right& r) {
    std::string s = std::string("Party right: ") + to_string(r.kind);
    if (r.window) s += ", within " + describe_period(*r.window);
    else if (!r.article.empty()) s += " (" + r.article + ")";
    return s;
  }

  std::string outcome_attrs(const Outcome& o) const {
    std::vector<std::string> lines{or_id(o.name, o.id), std::string("(") + to_string(o.kind) + ")"};
    if (!o.remedies.empty()) {
      std::string s = "Remedies:";
      for (size_t i = 0; i < o.remedies.size(); ++i) {
        const Channel* c = find_channel(p_, o.remedies[i].name);
        s += (i ? ", " : " ") + (c ? std::string(to_string(c->kind)) : o.remedies[i].name);
        if (c && c->deadline) s += " within " + describe_period(*c->deadline);
      }
      lines.push_back(s);
    }
    if (o.disclosure) lines.push_back(disclosure(*o.disclosure));
    add_mark_lines(o.id, lines);
    return fmt::format("shape=box, style=\"rounded,filled\", fillcolor=\"{}\", peripheries=2, label=\"{}\"",
                       outcome_colour(o.kind), join_lines(lines, "\\n"));
  }

  static const char* outcome_colour(OutcomeKind k) {
    switch (k) {
      case OutcomeKind::granted:
      case OutcomeKind::deemed_accepted:
      case OutcomeKind::answered:
      case OutcomeKind::completed: return "#d5f5e3";
      case OutcomeKind::refused:
      case OutcomeKind::not_accepted:
      case OutcomeKind::penalty: return "#fadbd8";
      default: return "#eaeded";
    }
  }

  static std::string disclosure(const Disclosure& d) {
    std::string s = std::string("Disclosed: ") + to_string(d.scope);
    for (size_t i = 0; i < d.forms.size(); ++i) s += (i ? ", " : " via ") + d.forms[i];
    if (d.within) s += ", within " + describe_period(*d.within);
    return s;
  }

  void write_supervision() {
    for (size_t i = 0; i < p_.supervision.size(); ++i) {
      const SupervisionPoint& sp = p_.supervision[i];
      auto v = cp_.vertex(sp.step.name);
      if (!v) continue;
      std::vector<std::string> lines{"Supervision: " + sp.body};
      std::string how = sp.kind;
      if (!sp.channel.empty()) how += (how.empty() ? "" : " · ") + sp.channel;
      if (!sp.contact.empty()) how += (how.empty() ? "" : " ") + sp.contact;
      if (!how.empty()) lines.push_back(how);
      if (!sp.records.empty()) {
        std::string rec = "Records:";
        for (size_t k = 0; k < sp.records.size(); ++k) rec += (k ? ", " : " ") + sp.records[k];
        lines.push_back(rec);
      }
      out_ += fmt::format("  \"_sup_{}\" [shape=note, color=\"#c0392b\", fontcolor=\"#922b21\", fontsize=9, label=\"{}\"];\n",
                          i, join_lines(lines, "\\n"));
      out_ += fmt::format("  \"_sup_{}\" -> \"{}\" [style=dotted, arrowhead=none, color=\"#c0392b\"];\n", i,
                          dot_escape(cp_.node(*v).id));
    }
  }

  std::string edge_label(FlowVertex v, const EdgeProps& e) const {
    const Step& s = *cp_.step(v);
    size_t i = static_cast<size_t>(std::max(e.index, 0));
    switch (e.kind) {
      case EdgeKind::action: {
        const Action& a = s.actions[i];
        if (a.label.empty() && a.name == "complete") return "";  // the `next:` shorthand needs no words
        return (a.by_party ? "party: " : "") + or_id(a.label, a.name);
      }
      case EdgeKind::branch: {
        const Branch& b = s.branches[i];
        return b.label.empty() ? b.condition : b.label + "\n[" + b.condition + "]";
      }
      case EdgeKind::otherwise: return "otherwise";
      case EdgeKind::timeout: return "timeout: " + timeout_text(s);
      case EdgeKind::parallel:
      case EdgeKind::next: return "";
    }
    return "";
  }

  static std::string timeout_text(const Step& s) {
    if (s.timeout && !s.timeout->label.empty()) return s.timeout->label;
    if (s.limit) return describe_period(*s.limit) + " elapsed";
    return "limit elapsed";
  }

  std::string handoff_text(FlowVertex v, const EdgeProps& e, FlowVertex to) const {
    const Step& s = *cp_.step(v);
    if (e.kind == EdgeKind::action && !s.actions[static_cast<size_t>(e.index)].handoff.empty())
      return "hand-off: " + s.actions[static_cast<size_t>(e.index)].handoff;
    if (!cp_.department(to).empty()) return "hand-off to " + department_name(cp_.department(to));
    return "hand-off";
  }

  void write_edge(FlowVertex v, FlowEdge e, size_t position) {
    const EdgeProps& props = cp_.edge(e);
    FlowVertex to = cp_.target(e);
    std::string label = edge_label(v, props);
    std::string attrs;
    if (props.handoff) {
      label += (label.empty() ? "" : "\n") + handoff_text(v, props, to);
      attrs += ", style=dashed, color=\"#2e86c1\", fontcolor=\"#1b4f72\"";
    } else if (props.kind == EdgeKind::timeout) {
      attrs += ", style=dotted, color=\"#d35400\", fontcolor=\"#a04000\"";
    }
    if (overlay_) mark_edge(cp_.node(v).id, position, props, label, attrs);
    std::string head = label.empty() ? "" : fmt::format(" [label=\"{}\"{}]", dot_escape(label), attrs);
    if (label.empty() && !attrs.empty()) head = " [" + attrs.substr(2) + "]";
    out_ += fmt::format("  \"{}\" -> \"{}\"{};\n", dot_escape(cp_.node(v).id), dot_escape(cp_.node(to).id), head);
  }

  // The case's lines under a node's label.
  void add_mark_lines(const std::string& id, std::vector<std::string>& lines) const {
    if (!overlay_) return;
    auto it = overlay_->nodes.find(id);
    if (it != overlay_->nodes.end()) lines.insert(lines.end(), it->second.lines.begin(), it->second.lines.end());
  }

  // The case's attributes of a node (later attributes override the flowchart's own).
  std::string node_marks(const NodeProps& n) const {
    if (!overlay_) return "";
    auto it = overlay_->nodes.find(n.id);
    bool bar = n.kind == NodeKind::split || n.kind == NodeKind::join;
    if (it == overlay_->nodes.end() || !it->second.visited)
      return bar ? ", fillcolor=\"#bdc3c7\", color=\"#bdc3c7\", fontcolor=\"#95a5a6\""
                 : ", color=\"#bdc3c7\", fontcolor=\"#95a5a6\", fillcolor=\"#f8f9f9\"";
    const NodeMark& m = it->second;
    std::string style = n.kind == NodeKind::outcome ? "rounded,filled,bold" : "filled,bold";
    std::string a;
    if (bar) a = m.overdue ? ", fillcolor=\"#c0392b\"" : ", fillcolor=\"#1e8449\"";
    else if (m.current) a = fmt::format(", style=\"{}\", fillcolor=\"{}\"", style, m.overdue ? "#f5b7b1" : "#f9e79f");
    else if (n.kind == NodeKind::outcome) a = ", style=\"rounded,filled,bold\"";
    else a = ", style=bold";
    a += m.overdue ? ", color=\"#c0392b\", fontcolor=\"#922b21\", penwidth=3" : ", color=\"#1e8449\", penwidth=2.5";
    return a;
  }

  // The case's mark of the start arrow.
  std::string start_marks() const {
    if (!overlay_) return "";
    if (overlay_->start_order.empty()) return " [color=\"#bdc3c7\"]";
    return fmt::format(" [label=\"{}\", style=bold, color=\"#1e8449\", fontcolor=\"#1e8449\", penwidth=2.5]",
                       order_text(overlay_->start_order));
  }

  static std::string order_text(const std::vector<int>& order) {
    std::string s;
    for (int n : order) s += (s.empty() ? "(" : ", ") + std::to_string(n);
    return s + ")";
  }

  // Numbers a taken transition and colours it, or greys it out.
  void mark_edge(const std::string& from, size_t position, const EdgeProps& props, std::string& label,
                 std::string& attrs) const {
    auto it = overlay_->edges.find({from, position});
    if (it == overlay_->edges.end() || it->second.order.empty()) {
      attrs += ", color=\"#bdc3c7\", fontcolor=\"#95a5a6\"";
      return;
    }
    const EdgeMark& m = it->second;
    label = order_text(m.order) + (label.empty() ? "" : " " + label);
    const char* style = props.handoff ? "dashed,bold" : props.kind == EdgeKind::timeout ? "dotted,bold" : "bold";
    const char* colour = m.deferred ? "#7d3c98" : "#1e8449";
    attrs += fmt::format(", style=\"{}\", color=\"{}\", fontcolor=\"{}\", penwidth=2.5", style, colour, colour);
  }

  const CompiledProcess& cp_;
  const Process& p_;
  const FlowOverlay* overlay_;
  std::string out_;
};

}  // namespace

std::string describe_period(const Period& period) {
  std::string s = amount_text(period.amount) + " " + unit_words(period.unit, period.amount == 1.0);
  if (!period.article.empty()) s += " (" + period.article + ")";
  return s;
}

std::string to_dot(const CompiledProcess& process, const FlowOverlay* overlay) {
  return DotWriter(process, overlay).write();
}

}  // namespace sunlit
