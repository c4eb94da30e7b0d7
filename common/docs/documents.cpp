#include "common/docs/documents.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "common/db/pg_array.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): posix_spawn's environment

namespace common::docs {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kRoles = {"admin", "store_manager", "marketing",
                                                    "finance"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// ── pdftotext as a child process ─────────────────────────────────────────────────────────────

// A private temporary directory, removed with everything in it on every path.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "copilot-doc-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(503, "pdf_unavailable", "cannot make a temporary directory for the PDF");
    }
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// posix_spawn's file actions, destroyed on every path.
class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  SpawnActions(SpawnActions&&) = delete;
  SpawnActions& operator=(SpawnActions&&) = delete;
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

enum class Exit { kOk, kFailed, kTimedOut };

// Runs `argv` (no shell) with no input or output, waits at most `timeout`; a child still running
// then is killed. Throws Error 503 when it cannot be started.
Exit run_bounded(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  SpawnActions actions;
  posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(actions.get(), 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(actions.get(), 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));  // NOLINT
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], actions.get(), nullptr, args.data(), environ) != 0) {
    throw Error(503, "pdf_unavailable", "PDF conversion is not available on this server");
  }
  // A hostile PDF must not take the machine's memory: 1 GiB of address space at most.
  const rlimit memory{1024UL * 1024 * 1024, 1024UL * 1024 * 1024};
  prlimit(pid, RLIMIT_AS, &memory, nullptr);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return Exit::kFailed;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return Exit::kTimedOut;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // exit status 127: posix_spawn forked but could not exec the program.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw Error(503, "pdf_unavailable", "PDF conversion is not available on this server");
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? Exit::kOk : Exit::kFailed;
}

// ── chunking ────────────────────────────────────────────────────────────────────────────────

// A Markdown heading line ("## Returns"): its text, else nullopt.
std::optional<std::string> heading_of(std::string_view line) {
  size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level >= line.size() || line[level] != ' ') return std::nullopt;
  auto text = trim(line.substr(level));
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);
  // A heading is a label: at most 200 bytes of it are kept (and embedded with each chunk).
  return std::string(text::truncate_utf8(trim(text), 200));
}

// Cuts `text` into pieces of at most `max_bytes`, at a space when one is in the second half,
// else at a character boundary.
std::vector<std::string> split_long(std::string_view text, size_t max_bytes) {
  std::vector<std::string> out;
  while (text.size() > max_bytes) {
    auto piece = text::truncate_utf8(text, max_bytes);
    const auto space = piece.find_last_of(" \n");
    if (space != std::string_view::npos && space > max_bytes / 2) piece = piece.substr(0, space);
    if (piece.empty()) piece = text.substr(0, 1);  // cannot happen for valid UTF-8 and max >= 4
    out.emplace_back(trim(piece));
    text = trim(text.substr(piece.size()));
  }
  if (!text.empty()) out.emplace_back(text);
  return out;
}

// The last `overlap` bytes of `chunk`, from a word start and a character boundary.
std::string tail_of(std::string_view chunk, size_t overlap) {
  if (overlap == 0 || chunk.size() <= overlap) return "";
  size_t start = chunk.size() - overlap;
  const auto space = chunk.find_first_of(" \n", start);
  if (space == std::string_view::npos) return "";
  start = space + 1;
  // Past any continuation byte (a word start after a space is a character start anyway).
  while (start < chunk.size() && (static_cast<unsigned char>(chunk[start]) & 0xC0U) == 0x80U) {
    ++start;
  }
  return std::string(trim(chunk.substr(start)));
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kMarkdown:
      return "markdown";
    case Kind::kPdf:
      return "pdf";
    case Kind::kText:
      break;
  }
  return "text";
}

Kind kind_of_content_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  const std::string type = lower(trim(content_type.substr(0, semicolon)));
  if (semicolon != std::string_view::npos) {
    // Parameters: only a UTF-8 (or ASCII) charset is read.
    std::string params = lower(content_type.substr(semicolon + 1));
    params.erase(std::remove_if(params.begin(), params.end(),
                                [](char c) { return c == ' ' || c == '\t' || c == '"'; }),
                 params.end());
    if (!params.empty() && params != "charset=utf-8" && params != "charset=us-ascii") {
      throw Error(415, "unsupported_media_type", "documents are read as UTF-8 only");
    }
  }
  if (type == "text/markdown" || type == "text/x-markdown") return Kind::kMarkdown;
  if (type == "text/plain") return Kind::kText;
  if (type == "application/pdf") return Kind::kPdf;
  throw Error(415, "unsupported_media_type",
              "a document is text/markdown, text/plain or application/pdf");
}

std::string parse_title(std::string_view title) {
  const auto t = trim(title);
  if (t.empty()) throw Error::invalid_field("title", "title is missing: name the document");
  if (t.size() > kMaxTitleBytes) {
    throw Error::invalid_field("title", "title must be at most 200 bytes");
  }
  if (!text::valid_utf8(t)) throw Error::invalid_field("title", "title must be valid UTF-8");
  for (const char c : t) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      throw Error::invalid_field("title", "title must not contain control characters");
    }
  }
  return std::string(t);
}

std::vector<std::string> parse_roles(std::string_view roles) {
  std::set<std::string> out;
  size_t start = 0;
  while (start <= roles.size()) {
    auto end = roles.find(',', start);
    if (end == std::string_view::npos) end = roles.size();
    const std::string role(trim(roles.substr(start, end - start)));
    if (role.empty()) {
      if (end == roles.size() && !out.empty()) break;  // a trailing comma
      throw Error::invalid_field(
          "roles",
          "roles lists who may retrieve the document: admin, store_manager, marketing "
          "and/or finance, separated by commas");
    }
    if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end()) {
      throw Error::invalid_field(
          "roles", "unknown role \"" + text::sanitize_utf8(text::truncate_utf8(role, 40)) +
                       "\": roles are admin, store_manager, marketing, finance");
    }
    out.insert(role);
    start = end + 1;
  }
  return {out.begin(), out.end()};
}

Upload parse_upload(std::string_view content_type, std::string_view title, std::string_view roles) {
  Upload u;
  u.kind = kind_of_content_type(content_type);
  u.title = parse_title(title);
  u.roles = parse_roles(roles);
  return u;
}

std::string plain_text(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (!text::valid_utf8(body)) {
    throw Error::invalid_field("body", "the document is not valid UTF-8 text");
  }
  if (body.find('\0') != std::string_view::npos) {
    throw Error::invalid_field("body", "the document must not contain NUL characters");
  }
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      if (i + 1 < body.size() && body[i + 1] == '\n') continue;
      out.push_back('\n');
    } else {
      out.push_back(body[i]);
    }
  }
  if (trim(out).empty()) throw Error::invalid_field("body", "the document has no text");
  return out;
}

std::string pdf_text(std::string_view body, const PdfConverter& converter) {
  if (body.substr(0, 5) != "%PDF-") {
    throw Error::invalid_field("body", "the document is not a PDF (no %PDF- header)");
  }
  const TempDir dir;
  const auto in = dir.path() / "upload.pdf";
  const auto out = dir.path() / "upload.txt";
  {
    std::ofstream file(in, std::ios::binary);
    file.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!file) throw Error(503, "pdf_unavailable", "cannot write the PDF for conversion");
  }
  const auto exit =
      run_bounded({converter.program, "-q", "-enc", "UTF-8", "-nopgbrk", in.string(), out.string()},
                  converter.timeout);
  if (exit == Exit::kTimedOut) {
    throw Error::invalid_field("body", "the PDF took too long to read");
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(out, ec);
  if (exit != Exit::kOk || ec) {
    throw Error::invalid_field("body", "the PDF cannot be read (damaged or encrypted?)");
  }
  if (size > kMaxTextBytes) throw Error::invalid_field("body", "the PDF holds too much text");
  std::string extracted(size, '\0');
  std::ifstream file(out, std::ios::binary);
  file.read(extracted.data(), static_cast<std::streamsize>(size));
  if (!text::valid_utf8(extracted) || trim(extracted).empty()) {
    throw Error::invalid_field("body", "the PDF has no text to read (a scan?)");
  }
  extracted.erase(std::remove(extracted.begin(), extracted.end(), '\f'), extracted.end());
  return plain_text(extracted);
}

std::string text_of(Kind kind, std::string_view body, const PdfConverter& converter) {
  return kind == Kind::kPdf ? pdf_text(body, converter) : plain_text(body);
}

std::string Chunk::embedding_text() const {
  return heading.empty() ? content : heading + "\n" + content;
}

std::vector<Chunk> chunk_text(std::string_view text, Kind kind, size_t max_bytes, size_t overlap) {
  max_bytes = std::max<size_t>(max_bytes, 16);
  overlap = std::min(overlap, max_bytes / 2);
  std::vector<Chunk> out;
  std::string heading;
  std::vector<std::string> paragraphs;  // of the current section
  const auto flush_section = [&] {
    std::string current;
    std::string carried;  // the overlap at the start of `current`
    const auto emit = [&] {
      if (trim(current).empty() || current == carried) return;
      out.push_back({heading, current});
      carried = tail_of(current, overlap);
      current = carried;
    };
    for (const auto& paragraph : paragraphs) {
      for (const auto& piece : split_long(paragraph, max_bytes - overlap - 2)) {
        if (!current.empty() && current.size() + 2 + piece.size() > max_bytes) emit();
        if (!current.empty()) current += "\n\n";
        current += piece;
      }
    }
    emit();
    paragraphs.clear();
  };
  std::string paragraph;
  const auto end_paragraph = [&] {
    const auto p = trim(paragraph);
    if (!p.empty()) paragraphs.emplace_back(p);
    paragraph.clear();
  };
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    const auto heading_text = kind == Kind::kMarkdown ? heading_of(line) : std::nullopt;
    if (heading_text) {
      end_paragraph();
      flush_section();
      heading = *heading_text;
    } else if (trim(line).empty()) {
      end_paragraph();
    } else {
      if (!paragraph.empty()) paragraph.push_back('\n');
      paragraph.append(line);
    }
    start = end + 1;
  }
  end_paragraph();
  flush_section();
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return {hex.data(), digest.size() * 2};
}

std::string vector_text(const json& embedding, size_t dimensions) {
  if (!embedding.is_array() || embedding.size() != dimensions) {
    throw Error(502, "upstream_error", "the copilot returned an embedding of the wrong size");
  }
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << '[';
  bool first = true;
  for (const auto& x : embedding) {
    if (!x.is_number() || !std::isfinite(x.get<double>())) {
      throw Error(502, "upstream_error", "the copilot returned an embedding that is not numbers");
    }
    if (!first) out << ',';
    first = false;
    out << x.get<float>();
  }
  out << ']';
  return out.str();
}

// ── storage ─────────────────────────────────────────────────────────────────────────────────
namespace {

constexpr const char* kColumns =
    " d.document_id, d.title, d.version, d.kind, array_to_string(d.roles, ','), "
    "(SELECT count(*) FROM document_chunks c WHERE c.document_id = d.document_id), "
    "d.size_bytes, d.text_bytes, d.sha256, d.embedder, d.created_by, d.created_by_username, "
    "to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(d.retired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') ";

Document document_of(const pqxx::row& r) {
  Document d;
  d.id = r[0].as<long long>();
  d.title = r[1].as<std::string>();
  d.version = r[2].as<int>();
  d.kind = r[3].as<std::string>();
  const auto roles = r[4].as<std::string>();
  for (size_t start = 0; start < roles.size();) {
    auto end = roles.find(',', start);
    if (end == std::string::npos) end = roles.size();
    d.roles.push_back(roles.substr(start, end - start));
    start = end + 1;
  }
  d.chunks = r[5].as<long long>();
  d.size_bytes = r[6].as<long long>();
  d.text_bytes = r[7].as<long long>();
  d.sha256 = r[8].as<std::string>();
  d.embedder = r[9].as<std::string>();
  d.created_by = r[10].as<long long>();
  d.created_by_username = r[11].as<std::string>();
  d.created_at = r[12].as<std::string>();
  if (!r[13].is_null()) d.retired_at = r[13].as<std::string>();
  return d;
}

template <typename Work>
auto in_org(db::ConnectionPool& pool, db::OrgId org, Work&& work) {
  auto lease = pool.acquire();
  try {
    db::OrgTransaction tx(*lease, org);
    auto out = work(tx);
    tx.commit();
    return out;
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw Error(503, "upstream_unavailable", "the database is unavailable, try again");
  } catch (const pqxx::unique_violation&) {
    throw Error(409, "conflict", "another upload of this title came first: reload and retry");
  } catch (const pqxx::sql_error& e) {
    log::warn("documents_sql_error", {{"what", e.what()}});
    throw Error::internal("database error");
  }
}

}  // namespace

json Document::to_json() const {
  return {{"id", id},
          {"title", title},
          {"version", version},
          {"kind", kind},
          {"roles", roles},
          {"chunks", chunks},
          {"size_bytes", size_bytes},
          {"text_bytes", text_bytes},
          {"sha256", sha256},
          {"embedder", embedder},
          {"created_by", {{"user_id", created_by}, {"username", created_by_username}}},
          {"created_at", created_at},
          {"retired_at", retired_at ? json(*retired_at) : json(nullptr)}};
}

std::vector<Document> live(db::ConnectionPool& pool, db::OrgId org) {
  return in_org(pool, org, [](db::OrgTransaction& tx) {
    std::vector<Document> out;
    for (const auto& r : tx.exec(std::string("SELECT") + kColumns +
                                 "FROM documents d WHERE d.retired_at IS NULL "
                                 "ORDER BY lower(d.title), d.document_id")) {
      out.push_back(document_of(r));
    }
    return out;
  });
}

Added add(db::ConnectionPool& pool, db::OrgId org, const NewDocument& doc) {
  if (doc.vectors.size() != doc.chunks.size() || doc.chunks.empty()) {
    throw Error::internal("a document's chunks and embeddings do not match");
  }
  return in_org(pool, org, [&](db::OrgTransaction& tx) {
    Added out;
    const auto previous = tx.exec_params(std::string("SELECT") + kColumns +
                                             "FROM documents d WHERE d.title = $1 "
                                             "AND d.retired_at IS NULL FOR UPDATE",
                                         doc.upload.title);
    if (!previous.empty()) {
      out.replaced = document_of(previous[0]);
      tx.exec_params0(
          "UPDATE documents SET retired_at = now(), retired_by = $2 WHERE document_id = $1",
          out.replaced->id, doc.user_id);
      tx.exec_params0("UPDATE document_chunks SET retired = true WHERE document_id = $1",
                      out.replaced->id);
    }
    const auto id =
        tx.exec_params1(
              "INSERT INTO documents (title, version, kind, roles, size_bytes, text_bytes, "
              "sha256, embedder, created_by, created_by_username) "
              "SELECT $1, coalesce(max(version), 0) + 1, $2, $3::text[], $4, $5, $6, $7, $8, $9 "
              "FROM documents WHERE title = $1 RETURNING document_id",
              doc.upload.title, std::string(kind_name(doc.upload.kind)),
              common::db::text_array(doc.upload.roles), static_cast<long long>(doc.size_bytes),
              static_cast<long long>(doc.text_bytes), doc.sha256, doc.embedder, doc.user_id,
              doc.username)[0]
            .as<long long>();
    const std::string roles = common::db::text_array(doc.upload.roles);
    for (size_t i = 0; i < doc.chunks.size(); ++i) {
      tx.exec_params0(
          "INSERT INTO document_chunks (document_id, chunk_index, heading, content, roles, "
          "embedding) VALUES ($1, $2, $3, $4, $5::text[], $6::extensions.vector)",
          id, static_cast<long long>(i), doc.chunks[i].heading, doc.chunks[i].content, roles,
          doc.vectors[i]);
    }
    out.document = document_of(tx.exec_params1(
        std::string("SELECT") + kColumns + "FROM documents d WHERE d.document_id = $1", id));
    return out;
  });
}

std::optional<Document> retire(db::ConnectionPool& pool, db::OrgId org, long long id,
                               long long user_id) {
  return in_org(pool, org, [&](db::OrgTransaction& tx) -> std::optional<Document> {
    const auto found = tx.exec_params(
        "UPDATE documents SET retired_at = now(), retired_by = $2 "
        "WHERE document_id = $1 AND retired_at IS NULL RETURNING document_id",
        id, user_id);
    if (found.empty()) return std::nullopt;
    tx.exec_params0("UPDATE document_chunks SET retired = true WHERE document_id = $1", id);
    return document_of(tx.exec_params1(
        std::string("SELECT") + kColumns + "FROM documents d WHERE d.document_id = $1", id));
  });
}

}  // namespace common::docs
