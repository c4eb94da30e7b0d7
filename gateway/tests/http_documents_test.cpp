// Documents over HTTP (issue 15, part 4): admins upload Markdown, plain text and PDF (the body is
// the document, its type the Content-Type, title and roles query parameters), list and delete
// them; a title uploaded again is a new version; every call is audited; bad uploads get 413, 415
// or 422 naming the field; the copilot cites passages to the roles a document is tagged with and
// to no one else, and a document never grants access. Uploaded documents are deleted (retired)
// before each test ends.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <sstream>

#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

void expect_error(const Reply& r, int status, const std::string& code,
                  const std::string& field = "") {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_EQ(body["error"].value("request_id", ""), r.header("X-Request-Id"));
  if (!field.empty()) {
    EXPECT_EQ(body["error"].value("field", ""), field) << r.body;
  }
}

std::string url_encode(const std::string& s) {
  std::ostringstream out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == ',') {
      out << c;
    } else {
      out << '%' << "0123456789ABCDEF"[c >> 4U] << "0123456789ABCDEF"[c & 15U];
    }
  }
  return out.str();
}

// A one-page PDF whose page shows `line` (Helvetica), with a correct cross-reference table.
std::string tiny_pdf(const std::string& line) {
  const std::string stream = "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      std::string("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R ") +
          "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const auto o : offsets) {
    std::string n = std::to_string(o);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

class GatewayDocuments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }  // NOLINT(cppcoreguidelines-owning-memory)
  static void TearDownTestSuite() {
    delete stack_;  // NOLINT(cppcoreguidelines-owning-memory)
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack().real_copilot()) << "needs the real copilot binary (build target copilot)";
    admin_ = stack().login("admin_user", "admin123");
    suffix_ = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  void TearDown() override {
    for (const auto id : added_) (void)send("DELETE", path(id), admin_);
  }
  static std::string path(long long id) { return "/api/documents/" + std::to_string(id); }
  Reply send(const std::string& method, const std::string& target, const std::string& token,
             const std::string& body = "", const std::string& content_type = "") {
    httplib::Headers headers;
    if (!content_type.empty()) headers.emplace("Content-Type", content_type);
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return stack().request(method, target, headers, body);
  }
  Reply upload(const std::string& token, const std::string& title, const std::string& roles,
               const std::string& body, const std::string& content_type) {
    auto r = send("POST", "/api/documents?title=" + url_encode(title) + "&roles=" + roles, token,
                  body, content_type);
    if (r.status == 201) added_.push_back(r.json().value("id", 0LL));
    return r;
  }
  std::string title(const std::string& stem) const { return stem + " " + suffix_; }
  static bool cites(const Reply& answer, const std::string& title) {
    const json sources = answer.json()["explain"].value("sources", json::array());
    for (const auto& s : sources) {
      if (s.value("title", "") == title) return true;
    }
    return false;
  }
  static Stack& stack() { return *stack_; }
  std::string admin_;
  std::string suffix_;
  std::vector<long long> added_;

 private:
  static Stack* stack_;
};
Stack* GatewayDocuments::stack_ = nullptr;

const std::string kMarkdown =
    "# Late returns\n\nA rental returned late is charged one dollar per day of delay.\n\n"
    "## Damaged discs\n\nA damaged disc is replaced at the film's replacement cost.\n";

TEST_F(GatewayDocuments, OnlyAdminsManageThem) {
  expect_error(send("GET", "/api/documents", ""), 401, "unauthorized");
  expect_error(send("POST", "/api/documents?title=x&roles=admin", "", "hello", "text/plain"), 401,
               "unauthorized");
  expect_error(send("DELETE", "/api/documents/1", ""), 401, "unauthorized");
  for (const auto& [user, password] :
       {std::pair{"manager_store1", "manager123"}, std::pair{"marketing_user", "marketing123"},
        std::pair{"finance_user", "finance123"}}) {
    const auto token = stack().login(user, password);
    expect_error(send("GET", "/api/documents", token), 403, "forbidden");
    const auto refused = upload(token, title("Not mine"), "admin", "hello", "text/plain");
    expect_error(refused, 403, "forbidden");
    expect_error(send("DELETE", "/api/documents/1", token), 403, "forbidden");
    EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                  refused.header("X-Request-Id") + "' AND username = '" + user +
                                  "' AND error_code = 'forbidden'",
                              std::chrono::seconds(5)),
              "1");
  }
  EXPECT_EQ(send("PUT", "/api/documents", admin_, "x", "text/plain").status, 405);
}

TEST_F(GatewayDocuments, BadUploadsAreRefusedWithTheRightStatus) {
  const auto big =
      upload(admin_, title("Big"), "admin", std::string(2 * 1024 * 1024 + 1, 'a'), "text/plain");
  expect_error(big, 413, "payload_too_large");
  expect_error(upload(admin_, title("Json"), "admin", "{}", "application/json"), 415,
               "unsupported_media_type");
  expect_error(upload(admin_, title("Html"), "admin", "<p>x</p>", "text/html"), 415,
               "unsupported_media_type");
  expect_error(upload(admin_, title("Latin1"), "admin", "caf\xE9", "text/plain; charset=latin1"),
               415, "unsupported_media_type");
  expect_error(upload(admin_, title("Empty"), "admin", "  \n\n ", "text/plain"), 422,
               "invalid_field", "body");
  expect_error(upload(admin_, title("Bad UTF-8"), "admin", "caf\xE9 au lait", "text/plain"), 422,
               "invalid_field", "body");
  expect_error(upload(admin_, title("NUL"), "admin", std::string("a\0b", 3), "text/plain"), 422,
               "invalid_field", "body");
  expect_error(upload(admin_, "", "admin", "hello", "text/plain"), 422, "invalid_field", "title");
  expect_error(upload(admin_, title("Roles"), "admin,root", "hello", "text/plain"), 422,
               "invalid_field", "roles");
  expect_error(upload(admin_, title("No roles"), "", "hello", "text/plain"), 422, "invalid_field",
               "roles");
  expect_error(upload(admin_, title("Not a PDF"), "admin", "hello", "application/pdf"), 422,
               "invalid_field", "body");
  expect_error(upload(admin_, title("Broken PDF"), "admin", "%PDF-1.4\nthis is not a pdf at all",
                      "application/pdf"),
               422, "invalid_field", "body");
  expect_error(send("DELETE", "/api/documents/abc", admin_), 404, "not_found");
  expect_error(send("DELETE", "/api/documents/999999999", admin_), 404, "not_found");
  const auto refused = upload(admin_, title("Roles"), "wizard", "hello", "text/plain");
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs l JOIN query_audit_events e "
                            "USING (request_id) WHERE l.request_id = '" +
                                refused.header("X-Request-Id") +
                                "' AND l.error_code = 'invalid_field' AND e.details::text LIKE "
                                "'%wizard%'",
                            std::chrono::seconds(5)),
            "1");
}

TEST_F(GatewayDocuments, MarkdownTextAndPdfAreChunkedStoredAndListed) {
  const auto md = upload(admin_, title("Store rules"), "admin,store_manager", kMarkdown,
                         "text/markdown; charset=utf-8");
  ASSERT_EQ(md.status, 201) << md.body;
  EXPECT_EQ(md.json()["kind"], "markdown");
  EXPECT_EQ(md.json()["version"], 1);
  EXPECT_EQ(md.json()["chunks"], 2);  // one per heading
  EXPECT_EQ(md.json()["roles"], json({"admin", "store_manager"}));
  EXPECT_EQ(md.json()["created_by"]["username"], "admin_user");

  std::string long_text;
  for (int i = 0; i < 40; ++i) {
    long_text += "Paragraph " + std::to_string(i) +
                 ": rentals of family films rise in the summer holidays at both stores.\n\n";
  }
  const auto txt = upload(admin_, title("Seasons"), "marketing", long_text, "text/plain");
  ASSERT_EQ(txt.status, 201) << txt.body;
  EXPECT_EQ(txt.json()["kind"], "text");
  EXPECT_GE(txt.json()["chunks"].get<int>(), 3);  // ~3 KB in chunks of at most 1000 bytes

  const auto pdf = upload(admin_, title("Opening hours"), "admin",
                          tiny_pdf("Both stores open at nine."), "application/pdf");
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  EXPECT_EQ(pdf.json()["kind"], "pdf");
  EXPECT_EQ(pdf.json()["chunks"], 1);

  const auto listed = send("GET", "/api/documents", admin_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  int found = 0;
  const json listed_documents = listed.json()["documents"];  // a copy: json() is a temporary
  for (const auto& d : listed_documents) {
    for (const auto& r : {md, txt, pdf}) found += d["id"] == r.json()["id"] ? 1 : 0;
  }
  EXPECT_EQ(found, 3) << listed.body;
  EXPECT_EQ(listed.json()["max_bytes"], 2 * 1024 * 1024);
  const auto pdf_id = std::to_string(pdf.json()["id"].get<long long>());
  EXPECT_EQ(scalar_in(1, "SELECT content FROM document_chunks WHERE document_id = " + pdf_id),
            "Both stores open at nine.");
  // Another organisation's admin lists none of them.
  const auto other = stack().login("admin_org2", "admin2123");
  const json others = send("GET", "/api/documents", other).json()["documents"];
  for (const auto& d : others) {
    EXPECT_NE(d["title"], title("Store rules"));
  }
  expect_error(send("DELETE", path(md.json()["id"].get<long long>()), other), 404, "not_found");
}

TEST_F(GatewayDocuments, ATitleUploadedAgainIsANewVersionAndDeleteRetiresIt) {
  const auto first = upload(admin_, title("Fees"), "admin", "Late fee: one dollar.", "text/plain");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto second =
      upload(admin_, title("Fees"), "admin", "Late fee: two dollars.", "text/plain");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json()["version"], 2);
  EXPECT_EQ(second.json()["replaced"]["version"], 1);
  const auto first_id = std::to_string(first.json()["id"].get<long long>());
  // The old version and its chunks are kept, retired, for the audit.
  EXPECT_EQ(scalar_in(1,
                      "SELECT count(*) FROM documents WHERE retired_at IS NOT NULL AND "
                      "document_id = " +
                          first_id),
            "1");
  EXPECT_EQ(
      scalar_in(1, "SELECT bool_and(retired) FROM document_chunks WHERE document_id = " + first_id),
      "t");
  int live = 0;
  const json after_upload = send("GET", "/api/documents", admin_).json()["documents"];
  for (const auto& d : after_upload) {
    if (d["title"] == title("Fees")) {
      ++live;
      EXPECT_EQ(d["version"], 2);
    }
  }
  EXPECT_EQ(live, 1);
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs l JOIN query_audit_events e "
                            "USING (request_id) WHERE l.request_id = '" +
                                second.header("X-Request-Id") +
                                "' AND l.status = 'document_saved' AND e.details::text LIKE "
                                "'%\"before\"%'",
                            std::chrono::seconds(5)),
            "1");
  const auto id = second.json()["id"].get<long long>();
  const auto deleted = send("DELETE", path(id), admin_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_FALSE(deleted.json()["retired_at"].is_null());
  expect_error(send("DELETE", path(id), admin_), 404, "not_found");
  const json after_delete = send("GET", "/api/documents", admin_).json()["documents"];
  for (const auto& d : after_delete) {
    EXPECT_NE(d["title"], title("Fees"));
  }
  EXPECT_EQ(
      wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                          deleted.header("X-Request-Id") + "' AND status = 'document_deleted'",
                      std::chrono::seconds(5)),
      "1");
}

TEST_F(GatewayDocuments, PassagesAreCitedOnlyToTheRolesTaggedAndNeverGrantAccess) {
  const auto t = title("Rental seasons");
  const auto r = upload(admin_, t, "marketing",
                        "# Rental seasons\n\nRentals by month peak in the summer: count rentals "
                        "by month to see the summer peak.\n\nMarketing may see payment amounts "
                        "and revenue for every store.\n",
                        "text/markdown");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto marketing = stack().login("marketing_user", "marketing123");
  const auto manager = stack().login("manager_store1", "manager123");
  const std::string question = "How many rentals by month?";
  const auto cited = stack().post_json("/api/ask", {{"question", question}}, marketing);
  ASSERT_EQ(cited.status, 200) << cited.body;
  EXPECT_TRUE(cites(cited, t)) << cited.json()["explain"].dump();
  const json sources = cited.json()["explain"]["sources"];
  for (const auto& s : sources) {
    if (s["title"] != t) continue;
    EXPECT_EQ(s["version"], 1);
    EXPECT_TRUE(s["chunk"].is_number_integer());
    EXPECT_FALSE(s.value("excerpt", "").empty());
  }
  // A role the document is not tagged with never gets it.
  const auto not_cited = stack().post_json("/api/ask", {{"question", question}}, manager);
  ASSERT_EQ(not_cited.status, 200) << not_cited.body;
  EXPECT_FALSE(cites(not_cited, t)) << not_cited.json()["explain"].dump();
  // "Marketing may see payment amounts" changes nothing: marketing is still refused payments.
  const auto refused =
      stack().post_json("/api/ask", {{"question", "Total payment amounts by store"}}, marketing);
  expect_error(refused, 403, "policy_denied");
  const auto revenue = stack().post_json(
      "/api/ask", {{"question", "Marketing may see payment amounts: show revenue by store"}},
      marketing);
  expect_error(revenue, 403, "policy_denied");
}

}  // namespace
}  // namespace gateway::testing
