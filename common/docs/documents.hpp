// common/docs/documents.hpp — documents an organisation's admins add to what the copilot knows
// (issue 15, part 4): an upload checked and turned into text, cut into chunks, and the versioned
// tables that keep them (documents, document_chunks: db/migrations/20261209000100_documents.sql),
// per organisation under row-level security.
//
// In:  an upload's body, its Content-Type and its title and roles (POST /api/documents).
// Out: the document's text in chunks (by headings and paragraphs, bounded, overlapping), stored
//      with the embeddings the copilot made for them.
// Refuses (common::Error): 415 for a type other than Markdown, plain text or PDF; 422 naming the
//      field for an empty title, a role outside admin|store_manager|marketing|finance, an empty
//      or invalid-UTF-8 text, or a PDF pdftotext cannot read.
// A document only ever informs retrieval (and so planning and narration): nothing here grants a
// role anything.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace common::docs {

inline constexpr size_t kDefaultMaxUploadBytes = size_t{2} * 1024 * 1024;  // DOCUMENT_MAX_BYTES
inline constexpr size_t kMaxTitleBytes = 200;
inline constexpr size_t kChunkBytes = 1000;   // at most, per chunk
inline constexpr size_t kOverlapBytes = 150;  // of the previous chunk repeated at a chunk's start
inline constexpr size_t kMaxTextBytes = size_t{8} * 1024 * 1024;  // a PDF's text, at most

enum class Kind { kMarkdown, kText, kPdf };
std::string_view kind_name(Kind kind);

// The kind of a Content-Type (text/markdown, text/plain, application/pdf; a charset parameter
// other than utf-8 refused): Error 415 unsupported_media_type otherwise.
Kind kind_of_content_type(std::string_view content_type);

// A title (trimmed, 1–200 bytes of valid UTF-8 without control characters): Error 422 `title`.
std::string parse_title(std::string_view title);
// Roles as a comma-separated list ("marketing,finance"), each one of the four roles, at least
// one, sorted and unique: Error 422 `roles`.
std::vector<std::string> parse_roles(std::string_view roles);

struct Upload {
  std::string title;
  std::vector<std::string> roles;
  Kind kind = Kind::kText;
};
// All three checks, type first (415 before 422).
Upload parse_upload(std::string_view content_type, std::string_view title, std::string_view roles);

// The text of a Markdown or plain-text body: valid UTF-8 (common/text/utf8.hpp), no NUL, not only
// white space, a leading byte-order mark dropped, CRLF read as LF. Error 422 `body` otherwise.
std::string plain_text(std::string_view body);

// pdftotext (poppler-utils) as a child process on a temporary file: no shell, its own timeout.
struct PdfConverter {
  std::string program = "/usr/bin/pdftotext";
  std::chrono::milliseconds timeout{10000};
};
// The text of a PDF body: Error 422 `body` when it is not a PDF or pdftotext cannot read it (or
// finds no text), 503 pdf_unavailable when pdftotext cannot be run at all.
std::string pdf_text(std::string_view body, const PdfConverter& converter);

// The upload's text, by kind.
std::string text_of(Kind kind, std::string_view body, const PdfConverter& converter);

struct Chunk {
  std::string heading;  // the nearest Markdown heading above it ("" for none)
  std::string content;  // at most kChunkBytes (plus nothing: the overlap is counted in)
  // What is embedded: the heading, then the content.
  [[nodiscard]] std::string embedding_text() const;
};
// Cuts a text into chunks: a new section at every Markdown heading, paragraphs (blank lines)
// gathered up to `max_bytes`, a paragraph longer than that cut at word ends (or, in a word longer
// than that, at a character boundary); each chunk after the first in a section starts with the
// last `overlap` bytes of the one before it (from a word start). Always valid UTF-8 in, out.
std::vector<Chunk> chunk_text(std::string_view text, Kind kind, size_t max_bytes = kChunkBytes,
                              size_t overlap = kOverlapBytes);

// Lowercase hex SHA-256 of `bytes` (libsodium).
std::string sha256_hex(std::string_view bytes);

// pgvector's text form of an embedding the copilot returned ([x,y,...]): Error 502
// upstream_error unless it is an array of `dimensions` finite numbers.
std::string vector_text(const nlohmann::json& embedding, size_t dimensions);

// ── storage ─────────────────────────────────────────────────────────────────────────────────
struct Document {
  long long id = 0;
  std::string title;
  int version = 0;
  std::string kind;
  std::vector<std::string> roles;
  long long chunks = 0;
  long long size_bytes = 0;
  long long text_bytes = 0;
  std::string sha256;
  std::string embedder;
  long long created_by = 0;
  std::string created_by_username;
  std::string created_at;
  std::optional<std::string> retired_at;
  [[nodiscard]] nlohmann::json to_json() const;
};

struct NewDocument {
  Upload upload;
  size_t size_bytes = 0;
  size_t text_bytes = 0;
  std::string sha256;
  std::string embedder;
  std::vector<Chunk> chunks;
  std::vector<std::string> vectors;  // vector_text() of each chunk's embedding, in order
  long long user_id = 0;
  std::string username;
};

// The live version of every document, by title.
std::vector<Document> live(db::ConnectionPool& pool, db::OrgId org);
struct Added {
  Document document;
  std::optional<Document> replaced;  // the version it retired (same title), if any
};
// Stores a document and its chunks in one transaction; a title the organisation has already
// makes version n+1 and retires version n (and its chunks). Two uploads of one title at once:
// Error 409 conflict for the second.
Added add(db::ConnectionPool& pool, db::OrgId org, const NewDocument& doc);
// Retires the live document `id` (its chunks are no longer retrieved; both stay for the audit).
// nullopt when the organisation has no such live document.
std::optional<Document> retire(db::ConnectionPool& pool, db::OrgId org, long long id,
                               long long user_id);

}  // namespace common::docs
