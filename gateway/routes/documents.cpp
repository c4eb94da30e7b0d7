// Documents (issue 15, part 4): Markdown, plain text or PDF an organisation's admins add to what
// the copilot knows. An upload is the document itself as the body, its type as Content-Type
// (text/markdown, text/plain, application/pdf) and its title and roles as query parameters:
//
//   POST /api/documents?title=Returns%20policy&roles=store_manager,marketing
//
// The gateway checks it (common/docs/documents.hpp), turns a PDF into text with pdftotext, cuts
// the text into chunks and has the copilot embed them (POST /embed: the embedder lives with
// retrieval, the gateway never embeds) before storing document and chunks in one transaction.
// A title the organisation already has becomes a new version; DELETE retires the live version.
// Every call is audited (who, what, the outcome; refusals with their reason). Row-level security
// keeps each organisation's documents its own: the organisation is always the token's.
#include "common/docs/documents.hpp"
#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

constexpr size_t kEmbedBatchBytes =
    size_t{48} * 1024;               // of JSON per /embed call (the copilot reads 64 KB)
constexpr size_t kDimensions = 384;  // document_chunks.embedding is vector(384)

// What an upload said about itself, for the audit of a refusal (bounded, valid UTF-8).
json upload_facts(const httplib::Request& req) {
  const auto param = [&](const char* name) {
    return common::text::sanitize_utf8(
        common::text::truncate_utf8(req.get_param_value(name), common::docs::kMaxTitleBytes));
  };
  return {{"title", param("title")},
          {"roles", param("roles")},
          {"content_type", common::text::sanitize_utf8(common::text::truncate_utf8(
                               req.get_header_value("Content-Type"), 100))},
          {"size_bytes", req.body.size()}};
}

// The copilot's embeddings of the chunks, in order, as pgvector text: /embed in batches that fit
// its body limit.
std::vector<std::string> embed_chunks(Context& ctx, const std::vector<common::docs::Chunk>& chunks,
                                      const std::string& request_id, std::string& embedder) {
  std::vector<std::string> out;
  out.reserve(chunks.size());
  size_t next = 0;
  while (next < chunks.size()) {
    json texts = json::array();
    size_t bytes = 16;
    while (next < chunks.size() && texts.size() < 64) {
      json text = chunks[next].embedding_text();
      const size_t size = text.dump().size() + 1;
      if (!texts.empty() && bytes + size > kEmbedBatchBytes) break;
      bytes += size;
      texts.push_back(std::move(text));
      ++next;
    }
    const auto reply = ctx.copilot.post("/embed", {{"texts", texts}}, request_id);
    const auto body = json::parse(reply.body, nullptr, false);
    if (reply.status != 200 || !body.is_object() || !body.contains("embeddings") ||
        !body["embeddings"].is_array() || body["embeddings"].size() != texts.size()) {
      common::log::warn("embed_failed", {{"request_id", request_id}, {"status", reply.status}});
      throw Error(502, "upstream_error", "the copilot service could not embed the document");
    }
    embedder = body.value("embedder", "unknown");
    for (const auto& e : body["embeddings"]) {
      out.push_back(common::docs::vector_text(e, kDimensions));
    }
  }
  return out;
}

}  // namespace

void add_documents_routes(Router& router, Context& ctx) {
  router.get("/api/documents", "/api/documents",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 for_admin(
                     ctx, req, request_id, "documents", "documents",
                     [&](const auth::Principal& admin) {
                       json documents = json::array();
                       for (const auto& d : common::docs::live(ctx.pool, admin.org_id)) {
                         documents.push_back(d.to_json());
                       }
                       record_call(ctx, admin, request_id, 200, "documents_listed",
                                   "documents listed (" + std::to_string(documents.size()) + ")",
                                   "documents", {{"count", documents.size()}});
                       common::http::write_json(
                           res, 200,
                           {{"documents", std::move(documents)},
                            {"max_bytes", ctx.config.document_max_bytes},
                            {"kinds", {"text/markdown", "text/plain", "application/pdf"}},
                            {"roles", {"admin", "store_manager", "marketing", "finance"}}});
                     },
                     [](const httplib::Request& r) {
                       return r.method == "POST" ? upload_facts(r) : json::object();
                     });
               });
             });
  router.post(
      "/api/documents", "/api/documents",
      [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(req, res, [&](const std::string& request_id) {
          for_admin(
              ctx, req, request_id, "documents", "documents",
              [&](const auth::Principal& admin) {
                // The framing check refused a declared length over the limit before the body
                // was read; this holds for any other framing.
                if (req.body.size() > ctx.config.document_max_bytes) {
                  throw Error(413, "payload_too_large",
                              "a document must be at most " +
                                  std::to_string(ctx.config.document_max_bytes) + " bytes");
                }
                common::docs::NewDocument doc;
                doc.upload = common::docs::parse_upload(req.get_header_value("Content-Type"),
                                                        req.get_param_value("title"),
                                                        req.get_param_value("roles"));
                const auto text = common::docs::text_of(
                    doc.upload.kind, req.body,
                    {ctx.config.pdftotext_path, ctx.config.pdftotext_timeout});
                doc.chunks = common::docs::chunk_text(text, doc.upload.kind);
                if (doc.chunks.empty())
                  throw Error::invalid_field("body", "the document has no text");
                doc.size_bytes = req.body.size();
                doc.text_bytes = text.size();
                doc.sha256 = common::docs::sha256_hex(req.body);
                doc.vectors = embed_chunks(ctx, doc.chunks, request_id, doc.embedder);
                doc.user_id = admin.user_id;
                doc.username = admin.username;
                const auto added = common::docs::add(ctx.pool, admin.org_id, doc);
                const auto& d = added.document;
                record_call(ctx, admin, request_id, 201, "document_saved",
                            "document \"" + d.title + "\" version " + std::to_string(d.version) +
                                " added (" + std::to_string(d.chunks) + " chunks)",
                            "documents",
                            {{"before", added.replaced ? added.replaced->to_json() : json(nullptr)},
                             {"after", d.to_json()}});
                json body = d.to_json();
                body["replaced"] = added.replaced ? added.replaced->to_json() : json(nullptr);
                common::http::write_json(res, 201, body);
              },
              [](const httplib::Request& r) {
                return r.method == "POST" ? upload_facts(r) : json::object();
              });
        });
      });
  router.del(R"(/api/documents/([^/]+))", "/api/documents/:id",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 for_admin(
                     ctx, req, request_id, "documents", "documents",
                     [&](const auth::Principal& admin) {
                       const auto id = path_id(req);
                       const auto retired =
                           id ? common::docs::retire(ctx.pool, admin.org_id, *id, admin.user_id)
                              : std::nullopt;
                       if (!retired) throw Error::not_found("no such document");
                       record_call(ctx, admin, request_id, 200, "document_deleted",
                                   "document \"" + retired->title + "\" version " +
                                       std::to_string(retired->version) + " deleted",
                                   "documents",
                                   {{"before", nullptr}, {"after", retired->to_json()}});
                       common::http::write_json(res, 200, retired->to_json());
                     },
                     [](const httplib::Request& r) {
                       return r.method == "POST" ? upload_facts(r) : json::object();
                     });
               });
             });
}

}  // namespace gateway::routes
