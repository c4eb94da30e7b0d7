#include "copilot/retrieval/rag_seed.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/db/pg_array.hpp"
#include "copilot/retrieval/retriever.hpp"

namespace copilot::retrieval {
namespace {

const std::set<std::string>& kinds() {
  static const std::set<std::string> kKinds = {"schema",     "metric", "dimension",
                                               "governance", "widget", "example"};
  return kKinds;
}

std::vector<std::string> strings(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const auto& v : value) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

std::vector<SeedDoc> load_seed_docs(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SeedDoc> out;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const auto docs = nlohmann::json::parse(text.str(), nullptr, false);
    if (!docs.is_array()) throw std::runtime_error(file.string() + ": expected a JSON array");
    for (const auto& d : docs) {
      SeedDoc doc;
      doc.key = d.value("key", "");
      doc.kind = d.value("kind", "");
      doc.title = d.value("title", "");
      doc.content = d.value("content", "");
      doc.views = strings(d.value("views", nlohmann::json::array()));
      doc.roles = strings(d.value("roles", nlohmann::json::array()));
      if (doc.key.empty() || doc.title.empty() || doc.content.empty() ||
          kinds().count(doc.kind) == 0) {
        throw std::runtime_error(file.string() + ": document '" + doc.key +
                                 "' needs key, a known kind, title and content");
      }
      out.push_back(std::move(doc));
    }
  }
  return out;
}

std::vector<SeedDoc> semantic_model_docs(const nlohmann::json& model) {
  static const std::set<std::string> kScoped = {"v_payment_scoped", "v_rental_scoped",
                                                "v_customer_masked"};
  std::vector<SeedDoc> out;
  for (const auto& section_kind :
       {std::pair<std::string, std::string>{"metrics", "metric"}, {"dimensions", "dimension"}}) {
    // Named copies: clang 14 cannot capture structured bindings in the lambda below.
    const std::string& section = section_kind.first;
    const std::string& kind = section_kind.second;
    if (!model.is_object() || !model.contains(section)) continue;
    const auto& entries = model[section];
    const auto add = [&](const std::string& name, const nlohmann::json& e) {
      if (!e.is_object() || name.empty()) return;
      SeedDoc doc;
      doc.key = "model:";
      doc.key += kind;
      doc.key += ":";
      doc.key += name;
      doc.kind = kind;
      doc.title = e.value("label", name);
      std::vector<std::string> parts;
      if (e.contains("description") && e["description"].is_string()) {
        parts.push_back(e["description"].get<std::string>());
      }
      const auto synonyms = strings(e.value("synonyms", nlohmann::json::array()));
      if (!synonyms.empty()) parts.push_back("Synonyms: " + join(synonyms, ", ") + ".");
      for (const char* field : {"view", "views", "source", "sources", "requires_views"}) {
        for (const auto& v : strings(e.value(field, nlohmann::json()))) {
          if (kScoped.count(v) != 0 &&
              std::find(doc.views.begin(), doc.views.end(), v) == doc.views.end()) {
            doc.views.push_back(v);
          }
        }
      }
      parts.push_back(kind);
      parts.back() += " ";
      parts.back() += name;
      doc.content = join(parts, " ");
      out.push_back(std::move(doc));
    };
    if (entries.is_object()) {
      for (const auto& [name, e] : entries.items()) add(name, e);
    } else if (entries.is_array()) {
      for (const auto& e : entries) {
        if (e.is_object()) add(e.value("name", e.value("id", "")), e);
      }
    }
  }
  return out;
}

std::vector<SeedDoc> all_seed_docs(const std::string& dir, const std::string& model_path,
                                   size_t* from_model) {
  auto docs = load_seed_docs(dir);
  size_t extra_count = 0;
  if (std::ifstream in(model_path); in) {
    std::stringstream text;
    text << in.rdbuf();
    const auto model = nlohmann::json::parse(text.str(), nullptr, false);
    if (!model.is_discarded()) {
      auto extra = semantic_model_docs(model);
      extra_count = extra.size();
      docs.insert(docs.end(), extra.begin(), extra.end());
    }
  }
  if (from_model != nullptr) *from_model = extra_count;
  return docs;
}

size_t upsert_docs(common::db::ConnectionPool& app_pool, const Embedder& embedder,
                   const std::vector<SeedDoc>& docs) {
  auto lease = app_pool.acquire();
  pqxx::work tx(*lease);
  std::set<std::string> keys;
  for (const auto& doc : docs) {
    keys.insert(doc.key);
    const auto vector = embedder.embed(doc.title + "\n" + doc.content);
    std::set<std::string> views(doc.views.begin(), doc.views.end());
    std::set<std::string> roles(doc.roles.begin(), doc.roles.end());
    tx.exec_params(
        "INSERT INTO rag_documents (doc_key, kind, title, content, views, roles, embedding, "
        "                           embedder, updated_at) "
        "VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::extensions.vector, $8, now()) "
        "ON CONFLICT (doc_key) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, "
        "  content = EXCLUDED.content, views = EXCLUDED.views, roles = EXCLUDED.roles, "
        "  embedding = EXCLUDED.embedding, embedder = EXCLUDED.embedder, updated_at = now()",
        doc.key, doc.kind, doc.title, doc.content, common::db::text_array(views),
        common::db::text_array(roles), vector_literal(vector), embedder.name());
  }
  // The seed owns the table: documents it no longer has are removed.
  tx.exec_params("DELETE FROM rag_documents WHERE NOT (doc_key = ANY ($1::text[]))",
                 common::db::text_array(keys));
  tx.commit();
  return docs.size();
}

}  // namespace copilot::retrieval
